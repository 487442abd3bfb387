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
    rpa_cm2: float | None = None
    rpa_quenched_cm2: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def predicted(model: str, flux: str, coulomb: str = "auto") -> float:
    """Flux-averaged allowed cross section (cm²) of a packaged reaction for a DAR ``flux``
    ("nue", "numu", "numubar" or a '+'-joined sum of them)."""
    xs = AllowedCrossSection(model, coulomb=coulomb)
    return float(sum(xs.flux_average(DAR_SPECTRA[f]()) for f in flux.split("+")))


RPA_ROWS = {
    "12C(nue,e-)12N g.s.": ("12C", (-np.inf, 0.6003)),
    "12C(nue,e-)12N*": ("12C", (0.6003, np.inf)),
    "56Fe(nue,e-)56Co": ("56Fe", None),
    "127I(nue,e-)127Xe": ("127I", (-np.inf, 7.2458)),
    "127I(nue,e-)X": ("127I", None),
}
"""Rows the Skyrme RPA predicts: the target and, for a partial cross section, the excitation
energies of the final nucleus (MeV) it keeps: 12N is bound below its proton separation energy
S_p = 0.6003 MeV (AME2020, M. Wang et al., Chin. Phys. C 45, 030003 (2021)), so its ground
state is the only bound level; the radiochemical 127I measurement counts the 127Xe states below
its neutron separation energy S_n = 7.2458 MeV (AME2020). The excitation energy is E_x = ω - ΔM,
ΔM the difference of the nuclear masses (atomic masses less one electron)."""

RPA_GT_QUENCHING = 0.64
"""Gamow-Teller quenching of the quenched RPA column: the allowed (0⁺, 1⁺) axial strength
× 0.8², the shell-model value for sd- and pf-shell nuclei (Caurier et al., Rev. Mod. Phys. 77,
427 (2005)); forbidden multipoles keep the free g_A."""


NC_RPA_ROWS = {
    "12C(numu,numu')12C*(15.11)": ("12C", 15.11, "numu"),
    "12C(nu,nu')12C*(15.11)": ("12C", 15.11, "nue+numubar"),
}
"""Neutral-current rows of one level: the target, the level's energy (MeV; 12C 1⁺, T = 1,
TUNL A = 12 evaluation) at which the model's strongest Gamow-Teller state is put, and the
decay-at-rest fluxes (summed)."""


def _nc_level(row: str, gt_quenching: float) -> float:
    """DAR-averaged NC cross section (cm²) to one level: the bins within 0.5 MeV of the
    model's strongest allowed axial state, shifted onto the level."""
    from .multipole import MultipoleCrossSection

    target, level, fluxes = NC_RPA_ROWS[row]
    base = MultipoleCrossSection(target, "numu", channel="nc", gt_quenching=gt_quenching)
    r = base.response
    axial = (r.products["Sigma_p*Sigma_p"][0] + r.products["Sigma_pp*Sigma_pp"][0])[:, 0]
    shift = level - r.omega_MeV[int(np.argmax(axial))]
    total = 0.0
    for flavor in fluxes.split("+"):
        xs = MultipoleCrossSection(
            target, flavor, channel="nc", gt_quenching=gt_quenching, shift_MeV=shift,
            omega_range=(level - 0.5, level + 0.5), response=r,
        )  # fmt: skip
        total += xs.flux_average(DAR_SPECTRA[flavor]())
    return total


def rpa_predicted(row: str, gt_quenching: float = 1.0) -> float | None:
    """Michel-averaged ν_e CC cross section (cm²) of a table row from the Skyrme HF + RPA
    multipole model (:class:`~.multipole.MultipoleCrossSection`); None for rows it does not
    describe (see :data:`RPA_ROWS`)."""
    from ...constants import ATOMIC_MASS_UNIT_MEV, ELECTRON_MASS
    from ...nuclei import ELEMENT_SYMBOLS, nuclide
    from .multipole import MultipoleCrossSection
    from .reactions import known_atomic_mass

    if row in NC_RPA_ROWS:
        return _nc_level(row, gt_quenching)
    if row not in RPA_ROWS:
        return None
    target, window = RPA_ROWS[row]
    omega_range = None
    if window is not None:
        Z, N = nuclide(target)
        product = f"{Z + N}{ELEMENT_SYMBOLS[Z]}"
        delta_m = (known_atomic_mass(product) - known_atomic_mass(target)) * ATOMIC_MASS_UNIT_MEV
        omega_range = tuple(x + delta_m - ELECTRON_MASS for x in window)
    xs = MultipoleCrossSection(target, "nue", gt_quenching=gt_quenching, omega_range=omega_range)
    return xs.flux_average(DAR_SPECTRA["nue"]())


def comparison_table(coulomb: str = "auto", rpa: bool = False) -> list[Comparison]:
    """Every measured row with the package's prediction (None where no packaged reaction
    describes it; ``note`` says why); with ``rpa``, also the Skyrme HF + RPA multipole
    prediction with the free g_A and with :data:`RPA_GT_QUENCHING` (minutes the first time, for
    the heavy targets; cached on disk)."""
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
                rpa_cm2=rpa_predicted(m.reaction) if rpa else None,
                rpa_quenched_cm2=rpa_predicted(m.reaction, RPA_GT_QUENCHING) if rpa else None,
            )
        )
    return out
