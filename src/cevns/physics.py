"""The physics model: electroweak parameters entering the cross sections.

A :class:`PhysicsModel` is a small frozen dataclass handed to the cross sections and the rate
engine. It holds the weak mixing angle and the nucleon vector couplings; the Standard-Model
default is the tree-level convention of seed 004 Eq. (5): g_p^V = 1 - 4 sin^2(theta_W),
g_n^V = -1, with the cross section carrying Q_W^2/4 (seed 004 Eq. 4).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .constants import SIN2_THETA_W_LOW_Q

__all__ = ["FLAVORS", "PhysicsModel", "check_flavor"]

FLAVORS = ("nue", "numu", "nutau", "nuebar", "numubar", "nutaubar")
"""Neutrino flavor names used throughout the package."""


def check_flavor(flavor: str) -> str:
    """Return ``flavor`` if it is a known flavor name, else raise ValueError listing them."""
    if flavor not in FLAVORS:
        raise ValueError(f"unknown flavor {flavor!r}; choose one of {', '.join(FLAVORS)}")
    return flavor


@dataclass(frozen=True)
class PhysicsModel:
    """Electroweak parameters of the CEvNS cross section.

    ``sin2_theta_w``: weak mixing angle at low momentum transfer (default 0.23857, seed 004).
    ``g_p``, ``g_n``: proton and neutron vector couplings in the convention of seed 004 Eq. (5)
    (Q_W = g_p Z + g_n N); ``None`` means tree level, g_p = 1 - 4 sin^2(theta_W), g_n = -1.
    """

    sin2_theta_w: float = SIN2_THETA_W_LOW_Q
    g_p: float | None = None
    g_n: float | None = None

    @classmethod
    def radiatively_corrected(cls) -> PhysicsModel:
        """Couplings with electroweak radiative corrections, g_V^p = 0.0298 and
        g_V^n = -0.5117 as quoted in seed 002 (PDG electroweak review), doubled to this
        package's convention (seed 004 Eq. 5, where the cross section carries Q_W^2/4)."""
        return cls(g_p=2 * 0.0298, g_n=2 * -0.5117)

    def couplings(self, flavor: str = "numu") -> tuple[float, float]:
        """(g_p, g_n) for a neutrino of ``flavor``; flavor-independent in the Standard Model."""
        check_flavor(flavor)
        g_p = 1.0 - 4.0 * self.sin2_theta_w if self.g_p is None else self.g_p
        g_n = -1.0 if self.g_n is None else self.g_n
        return g_p, g_n

    def weak_charge(self, Z: int, N: int, flavor: str = "numu") -> float:
        """Tree-level weak charge Q_W = g_p Z + g_n N (seed 004 Eq. 5)."""
        g_p, g_n = self.couplings(flavor)
        return g_p * Z + g_n * N

    def to_dict(self) -> dict:
        """Plain dictionary of the parameters (for JSON output)."""
        out = asdict(self)
        out["g_p"], out["g_n"] = self.couplings()
        return out
