"""Measured flux-averaged inelastic cross sections at stopped-pion sources, and the package's
allowed-approximation predictions for the same decay-at-rest spectra.

The measurements are every row of Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Table
III, with the original
reference of each (``data/inelastic_measurements.csv``). Predictions average σ(E) over the
decay-at-rest spectra of Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) Eqs. 4-6: the 29.8
MeV π⁺ line (ν_μ)
and the Michel spectra
of μ⁺ decay (ν_e, ν̄_μ).
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

import numpy as np

from ...sources.spectra import michel_nue, michel_numubar, pion_dar_numu
from .allowed import AllowedCrossSection

__all__ = ["Comparison", "Measurement", "comparison_table", "measurements", "DAR_SPECTRA"]

UNIT_CM2 = 1e-42
"""The table's unit, 10⁻⁴² cm²."""

DAR_SPECTRA = {"nue": michel_nue, "numu": pion_dar_numu, "numubar": michel_numubar}
"""Decay-at-rest spectra by flavor (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eqs.
4-6)."""


@dataclass(frozen=True)
class Measurement:
    """One measured flux-averaged cross section (values in cm²; ``None`` where not given)."""

    reaction: str
    experiment: str
    value_cm2: float | None
    stat_cm2: float | None
    syst_cm2: float | None
    total_up_cm2: float | None
    total_down_cm2: float | None
    flux: str
    model: str
    reference: str
    note: str

    @property
    def uncertainty_cm2(self) -> float | None:
        """Total 1σ uncertainty: stat and syst in quadrature, or the larger total error."""
        if self.stat_cm2 is not None:
            return float(np.hypot(self.stat_cm2, self.syst_cm2 or 0.0))
        if self.total_up_cm2 is not None:
            return max(self.total_up_cm2, self.total_down_cm2 or 0.0)
        return None


def _number(text: str) -> float | None:
    return float(text) * UNIT_CM2 if text.strip() else None


@cache
def measurements() -> tuple[Measurement, ...]:
    """All rows of the packaged measurement table."""
    text = resources.files("cevns").joinpath("data/inelastic_measurements.csv").read_text()
    rows = csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#"))
    return tuple(
        Measurement(
            reaction=r["reaction"],
            experiment=r["experiment"],
            value_cm2=_number(r["value"]),
            stat_cm2=_number(r["stat"]),
            syst_cm2=_number(r["syst"]),
            total_up_cm2=_number(r["total_up"]),
            total_down_cm2=_number(r["total_down"]),
            flux=r["flux"],
            model=r["model"],
            reference=r["reference"],
            note=r["note"],
        )
        for r in rows
    )


@dataclass(frozen=True)
class Comparison:
    """A measured value next to the prediction (cm²) and their ratio measured/predicted."""

    reaction: str
    experiment: str
    measured_cm2: float | None
    measured_uncertainty_cm2: float | None
    predicted_cm2: float | None
    ratio: float | None
    flux: str
    model: str
    sources: list
    note: str

    def to_dict(self) -> dict:
        return asdict(self)


def predicted(model: str, flux: str, coulomb: str = "auto") -> float:
    """Flux-averaged allowed cross section (cm²) of a packaged reaction for a DAR ``flux``
    ("nue", "numu", "numubar" or a '+'-joined sum of them)."""
    xs = AllowedCrossSection(model, coulomb=coulomb)
    return float(sum(xs.flux_average(DAR_SPECTRA[f]()) for f in flux.split("+")))


def comparison_table(coulomb: str = "auto") -> list[Comparison]:
    """Every measured row with the package's prediction (None where no packaged reaction
    describes it; ``note`` says why)."""
    out = []
    for m in measurements():
        pred = predicted(m.model, m.flux, coulomb) if m.model else None
        ratio = m.value_cm2 / pred if (pred and m.value_cm2 is not None) else None
        model_source = []
        if m.model:
            xs = AllowedCrossSection(m.model)
            model_source = [
                f"prediction: cevns allowed approximation, reaction {m.model}",
                *xs.reaction.references.values(),
            ]
        out.append(
            Comparison(
                reaction=m.reaction,
                experiment=m.experiment,
                measured_cm2=m.value_cm2,
                measured_uncertainty_cm2=m.uncertainty_cm2,
                predicted_cm2=pred,
                ratio=ratio,
                flux=m.flux,
                model=m.model,
                sources=[
                    f"measurement: {m.reference}",
                    "compilation: Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) "
                    "Table III, after Formaggio & Zeller, Rev. Mod. Phys. 84, 1307 (2012)",
                    *model_source,
                ],
                note=m.note,
            )
        )
    return out
