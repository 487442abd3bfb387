"""Inelastic charged- and neutral-current neutrino-nucleus scattering at tens of MeV."""

from .allowed import AllowedCrossSection, allowed_cross_section
from .coulomb import coulomb_factor, fermi_function, mema_factor
from .reactions import (
    Level,
    Reaction,
    find_reaction,
    reaction,
    reactions,
)

__all__ = [
    "AllowedCrossSection",
    "Level",
    "Reaction",
    "allowed_cross_section",
    "coulomb_factor",
    "fermi_function",
    "find_reaction",
    "mema_factor",
    "reaction",
    "reactions",
]
