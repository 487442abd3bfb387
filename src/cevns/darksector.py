"""The dark-sector model: a light vector mediator and a dark-matter particle χ.

A :class:`DarkSector` holds parameters only (like :class:`~cevns.physics.PhysicsModel`); the
production formulas live in :mod:`cevns.sources.darksector` and the scattering cross sections in
:mod:`cevns.xsec.darkmatter`. The vector-portal Lagrangian is (Pandey, Prog. Part. Nucl. Phys.
2024, arXiv:2309.07840, Eq. 58; B. Batell, M. Pospelov, A. Ritz, Phys. Rev. D 80, 095024 (2009),
arXiv:0906.5614)

    L ⊃ -(ε/2) F_μν F'^μν + (1/2) m_V² A'_μ A'^μ + g_D A'_μ J_χ^μ,   α_D = g_D²/4π,

so the dark photon A' couples to the electromagnetic current with strength ε e (to a nucleus
as ε e Z F_ch(q)) and to χ with g_D. χ is a complex scalar or a Dirac fermion.

The leptophobic alternative (``mediator="baryonic"``) is a vector V_B gauging baryon number,
L ⊃ (g_B/3) V_μ Σ_q q̄ γ^μ q, α_B = g_B²/4π (S. Tulin, Phys. Rev. D 89, 114008 (2014),
arXiv:1404.4370; its kinetic mixing with the photon, a loop effect, is left out). It couples
to a nucleus as g_B A F_B(q). Its strength is held in the same field as an equivalent mixing,
ε = sqrt(α_B/α) (g_B = ε e), so that Y = ε² α_D (m_χ/m_V)⁴ = (α_B/α) α_D (m_χ/m_V)⁴ for both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .constants import FINE_STRUCTURE
from .errors import CevnsInputError, positive_number

__all__ = ["DM_SPINS", "MEDIATORS", "DARK_MODEL_KEYS", "DarkSector", "load_dark_model"]

DM_SPINS = ("scalar", "fermion")
"""χ is a complex scalar or a Dirac fermion."""

MEDIATORS = ("dark_photon", "baryonic")
"""The vector mediator: a kinetically mixed dark photon, or a leptophobic baryon-number
vector."""


@dataclass(frozen=True)
class DarkSector:
    """A dark photon of mass ``mediator_mass_MeV`` with kinetic mixing ``epsilon``, and dark
    matter χ of mass ``dm_mass_MeV`` (``dm_spin`` "scalar" or "fermion") with dark coupling
    ``alpha_dark`` = g_D²/4π. With ``mediator="baryonic"`` the vector is leptophobic and
    ``epsilon`` is sqrt(α_B/α) (build it with :meth:`baryonic`)."""

    mediator_mass_MeV: float
    dm_mass_MeV: float
    epsilon: float = 1e-4
    alpha_dark: float = 0.5
    dm_spin: str = "scalar"
    mediator: str = "dark_photon"

    def __post_init__(self):
        for name in ("mediator_mass_MeV", "dm_mass_MeV", "epsilon", "alpha_dark"):
            object.__setattr__(self, name, positive_number(name, getattr(self, name)))
        if self.epsilon >= 1.0 or self.alpha_dark > 4.0 * math.pi:
            raise CevnsInputError(
                "epsilon must be below 1 and alpha_dark at most 4π (perturbative couplings), "
                f"got epsilon={self.epsilon:g}, alpha_dark={self.alpha_dark:g}"
            )
        if self.mediator not in MEDIATORS:
            raise CevnsInputError(
                f"mediator must be one of {', '.join(MEDIATORS)}, got {self.mediator!r}"
            )
        if self.dm_spin not in DM_SPINS:
            raise CevnsInputError(
                f"dm_spin must be one of {', '.join(DM_SPINS)}, got {self.dm_spin!r}"
            )

    @classmethod
    def baryonic(
        cls,
        mediator_mass_MeV: float,
        dm_mass_MeV: float,
        alpha_baryon: float,
        alpha_dark: float = 0.5,
        dm_spin: str = "scalar",
    ) -> DarkSector:
        """A leptophobic vector of baryon-number coupling ``alpha_baryon`` = g_B²/4π."""
        epsilon = math.sqrt(positive_number("alpha_baryon", alpha_baryon) / FINE_STRUCTURE)
        return cls(mediator_mass_MeV, dm_mass_MeV, epsilon, alpha_dark, dm_spin, "baryonic")

    @property
    def alpha_baryon(self) -> float | None:
        """α_B = α ε² of a baryonic mediator (None for a dark photon)."""
        return FINE_STRUCTURE * self.epsilon**2 if self.mediator == "baryonic" else None

    @property
    def yield_variable(self) -> float:
        """Y = ε² α_D (m_χ/m_V)⁴, the combination that sets the thermal relic abundance and,
        for m_V >> m_χ, the χ-nucleus scattering rate (E. Izaguirre, G. Krnjaic, P. Schuster,
        N. Toro, Phys. Rev. Lett. 115, 251301 (2015), arXiv:1505.00011)."""
        ratio = self.dm_mass_MeV / self.mediator_mass_MeV
        return self.epsilon**2 * self.alpha_dark * ratio**4

    @classmethod
    def from_yield(
        cls,
        dm_mass_MeV: float,
        yield_variable: float,
        mass_ratio: float = 3.0,
        alpha_dark: float = 0.5,
        dm_spin: str = "scalar",
        mediator: str = "dark_photon",
    ) -> DarkSector:
        """The sector with m_V = ``mass_ratio`` x m_χ and the ε that gives Y = ``yield_variable``:
        ε² = Y (m_V/m_χ)⁴ / α_D (a ratio <= 2 puts the mediator off shell)."""
        ratio = positive_number("mass_ratio", mass_ratio)
        y = positive_number("yield_variable", yield_variable)
        epsilon = math.sqrt(y * ratio**4 / positive_number("alpha_dark", alpha_dark))
        mass = positive_number("dm_mass_MeV", dm_mass_MeV)
        return cls(ratio * mass, mass, epsilon, alpha_dark, dm_spin, mediator)

    def replace(self, **changes) -> DarkSector:
        from dataclasses import replace

        return replace(self, **changes)

    def to_dict(self) -> dict:
        return {
            "mediator_mass_MeV": self.mediator_mass_MeV,
            "dm_mass_MeV": self.dm_mass_MeV,
            "epsilon": self.epsilon,
            "alpha_dark": self.alpha_dark,
            "dm_spin": self.dm_spin,
            "mediator": self.mediator,
            "alpha_baryon": self.alpha_baryon,
            "yield_variable": self.yield_variable,
        }


DARK_MODEL_KEYS = (
    "mediator",
    "mediator_mass_MeV",
    "dm_mass_MeV",
    "epsilon",
    "alpha_baryon",
    "alpha_dark",
    "dm_spin",
    "mass_ratio",
)
"""Keys of a dark-sector model file (all optional): the mediator ("dark_photon" or
"baryonic"), masses in MeV, the coupling (``epsilon``, or ``alpha_baryon`` for a baryonic
vector), α_D, the χ spin, and the m_V/m_χ of a search's line of models."""


def load_dark_model(path) -> dict:
    """Read a dark-sector model file (TOML, the keys of :data:`DARK_MODEL_KEYS`), checked:
    an unknown key, a wrong type, a non-positive value, an unknown mediator or spin, or a
    coupling that does not fit the mediator is a DataFileError naming the file."""
    from ._toml import load_toml_file
    from .errors import DataFileError

    data = load_toml_file(path)
    unknown = set(data) - set(DARK_MODEL_KEYS)
    if unknown:
        raise DataFileError(
            path, f"unknown key(s) {sorted(unknown)}; accepted: {', '.join(DARK_MODEL_KEYS)}"
        )
    try:
        for key in ("mediator", "dm_spin"):
            if key in data and not isinstance(data[key], str):
                raise CevnsInputError(f"{key} must be a string, got {data[key]!r}")
        out = {k: (v if isinstance(v, str) else positive_number(k, v)) for k, v in data.items()}
        mediator = out.get("mediator", "dark_photon")
        if mediator not in MEDIATORS:
            raise CevnsInputError(f"mediator must be one of {', '.join(MEDIATORS)}")
        if out.get("dm_spin", "scalar") not in DM_SPINS:
            raise CevnsInputError(f"dm_spin must be one of {', '.join(DM_SPINS)}")
        if "alpha_baryon" in out and mediator != "baryonic":
            raise CevnsInputError('alpha_baryon needs mediator = "baryonic"')
        if "epsilon" in out and mediator == "baryonic":
            raise CevnsInputError("a baryonic mediator takes alpha_baryon, not epsilon")
    except CevnsInputError as err:
        raise DataFileError(path, str(err)) from None
    return out
