"""Nuclear-structure uncertainty of CEvNS predictions.

* :func:`model_differences`: relative differences of phenomenological form factors from a
  Hartree-Fock reference, for the weak form factor and for σ(E) (Pandey, Prog. Part. Nucl. Phys.
  2024, arXiv:2309.07840, Eqs. 31-32, Figs. 4
  and 5). Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840) takes HF with the SkE2
  interaction as the
  reference; its parameters are not
  available to this package (see the README), so the reference here is a stated Skyrme set,
  SLy4 by default.
* :func:`skyrme_band`: a theory band on any event count or spectrum from the spread of Skyrme
  HF form factors (all six packaged sets by default).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..constants import HBARC_MEV_FM
from ..nuclear.formfactors import HARTREE_FOCK_SETS, form_factor_model
from ..xsec import coherent_cross_section
from .exposure import Exposure

__all__ = [
    "COMPARED_MODELS",
    "SKYRME_FORM_FACTORS",
    "ModelDifferences",
    "model_differences",
    "model_weak_form_factor",
    "TheoryBand",
    "skyrme_band",
]

COMPARED_MODELS = (
    "helm",
    "klein-nystrand",
    "adapted-klein-nystrand",
    "symmetrized-fermi",
    "charge-density",
)
"""The phenomenological form factors of Pandey (Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840)
Figs. 4-5, plus the
measured charge density."""
SKYRME_FORM_FACTORS = tuple(HARTREE_FOCK_SETS)
"""Skyrme HF form factors whose spread makes the theory band: all packaged sets (SLy4, SkM*,
SLy5, SIII, SGII, SkI3)."""


def model_weak_form_factor(target, form_factor, q_MeV) -> np.ndarray:
    """F_W(q) = Q_W F_W(q) / Q_W (Standard Model, ν_μ) of ``target`` with ``form_factor``."""
    xs = coherent_cross_section(target, form_factor)
    return xs.weak_charge_form_factor(q_MeV) / xs.weak_charge_form_factor(0.0)


@dataclass(frozen=True)
class ModelDifferences:
    """|X_i - X_ref| / X_ref for the weak form factor (vs q) and σ (vs E) of each model."""

    target: str
    reference: str
    q_fm: np.ndarray
    energy_MeV: np.ndarray
    form_factor: dict[str, np.ndarray]
    cross_section: dict[str, np.ndarray]

    def largest(self) -> dict[str, dict[str, float]]:
        """Per model, the largest relative differences of F_W and σ over the ranges."""
        return {
            name: {
                "form_factor": float(np.max(self.form_factor[name])),
                "cross_section": float(np.max(self.cross_section[name])),
            }
            for name in self.form_factor
        }

    def to_dict(self) -> dict:
        return {
            "target": self.target,
            "reference": self.reference,
            "q_fm": self.q_fm,
            "energy_MeV": self.energy_MeV,
            "form_factor": self.form_factor,
            "cross_section": self.cross_section,
            "largest": self.largest(),
        }


def model_differences(
    target="40Ar",
    models=COMPARED_MODELS,
    reference: str = "hf-sly4",
    q_fm=None,
    energy_MeV=None,
) -> ModelDifferences:
    """ΔF(q) = |F_W,i - F_W,ref| / F_W,ref and Δσ(E) = |σ_i - σ_ref| / σ_ref (Pandey, Prog. Part.
    Nucl. Phys. 2024, arXiv:2309.07840, Eqs.
    31-32), by default for q = 0-0.5 fm⁻¹ and E = 5-55 MeV (ν_μ, Standard Model)."""
    q_fm = np.linspace(0.0, 0.5, 101) if q_fm is None else np.asarray(q_fm, dtype=float)
    energy = np.linspace(5.0, 55.0, 101) if energy_MeV is None else np.asarray(energy_MeV, float)
    q = q_fm * HBARC_MEV_FM
    f_ref = model_weak_form_factor(target, reference, q)
    s_ref = coherent_cross_section(target, reference).total(energy)
    df, ds = {}, {}
    for name in models:
        df[name] = np.abs(model_weak_form_factor(target, name, q) - f_ref) / f_ref
        ds[name] = np.abs(coherent_cross_section(target, name).total(energy) - s_ref) / s_ref
    return ModelDifferences(str(target), reference, q_fm, energy, df, ds)


@dataclass(frozen=True)
class TheoryBand:
    """A quantity computed with each of several form factors: ``values[i]`` belongs to
    ``labels[i]``; the first is the central value, the band runs from the lowest to the
    highest."""

    labels: tuple[str, ...]
    values: np.ndarray

    @property
    def central(self) -> np.ndarray:
        return self.values[0]

    @property
    def low(self) -> np.ndarray:
        return self.values.min(axis=0)

    @property
    def high(self) -> np.ndarray:
        return self.values.max(axis=0)

    @property
    def relative_half_width(self) -> np.ndarray:
        """(high - low) / (2 central), where central > 0 (else 0)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            out = (self.high - self.low) / (2.0 * self.central)
        return np.where(self.central > 0, out, 0.0)

    def to_dict(self) -> dict:
        return {
            "labels": list(self.labels),
            "values": self.values,
            "central": self.central,
            "low": self.low,
            "high": self.high,
            "relative_half_width": self.relative_half_width,
        }


def skyrme_band(
    calculator,
    edges_keV=None,
    form_factors=SKYRME_FORM_FACTORS,
    exposure: Exposure | str = "day",
    observed: bool = False,
) -> TheoryBand:
    """Total counts (``edges_keV`` None) or binned counts of a
    :class:`~cevns.rates.RateCalculator`, once per form factor in ``form_factors``."""
    values = []
    for name in form_factors:
        calc = replace(calculator, form_factor=form_factor_model(name))
        if edges_keV is None:
            values.append(calc.counts(exposure).total)
        else:
            values.append(calc.binned(edges_keV, exposure, observed).total)
    return TheoryBand(tuple(form_factors), np.asarray(values, dtype=float))
