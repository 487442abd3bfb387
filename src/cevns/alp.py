"""The axion-like particle (ALP) model: a pseudoscalar a of mass m_a coupled to photons,

    L ⊃ -(g_aγγ / 4) a F_μν F̃^μν = g_aγγ a E·B,

(e.g. Particle Data Group 2024, review "Axions and other similar particles"). It decays to two
photons with Γ(a -> γγ) = g_aγγ² m_a³ / (64π). Parameters only, like
:class:`~cevns.darksector.DarkSector`: production is in :mod:`cevns.sources.alp`, scattering
in :mod:`cevns.xsec.alp`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .constants import HBARC_MEV_FM
from .errors import CevnsInputError, positive_number

__all__ = ["AxionLikeParticle"]


@dataclass(frozen=True)
class AxionLikeParticle:
    """An ALP of mass ``mass_MeV`` with photon coupling ``g_agg_per_GeV`` (GeV⁻¹)."""

    mass_MeV: float
    g_agg_per_GeV: float

    def __post_init__(self):
        for name in ("mass_MeV", "g_agg_per_GeV"):
            object.__setattr__(self, name, positive_number(name, getattr(self, name)))

    @property
    def coupling_per_MeV(self) -> float:
        """g_aγγ in MeV⁻¹."""
        return self.g_agg_per_GeV * 1e-3

    @property
    def width_MeV(self) -> float:
        """Γ(a -> γγ) = g² m³ / (64π) in MeV."""
        return self.coupling_per_MeV**2 * self.mass_MeV**3 / (64.0 * math.pi)

    def decay_length_m(self, energy_MeV: float) -> float:
        """Mean decay length in the lab, (p/m) c τ = (p/m) ħc/Γ, in metres, for total energy
        ``energy_MeV`` (at least the mass)."""
        if energy_MeV < self.mass_MeV:
            raise CevnsInputError(
                f"an ALP of {self.mass_MeV:g} MeV cannot have {energy_MeV:g} MeV of energy"
            )
        momentum = math.sqrt(energy_MeV**2 - self.mass_MeV**2)
        return momentum / self.mass_MeV * HBARC_MEV_FM * 1e-15 / self.width_MeV

    def to_dict(self) -> dict:
        return {
            "mass_MeV": self.mass_MeV,
            "g_agg_per_GeV": self.g_agg_per_GeV,
            "width_MeV": self.width_MeV,
        }
