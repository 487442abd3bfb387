"""The physics model: the Standard-Model parameters and any new physics on top of them.

A :class:`PhysicsModel` is a small frozen (hashable) dataclass handed to the cross sections and
the rate engine. It holds parameters only; the formulas that use them live in
:mod:`cevns.xsec` (couplings, electromagnetic and mediator terms) and :mod:`cevns.rates`
(oscillations). The Standard-Model default is the tree-level convention of Carey & Pandey
(arXiv:2412.18055) Eq. (5):
g_p^V = 1 - 4 sin^2(theta_W), g_n^V = -1, with the cross section carrying Q_W^2/4 (Carey & Pandey
(arXiv:2412.18055)
Eq. 4). Every new-physics parameter defaults to zero, and at zero the model *is* the Standard
Model (``is_standard_model``).

Flavor-dependent parameters (magnetic moment, charge radius, millicharge) are given per lepton
flavor ``e``, ``mu``, ``tau``; a neutrino and its antineutrino share them (the names ``nue``,
``numu``, ``nutau`` are accepted for ``e``, ``mu``, ``tau``).
"""

from __future__ import annotations

import math
import re
from dataclasses import MISSING, dataclass, fields, replace
from functools import cached_property

from .constants import (
    ELECTRON_MASS,
    FINE_STRUCTURE,
    MUON_MASS,
    NU_NEUTRON_VECTOR_COUPLING,
    NU_PROTON_VECTOR_COUPLING,
    SIN2_THETA_W_LOW_Q,
    TAU_MASS,
)
from .errors import CevnsInputError, DataFileError

__all__ = [
    "FLAVORS",
    "LEPTON_FLAVORS",
    "NSI",
    "FlavorValues",
    "PhysicsModel",
    "ScalarMediator",
    "SterileNeutrino",
    "VectorMediator",
    "check_flavor",
    "lepton_flavor",
    "load_model",
    "PARAMETERS",
    "Parameter",
    "apply_parameters",
    "check_parameter",
]

FLAVORS = ("nue", "numu", "nutau", "nuebar", "numubar", "nutaubar")
"""Neutrino flavor names used throughout the package."""

LEPTON_FLAVORS = ("e", "mu", "tau")
"""Lepton flavors indexing flavor-dependent parameters (a neutrino and its antineutrino)."""

_FAMILY_ALIASES = {"e": "e", "mu": "mu", "tau": "tau", "nue": "e", "numu": "mu", "nutau": "tau"}


def check_flavor(flavor: str) -> str:
    """Return ``flavor`` if it is a known flavor name, else raise ValueError listing them."""
    if flavor not in FLAVORS:
        raise CevnsInputError(f"unknown flavor {flavor!r}; choose one of {', '.join(FLAVORS)}")
    return flavor


def lepton_flavor(flavor: str) -> str:
    """The lepton flavor (``e``, ``mu``, ``tau``) of a neutrino flavor name (``numubar`` -> mu)."""
    return check_flavor(flavor).removeprefix("nu").removesuffix("bar")


def _number(value, what: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise CevnsInputError(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(out):
        raise CevnsInputError(f"{what} must be finite, got {value!r}")
    return out


@dataclass(frozen=True)
class FlavorValues:
    """One number per lepton flavor (``e``, ``mu``, ``tau``), shared by ν and ν̄."""

    e: float = 0.0
    mu: float = 0.0
    tau: float = 0.0

    @classmethod
    def from_mapping(cls, mapping, what: str, non_negative: bool = False) -> FlavorValues:
        """Build from ``{"mu": 1e-10}``; keys e/mu/tau, nue/numu/nutau, or ``all``."""
        if isinstance(mapping, FlavorValues):
            return mapping
        if not hasattr(mapping, "items"):
            raise CevnsInputError(f"{what} must be a mapping of lepton flavor to value")
        values = {}
        for key, value in mapping.items():
            value = _number(value, f"{what} for {key!r}")
            if non_negative and value < 0:
                raise CevnsInputError(f"{what} for {key!r} must be >= 0, got {value:g}")
            targets = LEPTON_FLAVORS if key == "all" else (_FAMILY_ALIASES.get(key),)
            if targets == (None,):
                raise CevnsInputError(
                    f"unknown flavor {key!r} for {what}; use e, mu, tau (or nue, numu, nutau, all)"
                )
            for t in targets:
                values[t] = value
        return cls(**values)

    def __getitem__(self, flavor: str) -> float:
        """Value for a lepton flavor or a neutrino flavor name (``numubar`` -> ``mu``)."""
        key = _FAMILY_ALIASES.get(flavor) or lepton_flavor(flavor)
        return getattr(self, key)

    def any(self) -> bool:
        return any(getattr(self, f) != 0.0 for f in LEPTON_FLAVORS)

    def to_dict(self) -> dict[str, float]:
        return {f: getattr(self, f) for f in LEPTON_FLAVORS if getattr(self, f) != 0.0}


_NSI_NAME = re.compile(r"^(e|mu|tau)(e|mu|tau)_(u|d)$")


@dataclass(frozen=True)
class NSI:
    """Vector neutral-current non-standard interactions with u and d quarks (Pandey, Prog. Part.
    Nucl. Phys. 2024, arXiv:2309.07840, Eq. 53): ε^{qV}_{αβ} for α, β in e, mu, tau, in units of
    G_F.

    Built from names like ``ee_u``, ``emu_d``, ``mutau_u``. The matrices are real and symmetric
    (hermitian without CP phases), so ``emu_u`` also sets ``mue_u``. Antineutrinos see the same
    couplings.
    """

    u: tuple[tuple[float, ...], ...] = ((0.0,) * 3,) * 3
    d: tuple[tuple[float, ...], ...] = ((0.0,) * 3,) * 3

    @classmethod
    def from_mapping(cls, mapping) -> NSI:
        if isinstance(mapping, NSI):
            return mapping
        if not hasattr(mapping, "items"):
            raise CevnsInputError("nsi must be a mapping like {'ee_u': 0.1}")
        mats = {"u": [[0.0] * 3 for _ in range(3)], "d": [[0.0] * 3 for _ in range(3)]}
        seen: dict[tuple, tuple[str, float]] = {}
        for name, value in mapping.items():
            match = _NSI_NAME.match(str(name))
            if match is None:
                raise CevnsInputError(
                    f"unknown NSI parameter {name!r}; names are <alpha><beta>_<quark> with "
                    "alpha, beta in e, mu, tau and quark u or d (e.g. ee_u, emu_d, mutau_u)"
                )
            a, b, q = match.groups()
            value = _number(value, f"NSI {name}")
            i, j = LEPTON_FLAVORS.index(a), LEPTON_FLAVORS.index(b)
            key = (min(i, j), max(i, j), q)
            if key in seen and seen[key][1] != value:
                raise CevnsInputError(
                    f"NSI {name}={value:g} contradicts {seen[key][0]}={seen[key][1]:g}: the "
                    "matrix is symmetric (eps_ab = eps_ba)"
                )
            seen[key] = (name, value)
            mats[q][i][j] = mats[q][j][i] = value
        return cls(tuple(map(tuple, mats["u"])), tuple(map(tuple, mats["d"])))

    def get(self, alpha: str, beta: str, quark: str) -> float:
        """ε^{quark V}_{alpha beta} (lepton flavors or neutrino flavor names)."""
        i = LEPTON_FLAVORS.index(_FAMILY_ALIASES.get(alpha) or lepton_flavor(alpha))
        j = LEPTON_FLAVORS.index(_FAMILY_ALIASES.get(beta) or lepton_flavor(beta))
        return getattr(self, quark)[i][j]

    def any(self) -> bool:
        return any(v != 0.0 for m in (self.u, self.d) for row in m for v in row)

    def to_dict(self) -> dict[str, float]:
        out = {}
        for q in ("u", "d"):
            for i, a in enumerate(LEPTON_FLAVORS):
                for j in range(i, 3):
                    v = getattr(self, q)[i][j]
                    if v != 0.0:
                        out[f"{a}{LEPTON_FLAVORS[j]}_{q}"] = v
        return out


VECTOR_CHARGES = {
    # U(1) charges (nu_e, nu_mu, nu_tau, u, d, e) of common light vector bosons.
    "universal": ((1.0, 1.0, 1.0), 1.0, 1.0, 1.0),
    "B-L": ((-1.0, -1.0, -1.0), 1.0 / 3.0, 1.0 / 3.0, -1.0),
}


@dataclass(frozen=True)
class VectorMediator:
    """A light vector boson Z' of mass ``mass_MeV`` and coupling ``coupling`` g to a U(1)
    charge: ``charges`` is ``"universal"`` (every fermion charge 1) or ``"B-L"`` (quarks 1/3,
    leptons -1, arXiv:2008.05022), or a mapping {"nue", "numu", "nutau", "u", "d", "e"}."""

    mass_MeV: float
    coupling: float
    charges: str = "universal"
    charge_nu: tuple[float, float, float] = (1.0, 1.0, 1.0)
    charge_u: float = 1.0
    charge_d: float = 1.0
    charge_e: float = 1.0

    def __post_init__(self):
        mass = _number(self.mass_MeV, "vector mediator mass_MeV")
        if mass <= 0:
            raise CevnsInputError(f"vector mediator mass must be > 0 MeV, got {mass:g}")
        object.__setattr__(self, "mass_MeV", mass)
        object.__setattr__(self, "coupling", _number(self.coupling, "vector mediator coupling"))
        if isinstance(self.charges, str):
            if self.charges == "custom":
                return
            if self.charges not in VECTOR_CHARGES:
                raise CevnsInputError(
                    f"unknown vector mediator charges {self.charges!r}; use "
                    f"{', '.join(VECTOR_CHARGES)} or a mapping of nue, numu, nutau, u, d, e"
                )
            nu, u, d, e = VECTOR_CHARGES[self.charges]
        else:
            spec = dict(self.charges)
            unknown = set(spec) - {"nue", "numu", "nutau", "u", "d", "e"}
            if unknown:
                raise CevnsInputError(
                    f"unknown vector mediator charge(s) {sorted(unknown)}; "
                    "use nue, numu, nutau, u, d, e"
                )
            get = lambda k: _number(spec.get(k, 0.0), f"charge {k}")  # noqa: E731
            nu, u, d, e = (get("nue"), get("numu"), get("nutau")), get("u"), get("d"), get("e")
            object.__setattr__(self, "charges", "custom")
        object.__setattr__(self, "charge_nu", tuple(nu))
        object.__setattr__(self, "charge_u", u)
        object.__setattr__(self, "charge_d", d)
        object.__setattr__(self, "charge_e", e)

    def neutrino_charge(self, flavor: str) -> float:
        key = _FAMILY_ALIASES.get(flavor) or lepton_flavor(flavor)
        return self.charge_nu[LEPTON_FLAVORS.index(key)]

    def to_dict(self) -> dict:
        out = {"mass_MeV": self.mass_MeV, "coupling": self.coupling, "charges": self.charges}
        if self.charges == "custom":
            out["charges"] = dict(
                zip(("nue", "numu", "nutau"), self.charge_nu, strict=True),
                u=self.charge_u,
                d=self.charge_d,
                e=self.charge_e,
            )
        return out


@dataclass(frozen=True)
class ScalarMediator:
    """A light scalar φ of mass ``mass_MeV`` coupling with strength ``coupling`` g equally to
    neutrinos and to quarks (g_ν = g_q = g), arXiv:1604.01025 Sec. 2. Helicity-flipping, so it
    adds incoherently to the Standard Model."""

    mass_MeV: float
    coupling: float

    def __post_init__(self):
        mass = _number(self.mass_MeV, "scalar mediator mass_MeV")
        if mass <= 0:
            raise CevnsInputError(f"scalar mediator mass must be > 0 MeV, got {mass:g}")
        object.__setattr__(self, "mass_MeV", mass)
        object.__setattr__(self, "coupling", _number(self.coupling, "scalar mediator coupling"))

    def to_dict(self) -> dict:
        return {"mass_MeV": self.mass_MeV, "coupling": self.coupling}


@dataclass(frozen=True)
class SterileNeutrino:
    """One sterile neutrino in the 3+1 scheme (Pandey, Prog. Part. Nucl. Phys. 2024,
    arXiv:2309.07840, Sec. VII.C):
    mass splitting
    ``dm41_eV2`` and active-sterile mixing ``|U_e4|^2``, ``|U_mu4|^2``, ``|U_tau4|^2``."""

    dm41_eV2: float
    Ue4_sq: float = 0.0
    Umu4_sq: float = 0.0
    Utau4_sq: float = 0.0

    def __post_init__(self):
        dm = _number(self.dm41_eV2, "sterile dm41_eV2")
        if dm < 0:
            raise CevnsInputError(f"sterile dm41_eV2 must be >= 0 eV^2, got {dm:g}")
        total = 0.0
        for name in ("Ue4_sq", "Umu4_sq", "Utau4_sq"):
            v = _number(getattr(self, name), f"sterile {name}")
            if not 0.0 <= v <= 1.0:
                raise CevnsInputError(f"sterile {name} must lie in [0, 1], got {v:g}")
            object.__setattr__(self, name, v)
            total += v
        if total > 1.0:
            raise CevnsInputError(f"|U_e4|^2 + |U_mu4|^2 + |U_tau4|^2 must be <= 1, got {total:g}")
        object.__setattr__(self, "dm41_eV2", dm)

    def mixing(self, flavor: str) -> float:
        """``|U_α4|^2`` for a lepton flavor or neutrino flavor name."""
        key = _FAMILY_ALIASES.get(flavor) or lepton_flavor(flavor)
        return {"e": self.Ue4_sq, "mu": self.Umu4_sq, "tau": self.Utau4_sq}[key]

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_LEPTON_MASSES = {"e": ELECTRON_MASS, "mu": MUON_MASS, "tau": TAU_MASS}


def _charge_radius_offset(flavor: str) -> float:
    """(α/3π) ln(m_μ²/m_ℓ²): how much larger g_V^p (1/2 convention) is for a neutrino of lepton
    flavor ℓ than for ν_μ at q = 0, from the Standard-Model charge radii (see
    :meth:`PhysicsModel.couplings`). +0.00826 for ν_e, 0 for ν_μ, -0.00437 for ν_τ."""
    mass = _LEPTON_MASSES[lepton_flavor(flavor)]
    return FINE_STRUCTURE / (3.0 * math.pi) * math.log(MUON_MASS**2 / mass**2)


MAX_NUCLEON_COUPLING = 100.0
"""Largest |g_p|, |g_n| accepted: a hundred times the Standard-Model neutron coupling
(g_n = -1), far beyond any fit, so that cross sections stay finite."""


@dataclass(frozen=True)
class PhysicsModel:
    """Standard-Model parameters and new physics for the cross sections and rates.

    Standard Model:
      ``sin2_theta_w``: weak mixing angle at zero momentum transfer (0.23857, PDG 2024).
      ``running``: let sin^2(theta_W) run with the momentum transfer (MS-bar, see
      :func:`cevns.xsec.couplings.sin2_theta_w_shift`); for tree-level couplings only, since
      the radiative model carries its own momentum dependence.
      ``radiative``: the radiatively corrected, flavor-dependent couplings (default); False
      gives tree level, g_p = 1 - 4 sin^2(theta_W), g_n = -1 (see :meth:`couplings` and
      :func:`cevns.xsec.couplings.nucleon_couplings`).
      ``axial``: include the axial-vector term of nuclei with spin (Pandey, Prog. Part. Nucl.
      Phys. 2024, arXiv:2309.07840, Eq. 33; :mod:`cevns.nuclear.axial`); zero for spin-0 nuclei.
      ``g_p``, ``g_n``: nucleon vector couplings in the convention of Carey & Pandey
      (arXiv:2412.18055) Eq. (5)
      (Q_W = g_p Z + g_n N) at q = 0, overriding both models when given.
    New physics (all zero by default; a mapping or list is accepted and converted):
      ``magnetic_moment``: μ_ν per lepton flavor in Bohr magnetons (>= 0).
      ``charge_radius_cm2``: <r^2_ν> per lepton flavor in cm^2.
      ``millicharge``: q_ν per lepton flavor in units of the elementary charge.
      ``nsi``: :class:`NSI` or a mapping like {"ee_u": 0.1}.
      ``vector_mediators``, ``scalar_mediators``: tuples of :class:`VectorMediator`,
      :class:`ScalarMediator`.
      ``sterile``: :class:`SterileNeutrino` or None.
    """

    sin2_theta_w: float = SIN2_THETA_W_LOW_Q
    running: bool = False
    radiative: bool = True
    axial: bool = True
    g_p: float | None = None
    g_n: float | None = None
    magnetic_moment: FlavorValues = FlavorValues()
    charge_radius_cm2: FlavorValues = FlavorValues()
    millicharge: FlavorValues = FlavorValues()
    nsi: NSI = NSI()
    vector_mediators: tuple[VectorMediator, ...] = ()
    scalar_mediators: tuple[ScalarMediator, ...] = ()
    sterile: SterileNeutrino | None = None

    def __post_init__(self):
        s2 = _number(self.sin2_theta_w, "sin2_theta_w")
        if not 0.0 < s2 < 1.0:
            raise CevnsInputError(f"sin2_theta_w must lie in (0, 1), got {s2:g}")
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        set_("sin2_theta_w", s2)
        for flag in ("running", "radiative", "axial"):
            if not isinstance(getattr(self, flag), bool):
                raise CevnsInputError(f"{flag} must be true or false, got {getattr(self, flag)!r}")
        if self.running and self.radiative and self.g_p is None and self.g_n is None:
            raise CevnsInputError(
                "running applies to tree-level couplings (radiative=False); the radiative "
                "couplings carry their own momentum dependence"
            )
        for name in ("g_p", "g_n"):
            if getattr(self, name) is not None:
                value = _number(getattr(self, name), name)
                if abs(value) > MAX_NUCLEON_COUPLING:
                    raise CevnsInputError(
                        f"{name} must lie within ±{MAX_NUCLEON_COUPLING:g}, got {value:g}"
                    )
                set_(name, value)
        set_(
            "magnetic_moment",
            FlavorValues.from_mapping(self.magnetic_moment, "magnetic moment", True),
        )
        set_(
            "charge_radius_cm2",
            FlavorValues.from_mapping(self.charge_radius_cm2, "charge radius"),
        )
        set_("millicharge", FlavorValues.from_mapping(self.millicharge, "millicharge"))
        set_("nsi", NSI.from_mapping(self.nsi))
        for name, kind in (
            ("vector_mediators", VectorMediator),
            ("scalar_mediators", ScalarMediator),
        ):
            items = getattr(self, name)
            items = (items,) if isinstance(items, kind) else tuple(items)
            for item in items:
                if not isinstance(item, kind):
                    raise CevnsInputError(f"{name} must hold {kind.__name__} objects, got {item!r}")
            set_(name, items)
        if self.sterile is not None and not isinstance(self.sterile, SterileNeutrino):
            raise CevnsInputError("sterile must be a SterileNeutrino or None")

    def replace(self, **changes) -> PhysicsModel:
        """A copy with some parameters changed."""
        return replace(self, **changes)

    def standard_model(self) -> PhysicsModel:
        """The Standard Model with this model's electroweak settings (sin²θ_W, running,
        radiative, axial, g_p, g_n) and no new physics: the reference of a comparison."""
        return PhysicsModel(
            sin2_theta_w=self.sin2_theta_w,
            running=self.running,
            radiative=self.radiative,
            axial=self.axial,
            g_p=self.g_p,
            g_n=self.g_n,
        )

    @property
    def is_standard_model(self) -> bool:
        """True when every new-physics parameter is zero."""
        return not (
            self.magnetic_moment.any()
            or self.charge_radius_cm2.any()
            or self.millicharge.any()
            or self.nsi.any()
            or any(m.coupling != 0.0 for m in self.vector_mediators)
            or any(m.coupling != 0.0 for m in self.scalar_mediators)
            or (self.sterile is not None and self.sterile.dm41_eV2 > 0 and self._mixes())
        )

    def _mixes(self) -> bool:
        s = self.sterile
        return s.Ue4_sq > 0 or s.Umu4_sq > 0 or s.Utau4_sq > 0

    @property
    def radiative_couplings(self) -> bool:
        """True when the flavor-dependent radiative couplings are in use (``radiative`` and
        no explicit ``g_p``, ``g_n``)."""
        return self.radiative and self.g_p is None and self.g_n is None

    @cached_property
    def flavor_dependent(self) -> bool:
        """True when the cross section differs between lepton flavors (worked out once per
        model: a spectrum asks for it at every flavor of every target)."""
        return (
            self.radiative_couplings
            or self.magnetic_moment.any()
            or self.charge_radius_cm2.any()
            or self.millicharge.any()
            or self.nsi.any()
            or any(len(set(m.charge_nu)) > 1 for m in self.vector_mediators)
        )

    @property
    def infrared_divergent(self) -> bool:
        """True when dσ/dT grows without bound as T -> 0 (magnetic moment, millicharge), so
        that integrals over recoil energy need a threshold above zero."""
        return self.magnetic_moment.any() or self.millicharge.any()

    def flavor_key(self, flavor: str) -> str:
        """Label of the cross section a flavor sees: its lepton flavor when the model is
        flavor dependent, else one label for all (caches share cross sections by it)."""
        return lepton_flavor(flavor) if self.flavor_dependent else "all"

    def couplings(self, flavor: str = "numu") -> tuple[float, float]:
        """Standard-Model (g_p, g_n) at zero momentum transfer for a neutrino ``flavor``,
        before new physics, in the doubled convention (Q_W = g_p Z + g_n N).

        Tree level: g_p = 1 - 4 sin^2θ_W, g_n = -1. Radiative: twice the PDG 2024 couplings
        g_V^{νp} = 0.0298, g_V^{νn} = -0.5117 of muon neutrinos, with their tree-level part
        following ``sin2_theta_w`` (g_V^p = 1/2 - 2 sin^2θ_W + Δ_p), plus the charge-radius
        difference of the other flavors, (α/3π) ln(m_μ^2/m_ℓ^2) on g_V^p: the Standard-Model
        neutrino charge radii ⟨r²_νℓ⟩ ∝ 3 - 2 ln(m_ℓ²/m_W²) (J. Bernabéu, J. Papavassiliou,
        J. Vidal, Nucl. Phys. B 680 (2004) 450, hep-ph/0210055; C. Giunti and A. Studenikin,
        Rev. Mod. Phys. 87 (2015) 531, arXiv:1403.6344). The momentum dependence is added by
        :func:`cevns.xsec.couplings.nucleon_couplings`."""
        check_flavor(flavor)
        if self.g_p is not None or self.g_n is not None or not self.radiative:
            g_p = 1.0 - 4.0 * self.sin2_theta_w if self.g_p is None else self.g_p
            g_n = -1.0 if self.g_n is None else self.g_n
            return g_p, g_n
        shift = self.sin2_theta_w - SIN2_THETA_W_LOW_Q
        g_p = NU_PROTON_VECTOR_COUPLING - 2.0 * shift + _charge_radius_offset(flavor)
        return 2.0 * g_p, 2.0 * NU_NEUTRON_VECTOR_COUPLING

    def weak_charge(self, Z: int, N: int, flavor: str = "numu") -> float:
        """Standard-Model weak charge Q_W = g_p Z + g_n N at q = 0 (Carey & Pandey, NuFact 2024,
        arXiv:2412.18055, Eq. 5)."""
        g_p, g_n = self.couplings(flavor)
        return g_p * Z + g_n * N

    def to_dict(self) -> dict:
        """Plain dictionary of the parameters (for JSON output): the Standard-Model ones
        always, new physics only where set."""
        g_p, g_n = self.couplings()
        out: dict = {
            "sin2_theta_w": self.sin2_theta_w,
            "running": self.running,
            "radiative": self.radiative,
            "axial": self.axial,
            "g_p": g_p,
            "g_n": g_n,
            "couplings": (
                "given"
                if self.g_p is not None or self.g_n is not None
                else ("radiative" if self.radiative else "tree level")
            ),
        }
        for name in ("magnetic_moment", "charge_radius_cm2", "millicharge", "nsi"):
            value = getattr(self, name).to_dict()
            if value:
                out[name] = value
        if self.vector_mediators:
            out["vector_mediators"] = [m.to_dict() for m in self.vector_mediators]
        if self.scalar_mediators:
            out["scalar_mediators"] = [m.to_dict() for m in self.scalar_mediators]
        if self.sterile is not None:
            out["sterile"] = self.sterile.to_dict()
        out["standard_model"] = self.is_standard_model
        out["parameters"] = self.parameters()
        return out

    def parameters(self) -> dict[str, float]:
        """The model in the names and units of the parameter table (:data:`PARAMETERS`):
        ``sin2w`` always, the others where they are set (the first universal vector mediator
        and the first scalar as ``g_zprime``/``m_zprime``, ``g_scalar``/``m_scalar``)."""
        out = {"sin2w": self.sin2_theta_w}
        for prefix, name, scale in (
            ("mu_nu", "magnetic_moment", 1e-10),
            ("charge_radius", "charge_radius_cm2", 1e-32),
            ("millicharge", "millicharge", 1e-10),
        ):
            for flavor, value in getattr(self, name).to_dict().items():
                out[f"{prefix}_{flavor}"] = value / scale
        for key, value in self.nsi.to_dict().items():
            out[f"eps_{key}"] = value
        universal = [m for m in self.vector_mediators if m.charges == "universal"]
        if universal:
            out["g_zprime"], out["m_zprime"] = universal[0].coupling, universal[0].mass_MeV
        if self.scalar_mediators:
            s = self.scalar_mediators[0]
            out["g_scalar"], out["m_scalar"] = s.coupling, s.mass_MeV
        if self.sterile is not None:
            s = self.sterile
            out.update(dm41=s.dm41_eV2, ue4_sq=s.Ue4_sq, umu4_sq=s.Umu4_sq, utau4_sq=s.Utau4_sq)
        return out

    @classmethod
    def from_dict(cls, spec: dict) -> PhysicsModel:
        """Build from a dictionary as written by :meth:`to_dict` or read from a TOML file
        (see :func:`load_model`). Unknown keys are an error."""
        spec = dict(spec)
        known = {f.name for f in fields(cls)} | {"couplings", "standard_model", "parameters"}
        unknown = set(spec) - known
        if unknown:
            raise CevnsInputError(
                f"unknown physics-model key(s) {sorted(unknown)}; known: {sorted(known)}"
            )
        if spec.pop("couplings", None) in ("tree level", "radiative"):
            spec.pop("g_p", None)
            spec.pop("g_n", None)
        spec.pop("standard_model", None)
        spec.pop("parameters", None)  # derived from the fields (see parameters())

        def build(kind, items, what):
            items = [items] if isinstance(items, dict) else items
            accepted = [f.name for f in fields(kind)]
            required = [f.name for f in fields(kind) if f.default is MISSING]
            if not isinstance(items, list | tuple) or not all(isinstance(i, dict) for i in items):
                raise CevnsInputError(
                    f"{what} must be a table or a list of tables with keys {accepted}, "
                    f"got {items!r}"
                )
            for item in items:
                if set(item) - set(accepted) or set(required) - set(item):
                    raise CevnsInputError(
                        f"a {what} entry takes the keys {accepted} ({', '.join(required)} "
                        f"required), got {item!r}"
                    )
            return tuple(kind(**item) for item in items)

        if "vector_mediators" in spec:
            spec["vector_mediators"] = build(VectorMediator, spec["vector_mediators"], "vector")
        if "scalar_mediators" in spec:
            spec["scalar_mediators"] = build(ScalarMediator, spec["scalar_mediators"], "scalar")
        if spec.get("sterile") is not None and not isinstance(spec["sterile"], SterileNeutrino):
            spec["sterile"] = build(SterileNeutrino, spec["sterile"], "sterile")[0]
        return cls(**spec)


_MODEL_FILE_KEYS = (
    "parameters", "running", "axial", "radiative", "g_p", "g_n", "vector_mediators",
)  # fmt: skip


def load_model(path) -> PhysicsModel:
    """Read a physics model from a TOML file: a ``[parameters]`` table in the names and units
    of the parameter table (:data:`PARAMETERS`, e.g. ``sin2w``, ``mu_nu_mu``, ``eps_ee_u``,
    ``dm41``), and optionally ``running``, ``radiative``, ``axial``, ``g_p``, ``g_n`` and
    ``[[vector_mediators]]`` (mass_MeV, coupling, charges) for what the table does not hold."""
    from ._toml import load_toml_file

    data = load_toml_file(path)
    unknown = set(data) - set(_MODEL_FILE_KEYS)
    if unknown:
        raise DataFileError(
            path,
            f"unknown key(s) {sorted(unknown)}; a model file holds a [parameters] table "
            f"(names: {', '.join(PARAMETERS)}, eps_<ab>_<q>) and optionally "
            f"{', '.join(_MODEL_FILE_KEYS[1:])}",
        )
    values = data.pop("parameters", {})
    if not isinstance(values, dict):
        raise DataFileError(path, "[parameters] must be a table of name = value")
    try:
        return apply_parameters(PhysicsModel.from_dict(data), values)
    except CevnsInputError as err:
        raise DataFileError(path, str(err)) from None


# --- the parameter table -------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """A named physics parameter, the one vocabulary of fits, scans, the command line
    (``--param NAME=VALUE``), physics-model files (``[parameters]``) and JSON outputs:
    ``label`` for plots, ``unit`` of its values, the Standard-Model (null) value ``null``,
    a default scan range and a ``description``.

    ``coupling`` says how the rate depends on the parameter when the masses (and every
    parameter with ``coupling=None``) are held: ``(p, group)`` makes the rate a polynomial in
    ``value**p``. Group "amplitude": the CEvNS amplitude is linear in ``value**p``, so the rate is
    quadratic in the group's variables together (g_p, g_n are linear in sin²θ_W, NSI add to
    them, a Z' adds g² Q'/(q² + M²)); "incoherent": adds a rate linear in ``value**p`` (the
    magnetic moment's μ², a scalar's g⁴); "mixing": the sterile oscillation probabilities,
    quadratic in the ``|U_α4|²`` and multiplying the rest. :mod:`cevns.inference.factorised`
    builds scan templates from it."""

    name: str
    label: str
    unit: str
    null: float
    default_range: tuple[float, float]
    description: str = ""
    coupling: tuple[int, str] | None = None


def _flavored(prefix, label, unit, null, span, what, coupling):
    return tuple(
        Parameter(
            f"{prefix}_{f}", label.format(f=tex), unit, null, span, f"{what} of ν_{f}", coupling
        )
        for f, tex in (("e", "e"), ("mu", r"\mu"), ("tau", r"\tau"))
    )


PARAMETERS = {
    p.name: p
    for p in (
        Parameter("sin2w", r"$\sin^2\theta_W$", "", SIN2_THETA_W_LOW_Q, (0.12, 0.36),
                  "weak mixing angle at zero momentum transfer", (1, "amplitude")),
        Parameter("rn", r"$R_n$", "fm", float("nan"), (2.0, 8.0),
                  "neutron rms radius of every target nucleus (a form-factor parameter)"),
        Parameter("mu_nu", r"$\mu_\nu$", "1e-10 mu_B", 0.0, (0.0, 100.0),
                  "magnetic moment, equal for all flavors", (2, "incoherent")),
        *_flavored("mu_nu", r"$\mu_{{\nu_{f}}}$", "1e-10 mu_B", 0.0, (0.0, 100.0),
                   "magnetic moment", (2, "incoherent")),
        *_flavored("charge_radius", r"$\langle r^2_{{\nu_{f}}}\rangle$", "1e-32 cm^2", 0.0,
                   (-10.0, 10.0), "charge radius <r^2>", (1, "amplitude")),
        *_flavored("millicharge", r"$q_{{\nu_{f}}}$", "1e-10 e", 0.0, (-10.0, 10.0),
                   "electric charge", (1, "amplitude")),
        Parameter("g_zprime", r"$g_{Z'}$", "", 0.0, (1e-6, 1e-3),
                  "coupling of a universal light vector mediator", (2, "amplitude")),
        Parameter("m_zprime", r"$M_{Z'}$", "MeV", float("nan"), (1.0, 1000.0),
                  "mass of the universal light vector mediator"),
        Parameter("g_scalar", r"$g_\phi$", "", 0.0, (1e-7, 1e-4), "coupling of a light scalar",
                  (4, "incoherent")),
        Parameter("m_scalar", r"$m_\phi$", "MeV", float("nan"), (1.0, 1000.0),
                  "mass of the light scalar"),
        Parameter("dm41", r"$\Delta m^2_{41}$", "eV^2", 0.0, (0.1, 100.0),
                  "sterile mass splitting (3+1)"),
        Parameter("ue4_sq", r"$|U_{e4}|^2$", "", 0.0, (0.0, 0.1), "sterile mixing with ν_e",
                  (1, "mixing")),
        Parameter("umu4_sq", r"$|U_{\mu4}|^2$", "", 0.0, (0.0, 0.1), "sterile mixing with ν_μ",
                  (1, "mixing")),
        Parameter("utau4_sq", r"$|U_{\tau4}|^2$", "", 0.0, (0.0, 0.1),
                  "sterile mixing with ν_τ", (1, "mixing")),
    )
}  # fmt: skip
"""The parameter table: name -> :class:`Parameter`. NSI parameters ``eps_<ab>_<q>`` (e.g.
``eps_ee_u``, ``eps_emu_d``) are generated by :func:`check_parameter`."""

_NSI = re.compile(r"^eps_(e|mu|tau)(e|mu|tau)_(u|d)$")
_SCALE = {"1e-10 mu_B": 1e-10, "1e-32 cm^2": 1e-32, "1e-10 e": 1e-10}


def check_parameter(name: str) -> Parameter:
    """The :class:`Parameter` called ``name`` (NSI names are generated)."""
    if name in PARAMETERS:
        return PARAMETERS[name]
    match = _NSI.match(name)
    if match:
        a, b, q = match.groups()
        return Parameter(
            name, rf"$\varepsilon^{{{q}V}}_{{{a}{b}}}$", "", 0.0, (-1.0, 1.0),
            f"vector NSI with {q} quarks, flavors {a}{b}", (1, "amplitude"),
        )  # fmt: skip
    nsi = "eps_<ab>_<q> (e.g. eps_ee_u)"
    raise CevnsInputError(f"unknown parameter {name!r}; known: {', '.join(PARAMETERS)}, {nsi}")


def apply_parameters(model: PhysicsModel, values: dict) -> PhysicsModel:
    """``model`` with the table parameters ``values`` (name -> value in the table's unit) set.
    ``rn`` belongs to the form factor and is refused here; ``g_zprime`` needs ``m_zprime``,
    ``g_scalar`` needs ``m_scalar``, the sterile mixings need ``dm41``."""
    changes: dict = {}
    flavored = {"mu_nu": {}, "charge_radius": {}, "millicharge": {}}
    nsi = dict(model.nsi.to_dict())
    sterile: dict = {}
    for name, raw in values.items():
        p = check_parameter(name)
        value = _number(raw, name) * _SCALE.get(p.unit, 1.0)
        if name == "sin2w":
            changes["sin2_theta_w"] = value
        elif name == "rn":
            raise CevnsInputError("rn is the neutron radius of the form factor, not of the model")
        elif name == "mu_nu":
            flavored["mu_nu"]["all"] = value
        elif name.rsplit("_", 1)[0] in flavored:
            flavored[name.rsplit("_", 1)[0]][name.rsplit("_", 1)[1]] = value
        elif name.startswith("eps_"):
            nsi[name[4:]] = value
        elif name in ("dm41", "ue4_sq", "umu4_sq", "utau4_sq"):
            sterile[name] = value
    for suffix, kind, field_name in (
        ("zprime", VectorMediator, "vector_mediators"),
        ("scalar", ScalarMediator, "scalar_mediators"),
    ):
        coupling, mass = f"g_{suffix}", f"m_{suffix}"
        if coupling in values or mass in values:
            if not {coupling, mass} <= set(values):
                raise CevnsInputError(
                    f"{coupling} and {mass} go together (coupling and mass in MeV)"
                )
            mediator = kind(_number(values[mass], mass), _number(values[coupling], coupling))
            if mediator.coupling != 0.0:  # a mediator that does not couple changes nothing
                changes[field_name] = (*getattr(model, field_name), mediator)
    if sterile:
        if "dm41" not in sterile:
            raise CevnsInputError("sterile mixings need dm41 (the mass splitting in eV^2)")
        mixed = SterileNeutrino(
            sterile["dm41"], sterile.get("ue4_sq", 0.0), sterile.get("umu4_sq", 0.0),
            sterile.get("utau4_sq", 0.0),
        )  # fmt: skip
        if mixed.Ue4_sq or mixed.Umu4_sq or mixed.Utau4_sq:  # unmixed, it changes nothing
            changes["sterile"] = mixed
    fields_ = {"mu_nu": "magnetic_moment", "charge_radius": "charge_radius_cm2",
               "millicharge": "millicharge"}  # fmt: skip
    for prefix, per_flavor in flavored.items():
        if per_flavor:
            # "all" first, so that a flavor's own value wins over it
            ordered = dict(sorted(per_flavor.items(), key=lambda kv: kv[0] != "all"))
            changes[fields_[prefix]] = {**getattr(model, fields_[prefix]).to_dict(), **ordered}
    if nsi != model.nsi.to_dict():
        changes["nsi"] = nsi
    return model.replace(**changes) if changes else model
