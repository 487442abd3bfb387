"""Inelastic reactions: the target, the final nucleus and its levels with their strengths.

A :class:`Reaction` is one channel (charged current ν_e + (Z, A) → e⁻ + (Z+1, A)*, or
neutral current ν + (Z, A) → ν + (Z, A)*) with the discrete final levels it reaches in the
allowed approximation (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eqs. 37-49 at q → 0:
only the Fermi
operator Σ t_± and the
Gamow-Teller operator Σ σ t_± survive). Each :class:`Level` carries

* ``b_fermi``: B(F) = |⟨f‖Σ t_±‖i⟩|² / (2J_i+1) (N - Z for the isobaric analog state);
* ``b_gt``: g_A² B(GT) = g_A² |⟨f‖Σ σ t_±‖i⟩|² / (2J_i+1), **with g_A² included** (the
  convention of the MARLEY files, S. Gardiner, arXiv:2010.02393). For neutral current,
  g_A² |⟨f‖Σ σ t_3‖i⟩|² / (2J_i+1).

The packaged reactions (``data/inelastic_reactions.toml``) cite the measurement behind every
strength; :func:`cevns.io.marley.read_marley_reaction` reads a MARLEY-format file a user
points to.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from ... import constants as c
from ..._toml import load_toml_text
from ...errors import CevnsInputError
from ...nuclei import isotope, nuclide
from ...physics import FLAVORS

__all__ = [
    "Level",
    "Reaction",
    "find_reaction",
    "reaction",
    "reactions",
]

CHANNELS = ("cc", "nc")


@dataclass(frozen=True)
class Level:
    """A final nuclear level: excitation ``energy`` (MeV), ``b_fermi`` and ``b_gt`` (g_A²
    included), optional ``spin`` and de-excitation ``gammas`` as (gamma energy MeV, gammas
    per decay of this level), and ``source`` (citation key of the strength)."""

    energy: float
    b_fermi: float = 0.0
    b_gt: float = 0.0
    spin: float | None = None
    gammas: tuple[tuple[float, float], ...] = ()
    source: str = ""

    def __post_init__(self):
        if not (np.isfinite(self.energy) and self.energy >= 0):
            raise CevnsInputError(f"level energy must be >= 0 MeV, got {self.energy}")
        if not (self.b_fermi >= 0 and self.b_gt >= 0):
            raise CevnsInputError(f"level at {self.energy} MeV: strengths must be >= 0")


@dataclass(frozen=True)
class Reaction:
    """One inelastic channel on one target isotope.

    ``name`` (e.g. ``"nue-40Ar-cc"``), ``target`` and ``product`` (isotope names), ``channel``
    (``"cc"`` or ``"nc"``), ``flavors`` (neutrinos that drive it), ``product_atomic_mass_u``
    (AME2020; equal to the target's for NC), ``levels``, ``description``, ``references``
    (citation key → full reference) and ``notes``.
    """

    name: str
    target: str
    product: str
    channel: str
    flavors: tuple[str, ...]
    product_atomic_mass_u: float
    levels: tuple[Level, ...]
    description: str = ""
    references: dict = field(default_factory=dict, compare=False)
    notes: str = ""

    def __post_init__(self):
        if self.channel not in CHANNELS:
            raise CevnsInputError(
                f"{self.name}: channel must be one of {CHANNELS}, got {self.channel}"
            )
        for flavor in self.flavors:
            if flavor not in FLAVORS:
                raise CevnsInputError(f"{self.name}: unknown flavor {flavor!r}")
        if not self.levels:
            raise CevnsInputError(f"{self.name}: a reaction needs at least one level")
        energies = [lv.energy for lv in self.levels]
        if energies != sorted(energies):
            raise CevnsInputError(f"{self.name}: levels must be in increasing excitation energy")

    @property
    def Z(self) -> int:
        return nuclide(self.target)[0]

    @property
    def A(self) -> int:
        Z, N = nuclide(self.target)
        return Z + N

    @property
    def product_Z(self) -> int:
        return nuclide(self.product)[0]

    @property
    def lepton_charge(self) -> int:
        """Charge of the outgoing lepton: -1 (ν CC), +1 (ν̄ CC), 0 (NC)."""
        return self.Z - self.product_Z

    @property
    def lepton_mass(self) -> float:
        return 0.0 if self.channel == "nc" else c.ELECTRON_MASS

    @property
    def q_value(self) -> float:
        """Ground-state atomic mass difference M(product) - M(target) in MeV (0 for NC)."""
        return (self.product_atomic_mass_u - isotope(self.target).atomic_mass_u) * (
            c.ATOMIC_MASS_UNIT_MEV
        )

    @property
    def excitation_energies(self) -> np.ndarray:
        return np.array([lv.energy for lv in self.levels])

    def thresholds(self) -> np.ndarray:
        """Neutrino energy threshold of each level, MeV, from exact two-body kinematics with
        atomic masses (the target's electrons follow the nucleus; the lepton mass is in the
        product's atomic mass for CC): E_th = [(M_f + E_x)² - M_i²] / (2 M_i)."""
        u = c.ATOMIC_MASS_UNIT_MEV
        m_i = isotope(self.target).atomic_mass_u * u
        m_f = self.product_atomic_mass_u * u + self.excitation_energies
        if self.lepton_charge == 1:  # antineutrino CC: a positron and one electron too many
            m_f = m_f + 2.0 * c.ELECTRON_MASS
        return (m_f**2 - m_i**2) / (2.0 * m_i)

    def summary(self) -> str:
        return (
            f"{self.name}: {self.description} ({len(self.levels)} levels, "
            f"threshold {self.thresholds()[0]:.4f} MeV)"
        )


# --- packaged reactions --------------------------------------------------------------------


def _strength_from_ft(spec: dict, target_spin: float, where: str) -> float:
    """g_A² B(GT) + B(F) of i → f from the ft value of the decay f → i (the inverse
    direction): B(i→f) = (2J_f+1)/(2J_i+1) K/ft (K: :data:`cevns.constants.FT_CONSTANT_S`)."""
    if "spin" not in spec:
        raise CevnsInputError(f"{where}: a level given by its ft value needs its spin")
    ft = 10.0 ** spec["log_ft"] if "log_ft" in spec else spec["ft_s"]
    return (2 * spec["spin"] + 1) / (2 * target_spin + 1) * c.FT_CONSTANT_S / ft


def _level_from_dict(spec: dict, target_spin: float, where: str) -> Level:
    allowed = {"ex", "b_f", "ga2_b_gt", "log_ft", "ft_s", "spin", "gammas", "source", "scale"}
    unknown = set(spec) - allowed
    if unknown:
        raise CevnsInputError(
            f"{where}: unknown level keys {sorted(unknown)}; accepted {sorted(allowed)}"
        )
    if "ex" not in spec:
        raise CevnsInputError(f"{where}: a level needs its excitation energy 'ex' (MeV)")
    b_gt = spec.get("ga2_b_gt", 0.0)
    if "log_ft" in spec or "ft_s" in spec:
        b_gt = _strength_from_ft(spec, target_spin, where) - spec.get("b_f", 0.0)
    b_gt *= spec.get("scale", 1.0)
    gammas = tuple((float(e), float(n)) for e, n in spec.get("gammas", ()))
    return Level(
        energy=float(spec["ex"]),
        b_fermi=float(spec.get("b_f", 0.0)),
        b_gt=float(b_gt),
        spin=spec.get("spin"),
        gammas=gammas,
        source=spec.get("source", ""),
    )


def reaction_from_dict(name: str, spec: dict) -> Reaction:
    """Build a :class:`Reaction` from a TOML table (format: ``data/inelastic_reactions.toml``).

    A level gives ``ga2_b_gt`` (g_A² B(GT)) and/or ``b_f``, or ``log_ft``/``ft_s`` of the
    inverse decay with ``spin``; ``scale`` multiplies its strength (e.g. an isospin factor for
    an analog state, stated in ``notes``).
    """
    where = f"reaction {name}"
    missing = {"target", "product", "channel", "flavors", "levels"} - set(spec)
    if missing:
        raise CevnsInputError(f"{where}: missing keys {sorted(missing)}")
    target_spin = isotope(spec["target"]).spin
    levels = tuple(
        _level_from_dict(lv, target_spin, f"{where}, level {i}")
        for i, lv in enumerate(spec["levels"])
    )
    return Reaction(
        name=name,
        target=spec["target"],
        product=spec["product"],
        channel=spec["channel"],
        flavors=tuple(spec["flavors"]),
        product_atomic_mass_u=float(
            spec.get("product_atomic_mass_u", isotope(spec["target"]).atomic_mass_u)
        ),
        levels=levels,
        description=spec.get("description", ""),
        references=dict(spec.get("references", {})),
        notes=spec.get("notes", ""),
    )


@cache
def _packaged() -> dict[str, Reaction]:
    text = resources.files("cevns").joinpath("data/inelastic_reactions.toml").read_text()
    table = load_toml_text(text, "data/inelastic_reactions.toml")
    return {name: reaction_from_dict(name, spec) for name, spec in table.items()}


def reactions() -> list[str]:
    """Names of the packaged reactions."""
    return list(_packaged())


def _supported_text() -> str:
    rows = [
        f"{r.target} {r.channel.upper()} ({', '.join(r.flavors)}): {name}"
        for name, r in _packaged().items()
    ]
    return "; ".join(rows)


def reaction(name: str | Reaction) -> Reaction:
    """A packaged reaction by name (see :func:`reactions`)."""
    if isinstance(name, Reaction):
        return name
    try:
        return _packaged()[name]
    except KeyError:
        raise CevnsInputError(
            f"unknown inelastic reaction {name!r}; supported: {_supported_text()}"
        ) from None


def find_reaction(target: str, channel: str, flavor: str | None = None) -> Reaction:
    """The packaged reaction for a target isotope, channel (``cc``/``nc``) and, optionally,
    neutrino flavor; the error lists the supported combinations."""
    try:
        target_name = isotope(target).name
    except ValueError:
        target_name = str(target)
    for r in _packaged().values():
        if (
            r.target == target_name
            and r.channel == channel.lower()
            and (flavor is None or flavor in r.flavors)
        ):
            return r
    wanted = f"{target_name} {channel.upper()}" + (f" with {flavor}" if flavor else "")
    raise CevnsInputError(f"no inelastic reaction for {wanted}; supported: {_supported_text()}")


def known_atomic_mass(name: str) -> float | None:
    """Atomic mass (u) of ``name`` from the isotope table or a packaged reaction's product."""
    try:
        return isotope(name).atomic_mass_u
    except ValueError:
        pass
    for r in _packaged().values():
        if r.product == name:
            return r.product_atomic_mass_u
    return _final_nucleus_masses().get(name)


@cache
def _final_nucleus_masses() -> dict:
    """AME2020 atomic masses (u) of the final nuclei in ``data/final_nucleus_masses.csv``."""
    text = resources.files("cevns").joinpath("data/final_nucleus_masses.csv").read_text()
    rows = csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#"))
    return {r["name"]: float(r["atomic_mass_u"]) for r in rows}
