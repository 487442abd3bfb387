"""What every cross section of the package offers, and the one flux average built on it.

Each channel (CEvNS on a nucleus or a material, neutrino-electron scattering, inelastic CC/NC
in the allowed approximation, quasi-elastic CC on a free nucleon or a Fermi gas) gives
``total(energy, flavor)``: σ(E) in cm² per target for a neutrino flavor (zero for a flavor
that does not drive it), and ``kinks(flavor)``: the neutrino energies (MeV) where σ(E) has a
kink, such as reaction thresholds. :func:`flux_average` integrates any of them over any
spectrum with the spectrum's own nodes (:meth:`~cevns.sources.spectra.LineSpectrum.nodes`),
split at those kinks, so lines are exact.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from ..errors import CevnsInputError

__all__ = ["CrossSection", "flux_average", "checked_energies"]


def checked_energies(values, what: str = "neutrino energies", maximum: float = np.inf):
    """``values`` as a float array; a CevnsInputError when any is NaN, infinite, negative or
    above ``maximum`` (MeV). Every cross section checks its energies here: a negative or
    NaN energy is an error, while an energy below a threshold or a recoil above T_max is a
    valid point where σ = 0."""
    array = np.asarray(values, dtype=float)
    bad = ~np.isfinite(array) | (array < 0) | (array > maximum)
    if np.any(bad):
        limit = "" if np.isinf(maximum) else f" and <= {maximum:g} MeV"
        raise CevnsInputError(
            f"{what} must be finite, >= 0{limit}; got {array[bad].ravel()[:3].tolist()}"
        )
    return array


@runtime_checkable
class CrossSection(Protocol):
    """σ(E) per target for a flavor, and the energies where it has kinks."""

    def total(self, energy, flavor: str = "numu") -> np.ndarray: ...

    def kinks(self, flavor: str = "numu") -> np.ndarray: ...


def flux_average(xs: CrossSection, spectrum, flavor: str = "numu") -> float:
    """<σ> = ∫ pdf(E) σ(E) dE over a normalised ``spectrum`` (cm² per target), with the
    spectrum's integration nodes split at the cross section's kinks; a line is exact."""
    E, w = spectrum.nodes(np.asarray(xs.kinks(flavor), dtype=float))
    if E.size == 0:
        return 0.0
    return float(np.sum(w * np.asarray(xs.total(E, flavor), dtype=float)))
