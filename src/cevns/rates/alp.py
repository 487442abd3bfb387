"""Axion-like particles at a beam-dump experiment: yields and events.

**Yield.** Each photon of the source (:func:`~cevns.sources.alp.meson_photons`) converts in the
target to an ALP with probability σ(γN -> aN)/σ_absorption (:mod:`cevns.xsec.alp`); the ALPs
keep the photon energy and fly out isotropically (photons from mesons at rest).

**Events** in a detector of N atoms and volume V at distance L (small against L), for ALPs of
decay length ℓ (:meth:`~cevns.alp.AxionLikeParticle.decay_length_m`) and fluence Φ at L:

* inverse Primakoff a N -> γ N: N_γ = Φ e^{-L/ℓ} σ(aN -> γN) N_atoms;
* decays a -> γγ inside the detector: N_γγ = Φ e^{-L/ℓ} V / ℓ (the thin-detector limit).

The photon energies (the ALP energy, shared by the two photons of a decay) are tens of MeV:
``efficiency`` is the share of such events the analysis keeps. The couplings enter as
g² (yield) x g² (detection), and through ℓ ∝ 1/g².
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..alp import AxionLikeParticle
from ..errors import CevnsInputError
from ..results import Result
from ..sources.alp import target_element
from ..xsec.alp import inverse_primakoff_cross_section, pair_cross_section, primakoff_cross_section

__all__ = ["DETECTOR_DENSITY_G_CM3", "AlpEvents", "alp_events", "alp_line_terms", "alp_lines"]

DETECTOR_DENSITY_G_CM3 = {
    "Ar": 1.396,
    "Xe": 2.953,
    "CsI": 4.51,
    "NaI": 3.667,
    "Ge": 5.323,
}
"""Densities of detector media in g/cm³ (PDG 2024, atomic and nuclear properties: liquid argon
and xenon at their boiling points)."""


def alp_lines(alp: AxionLikeParticle, photons, target: str) -> list[tuple[float, float]]:
    """(ALP energy in MeV, ALPs per POT) from ``photons`` ((energy, photons per POT) pairs)
    converting in the target element ``target``."""
    Z, A = target_element(target)
    absorption = pair_cross_section(Z, A)
    out = []
    for energy, n in photons:
        if energy > alp.mass_MeV and n > 0:
            conversion = float(primakoff_cross_section(alp, energy, Z, A)) / absorption
            out.append((float(energy), float(n) * conversion))
    return out


@dataclass(frozen=True)
class AlpEvents(Result):
    """ALP events of one experiment and exposure: ``alps_per_pot`` made in the target,
    ``scattering`` (inverse Primakoff) and ``decays`` (a -> γγ in the detector) events."""

    alp: AxionLikeParticle
    experiment: str
    pot: float
    alps_per_pot: float
    scattering: float
    decays: float

    @property
    def total(self) -> float:
        return self.scattering + self.decays

    def to_dict(self) -> dict:
        return {
            "experiment": self.experiment,
            "alp": self.alp.to_dict(),
            "pot": self.pot,
            "alps_per_pot": self.alps_per_pot,
            "inverse_primakoff_events": self.scattering,
            "decay_events": self.decays,
            "total_events": self.total,
        }


def _detector_atoms_and_volume(detector) -> tuple[list, float]:
    """[(Z, A, atoms)] of the detector and its volume in cm³."""
    mat = detector.material
    density = DETECTOR_DENSITY_G_CM3.get(mat.name)
    if density is None:
        raise CevnsInputError(
            f"no density for the detector medium {mat.name}; known: "
            f"{', '.join(DETECTOR_DENSITY_G_CM3)}"
        )
    atoms = [
        (iso.Z, iso.atomic_mass_u, float(n))
        for iso, n in zip(mat.isotopes, detector.nuclei(), strict=True)
    ]
    return atoms, detector.mass_kg * 1e3 / density


def alp_line_terms(
    alp: AxionLikeParticle, photons, target: str, detector, distance_m: float
) -> list[tuple[float, float, float, float]]:
    """Per ALP line: (energy MeV, ALPs per cm² per POT at the detector before decays,
    σ(aN -> γN) x atoms in cm², V/ℓ, L/ℓ), the pieces of the module docstring's counts."""
    if not (np.isfinite(distance_m) and distance_m > 0):
        raise CevnsInputError(f"distance must be positive (m), got {distance_m!r}")
    atoms, volume_cm3 = _detector_atoms_and_volume(detector)
    area_cm2 = 4.0 * np.pi * (distance_m * 100.0) ** 2
    out = []
    for energy, per_pot in alp_lines(alp, photons, target):
        length_cm = alp.decay_length_m(energy) * 100.0
        sigma = sum(
            n * float(inverse_primakoff_cross_section(alp, energy, Z, A)) for Z, A, n in atoms
        )
        out.append(
            (
                energy,
                per_pot / area_cm2,
                sigma,
                volume_cm3 / length_cm,
                distance_m * 100.0 / length_cm,
            )
        )
    return out


def alp_events(
    alp: AxionLikeParticle,
    photons,
    target: str,
    detector,
    distance_m: float,
    pot: float,
    efficiency: float = 1.0,
    name: str = "",
) -> AlpEvents:
    """ALP events (module docstring) for ``pot`` protons on target, ``photons`` of the
    source converting in ``target``, a ``detector`` at ``distance_m``."""
    if not (np.isfinite(pot) and pot > 0):
        raise CevnsInputError(f"protons on target must be a positive number, got {pot!r}")
    if not 0 < efficiency <= 1:
        raise CevnsInputError(f"efficiency must lie in (0, 1], got {efficiency!r}")
    terms = alp_line_terms(alp, photons, target, detector, distance_m)
    area_cm2 = 4.0 * np.pi * (distance_m * 100.0) ** 2
    scattering = decays = 0.0
    for _, fluence, sigma, volume_per_length, depth in terms:
        arriving = fluence * pot * np.exp(-depth)
        scattering += arriving * sigma
        decays += arriving * volume_per_length
    return AlpEvents(
        alp,
        name,
        float(pot),
        float(sum(fluence for _, fluence, *_ in terms) * area_cm2),
        efficiency * scattering,
        efficiency * decays,
    )
