"""Dark matter from a proton beam dump: dark photons from meson decays and their decay to χχ̄.

* :func:`meson_branching`: BR(M -> γ A') = 2 ε² (1 - m_V²/m_M²)³ BR(M -> γγ) for M = π0, η
  (B. Batell, M. Pospelov, A. Ritz, Phys. Rev. D 80, 095024 (2009), arXiv:0906.5614;
  P. deNiverville, M. Pospelov, A. Ritz, Phys. Rev. D 84, 075020 (2011), arXiv:1107.4580).
  One photon of the anomaly-driven M -> γγ is replaced by the A' (coupling ε e, either photon:
  factor 2), and the rate of the ε^{μνρσ} vertex goes as the cube of the photon momentum,
  (m_M² - m_V²)³/m_M⁶ of the massless case.
* :func:`mediator_widths`: Γ(A' -> χχ̄) = (α_D m_V/12)(1 - 4x)^{3/2} (complex scalar) or
  (α_D m_V/3)(1 + 2x)(1 - 4x)^{1/2} (Dirac fermion), x = m_χ²/m_V², and
  Γ(A' -> e+e-) = (α ε² m_V/3)(1 + 2y)(1 - 4y)^{1/2}, y = m_e²/m_V² (the vector-boson two-body
  widths; e.g. deNiverville et al. 2011): χχ̄ dominates whenever open, since α_D >> α ε².
* :class:`BoxSpectrum` and :func:`dm_energy_box`: an A' of energy E_V decaying isotropically in
  its rest frame gives χ energies uniform between E± = γ(E* ± β p*), E* = m_V/2 (the "box"):
  an exact, normalised spectrum with closed-form moments, usable by the rate engine.
* :func:`dm_flux_monte_carlo`: χ reaching a detector from a :class:`MesonSample` (mesons at
  rest, or a user's four-momenta, :func:`read_meson_list`), bit-reproducible for a given
  random state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import (
    ELECTRON_MASS,
    ETA_GAMMA_GAMMA,
    ETA_MASS,
    FINE_STRUCTURE,
    NEUTRAL_PION_GAMMA_GAMMA,
    NEUTRAL_PION_MASS,
)
from ..darksector import DarkSector
from ..errors import CevnsInputError
from .spectra import NODE_POINTS, LineSpectrum, continuum_nodes

__all__ = [
    "BoxSpectrum",
    "StepSpectrum",
    "dm_flux_at_rest",
    "DarkMatterFlux",
    "DarkMatterTiming",
    "MESONS",
    "MesonSample",
    "dm_flux_monte_carlo",
    "read_meson_list",
    "dm_energy_box",
    "invisible_fraction",
    "mediator_energy_at_rest",
    "mediator_widths",
    "meson_branching",
    "offshell_branching_density",
]

MESONS = {"pi0": (NEUTRAL_PION_MASS, NEUTRAL_PION_GAMMA_GAMMA), "eta": (ETA_MASS, ETA_GAMMA_GAMMA)}
"""Mass (MeV) and BR(-> γγ) of the neutral mesons that radiate dark photons (PDG 2024)."""


def _meson(name: str) -> tuple[float, float]:
    if name not in MESONS:
        raise CevnsInputError(f"unknown meson {name!r}; use {', '.join(MESONS)}")
    return MESONS[name]


def meson_branching(meson: str, dark: DarkSector) -> float:
    """BR(meson -> γ A') for ``meson`` "pi0" or "eta" (module docstring); 0 when m_V >= m_M.
    For a baryonic vector, BR(π0 -> γ V_B) = 2 (α_B/α)(1 - m_V²/m_π²)³ BR(π0 -> γγ), the
    same form with ε² = α_B/α: the anomaly's flavour factor Tr[T3 Q B] equals Tr[T3 Q Q]
    (both 1/6 with B = 1/3 per quark; Tulin 2014, arXiv:1404.4370). The η's factor depends on
    η-η' mixing and is not given."""
    mass, to_gamma_gamma = _meson(meson)
    if dark.mediator == "baryonic" and meson != "pi0":
        raise CevnsInputError(
            f"{meson} -> γ V_B for a baryonic vector is not provided (it needs the η-η' "
            "mixing); use pi0"
        )
    ratio = dark.mediator_mass_MeV**2 / mass**2
    if ratio >= 1.0:
        return 0.0
    return 2.0 * dark.epsilon**2 * (1.0 - ratio) ** 3 * to_gamma_gamma


def mediator_widths(dark: DarkSector) -> dict[str, float]:
    """Partial widths of the dark photon in MeV: ``"chi"`` (to χχ̄) and ``"ee"`` (to e+e-;
    none for a leptophobic vector, whose kinetic mixing is left out)."""
    m_v = dark.mediator_mass_MeV
    x = dark.dm_mass_MeV**2 / m_v**2
    if x >= 0.25:
        chi = 0.0
    elif dark.dm_spin == "scalar":
        chi = dark.alpha_dark * m_v / 12.0 * (1.0 - 4.0 * x) ** 1.5
    else:
        chi = dark.alpha_dark * m_v / 3.0 * (1.0 + 2.0 * x) * np.sqrt(1.0 - 4.0 * x)
    y = ELECTRON_MASS**2 / m_v**2
    ee = 0.0
    if y < 0.25 and dark.mediator == "dark_photon":
        ee = FINE_STRUCTURE * dark.epsilon**2 * m_v / 3.0 * (1.0 + 2.0 * y) * np.sqrt(1.0 - 4.0 * y)
    return {"chi": float(chi), "ee": float(ee)}


def invisible_fraction(dark: DarkSector) -> float:
    """BR(A' -> χχ̄) among the two-body channels of :func:`mediator_widths`."""
    widths = mediator_widths(dark)
    total = widths["chi"] + widths["ee"]
    return widths["chi"] / total if total > 0 else 0.0


def offshell_branching_density(s, meson: str, dark: DarkSector):
    """dBR(M -> γ χχ̄)/ds in MeV⁻² at χχ̄ invariant mass squared s (MeV²), through a virtual
    mediator: dBR/ds = BR(M -> γ V*(√s)) (1/π) √s Γ(V* -> χχ̄) / [(s - m_V²)² + m_V² Γ_V²],
    the two-body branching of a mediator of mass √s times its decay, with the propagator
    (the factorisation of a vector exchange; it equals the form of deNiverville, Pospelov &
    Ritz 2011, arXiv:1107.4580, for the scalar). Its integral is BR(M -> γ V) BR(V -> χχ̄)
    when V is on shell and narrow (tested)."""
    s = np.atleast_1d(np.asarray(s, dtype=float))
    mass, _ = _meson(meson)
    m_chi, m_v = dark.dm_mass_MeV, dark.mediator_mass_MeV
    widths = mediator_widths(dark)
    total_width = widths["chi"] + widths["ee"]
    out = np.zeros_like(s)
    inside = (s > 4.0 * m_chi**2) & (s < mass**2)
    for i in np.flatnonzero(inside):
        virtual = dark.replace(mediator_mass_MeV=float(np.sqrt(s[i])))
        two_body = meson_branching(meson, virtual)
        to_chi = mediator_widths(virtual)["chi"]
        propagator = (s[i] - m_v**2) ** 2 + (m_v * total_width) ** 2
        out[i] = two_body * np.sqrt(s[i]) * to_chi / (np.pi * propagator)
    return out


def _offshell_boxes(meson: str, dark: DarkSector, nodes: int = 48):
    """χ boxes and branchings of M -> γ χχ̄ through a virtual mediator, on ``nodes``
    Gauss-Legendre nodes in s over [4 m_χ², m_M²] (the density vanishes at both ends)."""
    mass, _ = _meson(meson)
    lo, hi = 4.0 * dark.dm_mass_MeV**2, mass**2
    if lo >= hi:
        return [], []
    x, w = np.polynomial.legendre.leggauss(nodes)
    s = 0.5 * (hi - lo) * (x + 1.0) + lo
    weights = 0.5 * (hi - lo) * w * offshell_branching_density(s, meson, dark)
    boxes = []
    for si in s:
        virtual = dark.replace(mediator_mass_MeV=float(np.sqrt(si)))
        boxes.append(dm_energy_box((mass**2 + si) / (2.0 * mass), virtual))
    return boxes, list(weights)


def mediator_energy_at_rest(meson: str, dark: DarkSector) -> float:
    """Energy (MeV) of the A' from ``meson`` -> γ A' at rest: (m_M² + m_V²)/(2 m_M)."""
    mass, _ = _meson(meson)
    if dark.mediator_mass_MeV >= mass:
        raise CevnsInputError(f"a {dark.mediator_mass_MeV:g} MeV mediator is above the {meson}")
    return (mass**2 + dark.mediator_mass_MeV**2) / (2.0 * mass)


@dataclass(frozen=True)
class BoxSpectrum:
    """pdf(E) = 1/(hi - lo) for lo <= E <= hi (MeV): the total energy of χ from a mediator of
    fixed energy decaying isotropically. Follows the spectrum protocol of
    :mod:`cevns.sources.spectra` (exact inverse-energy moments)."""

    lo: float
    hi: float
    lines: tuple[float, ...] = ()

    def __post_init__(self):
        if not (0 < self.lo < self.hi and np.isfinite(self.hi)):
            raise CevnsInputError(f"a box spectrum needs 0 < lo < hi, got {self.lo}, {self.hi}")

    @property
    def max_energy(self) -> float:
        return self.hi

    def pdf(self, energy):
        E = np.asarray(energy, dtype=float)
        return np.where((E >= self.lo) & (E <= self.hi), 1.0 / (self.hi - self.lo), 0.0)

    def moments(self, e_min):
        """Φ_k = ∫_{max(E_min, lo)}^{hi} E^{-k} dE / (hi - lo), k = 0, 1, 2."""
        lo = np.clip(np.asarray(e_min, dtype=float), self.lo, self.hi)
        width = self.hi - self.lo
        return np.stack(
            [
                (self.hi - lo) / width,
                np.log(self.hi / lo) / width,
                (1.0 / lo - 1.0 / self.hi) / width,
            ]
        )

    def mean_energy(self) -> float:
        return 0.5 * (self.lo + self.hi)

    def nodes(self, breaks=(), lo=0.0, hi=None, points=NODE_POINTS):
        """Integration nodes and weights (see :func:`~cevns.sources.spectra.continuum_nodes`)."""
        return continuum_nodes(self, (self.lo,), breaks, np.maximum(lo, self.lo), hi, points)


@dataclass(frozen=True)
class StepSpectrum:
    """A piecewise-constant pdf: probability ``weights[i]`` spread evenly over
    [edges[i], edges[i+1]] (MeV; weights normalised here). A sum of :class:`BoxSpectrum` (χ
    from several A' energies) is one; exact moments, the spectrum protocol of
    :mod:`cevns.sources.spectra`."""

    edges: tuple[float, ...]
    weights: tuple[float, ...]
    lines: tuple[float, ...] = ()

    def __post_init__(self):
        e = np.asarray(self.edges, dtype=float)
        w = np.asarray(self.weights, dtype=float)
        if e.ndim != 1 or e.size != w.size + 1 or w.size == 0:
            raise CevnsInputError("a step spectrum needs n + 1 edges for n weights")
        if not (np.all(np.isfinite(e)) and e[0] > 0 and np.all(np.diff(e) > 0)):
            raise CevnsInputError("step spectrum edges must be positive, finite and increasing")
        if not (np.all(np.isfinite(w)) and np.all(w >= 0) and w.sum() > 0):
            raise CevnsInputError("step spectrum weights must be finite, >= 0, not all zero")
        object.__setattr__(self, "edges", tuple(map(float, e)))
        object.__setattr__(self, "weights", tuple(map(float, w / w.sum())))

    @classmethod
    def of_boxes(cls, boxes, weights) -> StepSpectrum:
        """The mixture Σ_j weights[j] x boxes[j] of :class:`BoxSpectrum` s."""
        edges = np.unique([x for b in boxes for x in (b.lo, b.hi)])
        mid = 0.5 * (edges[1:] + edges[:-1])
        density = sum(w * b.pdf(mid) for b, w in zip(boxes, weights, strict=True))
        return cls(tuple(edges), tuple(density * np.diff(edges)))

    @property
    def max_energy(self) -> float:
        return self.edges[-1]

    def pdf(self, energy):
        e, w = np.asarray(self.edges), np.asarray(self.weights)
        E = np.asarray(energy, dtype=float)
        i = np.clip(np.searchsorted(e, E, side="right") - 1, 0, w.size - 1)
        inside = (E >= e[0]) & (E <= e[-1])
        return np.where(inside, w[i] / np.diff(e)[i], 0.0)

    def moments(self, e_min):
        """Φ_k = Σ_i density_i ∫_{max(E_min, e_i)}^{e_i+1} E^{-k} dE, k = 0, 1, 2."""
        e, w = np.asarray(self.edges), np.asarray(self.weights)
        density = w / np.diff(e)
        lo = np.clip(np.asarray(e_min, dtype=float)[..., None], e[:-1], e[1:])
        hi = e[1:]
        return np.stack(
            [
                np.sum(density * (hi - lo), axis=-1),
                np.sum(density * np.log(hi / lo), axis=-1),
                np.sum(density * (1.0 / lo - 1.0 / hi), axis=-1),
            ]
        )

    def mean_energy(self) -> float:
        e, w = np.asarray(self.edges), np.asarray(self.weights)
        return float(np.sum(w * 0.5 * (e[1:] + e[:-1])))

    def nodes(self, breaks=(), lo=0.0, hi=None, points=NODE_POINTS):
        """Integration nodes and weights (see :func:`~cevns.sources.spectra.continuum_nodes`)."""
        return continuum_nodes(self, self.edges, breaks, np.maximum(lo, self.edges[0]), hi, points)


def dm_energy_box(mediator_energy_MeV: float, dark: DarkSector) -> BoxSpectrum | LineSpectrum:
    """Spectrum of the χ total energy from an A' of energy ``mediator_energy_MeV`` decaying
    isotropically to χχ̄: uniform between γ(E* - β p*) and γ(E* + β p*), E* = m_V/2,
    p* = sqrt(E*² - m_χ²) (two-body decay boosted along the A' momentum)."""
    m_v, m_chi = dark.mediator_mass_MeV, dark.dm_mass_MeV
    if 2.0 * m_chi >= m_v:
        raise CevnsInputError(f"A' of {m_v:g} MeV cannot decay to two χ of {m_chi:g} MeV")
    if mediator_energy_MeV < m_v:
        raise CevnsInputError("the mediator energy must be at least its mass")
    gamma = mediator_energy_MeV / m_v
    beta = np.sqrt(max(1.0 - 1.0 / gamma**2, 0.0))
    e_star = 0.5 * m_v
    p_star = np.sqrt(e_star**2 - m_chi**2)
    if beta == 0.0:  # the A' at rest: every χ has E* exactly
        return LineSpectrum(float(e_star))
    lo, hi = gamma * (e_star - beta * p_star), gamma * (e_star + beta * p_star)
    return BoxSpectrum(float(lo), float(hi))


# --- mesons and the chi flux at a detector ------------------------------------------------------


@dataclass(frozen=True)
class MesonSample:
    """Neutral mesons of one kind (``meson``: "pi0" or "eta") as four-momenta (MeV; z along
    the proton beam) with a weight each: mesons per proton on target that row stands for."""

    meson: str
    energy: np.ndarray
    momentum: np.ndarray  # shape (n, 3)
    weight: np.ndarray

    def __post_init__(self):
        mass, _ = _meson(self.meson)
        E = np.asarray(self.energy, dtype=float)
        p = np.asarray(self.momentum, dtype=float).reshape(-1, 3)
        w = np.asarray(self.weight, dtype=float)
        if not (E.shape == w.shape == (p.shape[0],)) or E.size == 0:
            raise CevnsInputError(
                "a meson sample needs equal numbers of energies, momenta, weights"
            )
        if not (np.all(np.isfinite(E)) and np.all(np.isfinite(p)) and np.all(np.isfinite(w))):
            raise CevnsInputError("meson energies, momenta and weights must be finite")
        if np.any(w < 0):
            raise CevnsInputError("meson weights must be >= 0")
        mass2 = E * E - np.sum(p * p, axis=1)
        if np.any(np.abs(np.sqrt(np.maximum(mass2, 0.0)) - mass) > 1e-3 * mass):
            raise CevnsInputError(f"the four-momenta are not on the {self.meson} mass shell")
        object.__setattr__(self, "energy", E)
        object.__setattr__(self, "momentum", p)
        object.__setattr__(self, "weight", w)

    @classmethod
    def at_rest(cls, meson: str, per_pot: float) -> MesonSample:
        """``per_pot`` mesons per proton on target, all decaying at rest."""
        mass, _ = _meson(meson)
        return cls(meson, np.array([mass]), np.zeros((1, 3)), np.array([float(per_pot)]))


def read_meson_list(path, meson: str) -> MesonSample:
    """A user's meson list: CSV with columns E, px, py, pz (MeV) and weight (mesons per proton
    on target per row), '#' comments allowed; every problem is a DataFileError naming the
    file and line."""
    from .._files import read_text_file
    from ..errors import DataFileError

    rows = []
    for number, line in enumerate(
        read_text_file(path, "meson list (E,px,py,pz,weight)").splitlines(), 1
    ):
        text = line.split("#", 1)[0].strip()
        if not text or text.lower().startswith("e,"):
            continue
        parts = text.split(",")
        try:
            values = [float(x) for x in parts]
        except ValueError:
            raise DataFileError(path, f"not five numbers: {text!r}", line=number) from None
        if len(values) != 5 or not np.all(np.isfinite(values)):
            raise DataFileError(
                path, "expected E,px,py,pz,weight (five finite numbers)", line=number
            )
        rows.append(values)
    if not rows:
        raise DataFileError(path, "no meson rows (E,px,py,pz,weight)")
    data = np.asarray(rows)
    try:
        return MesonSample(meson, data[:, 0], data[:, 1:4], data[:, 4])
    except CevnsInputError as err:
        raise DataFileError(path, str(err)) from None


@dataclass(frozen=True)
class DarkMatterFlux:
    """χ reaching a detector, per proton on target: total energies (MeV), weights (χ per POT
    per row) and arrival delays behind a light-speed particle (ns), from
    :func:`dm_flux_monte_carlo`."""

    energy: np.ndarray
    weight: np.ndarray
    delay_ns: np.ndarray
    dark: DarkSector
    distance_m: float
    detector_radius_m: float

    @property
    def per_pot(self) -> float:
        """χ per proton on target crossing the detector."""
        return float(np.sum(self.weight))

    def spectrum(self, bins: int = 60):
        """The normalised energy spectrum as a :class:`~cevns.sources.spectra.TabulatedSpectrum`
        (histogram bin centres, ``bins`` bins between the lowest and highest energy)."""
        from .spectra import TabulatedSpectrum

        if self.energy.size == 0:
            raise CevnsInputError(
                "no χ of the sample reached the detector: raise decays_per_meson (the cone "
                "of a small or distant detector catches a small share of the decays)"
            )
        lo, hi = float(self.energy.min()), float(self.energy.max())
        if hi <= lo * (1 + 1e-9):
            return LineSpectrum(lo)
        counts, edges = np.histogram(self.energy, bins=bins, range=(lo, hi), weights=self.weight)
        centres = 0.5 * (edges[1:] + edges[:-1])
        E = np.concatenate([[lo], centres, [hi]])
        f = np.concatenate([[counts[0]], counts, [counts[-1]]])
        return TabulatedSpectrum(tuple(E), tuple(np.maximum(f, 0.0)))

    def flux(self, protons_per_second: float, timing=None, bins: int = 60):
        """The χ flux at the detector as a :class:`~cevns.sources.flux.Flux` with one "chi"
        component: χ/cm²/s = χ per POT x POT/s over the sphere's area inside the acceptance
        cone, 2π(1 - cos a) L² with tan a = R/L (π R² for a small detector), the mean density
        over the cone;
        arriving with the "prompt" class of ``timing`` (a source's arrival-time model: the
        beam pulse; the π0 lifetime, 8.5e-17 s, and the χ flight delays are left out)."""
        from .flux import Flux, FluxComponent

        if not (np.isfinite(protons_per_second) and protons_per_second > 0):
            raise CevnsInputError("protons_per_second must be a positive finite number")
        cone = np.arctan(self.detector_radius_m / self.distance_m)
        area_cm2 = 2.0 * np.pi * (1.0 - np.cos(cone)) * (self.distance_m * 100.0) ** 2
        rate = self.per_pot * protons_per_second / area_cm2
        component = FluxComponent("chi", self.spectrum(bins), rate, "prompt")
        if timing is not None:
            timing = DarkMatterTiming(timing.pulse, self.delay_ns, self.weight)
        meta = {"source": "dark matter from meson decays", "distance_m": self.distance_m}
        meta.update({f"dark_{k}": v for k, v in self.dark.to_dict().items()})
        return Flux((component,), timing, meta)


class DarkMatterTiming:
    """Arrival times of χ (ns after the proton-pulse centre, like the neutrino timing): the
    pulse shape convolved with the χ flight delays behind light (weighted samples). Offers the
    timing interface of :class:`~cevns.sources.timing.DecayAtRestTiming` for the kind
    "prompt"."""

    def __init__(self, pulse, delays_ns, weights, step_ns: float = 0.5):
        delays = np.asarray(delays_ns, dtype=float)
        weights = np.asarray(weights, dtype=float)
        if delays.size == 0 or weights.sum() <= 0:
            raise CevnsInputError("χ arrival times need at least one χ with a positive weight")
        self.pulse = pulse
        t0, t1 = pulse.support()
        t = np.arange(t0, t1 + delays.max() + step_ns, step_ns)
        p = pulse.pdf(t)
        p = p / (np.sum(p) * step_ns)
        shifts = np.round(delays / step_ns).astype(int)
        delay_hist = np.bincount(shifts, weights=weights, minlength=1) / weights.sum()
        density = np.convolve(p, delay_hist)[: t.size]
        cdf = np.concatenate([[0.0], np.cumsum(0.5 * (density[1:] + density[:-1]) * step_ns)])
        self._t, self._pdf, self._cdf = t, density / cdf[-1], cdf / cdf[-1]

    @staticmethod
    def _check_kind(kind: str) -> None:
        if kind != "prompt":
            raise CevnsInputError(f"χ arrive promptly: timing kind 'prompt', got {kind!r}")

    def support(self) -> tuple[float, float]:
        return float(self._t[0]), float(self._t[-1])

    def pdf(self, kind: str, t_ns):
        """Arrival-time density (1/ns)."""
        self._check_kind(kind)
        return np.interp(t_ns, self._t, self._pdf, left=0.0, right=0.0)

    def cdf(self, kind: str, t_ns):
        """Share of χ arrived before ``t_ns``."""
        self._check_kind(kind)
        return np.interp(t_ns, self._t, self._cdf, left=0.0, right=1.0)

    def fraction(self, kind: str, t_start_ns: float, t_stop_ns: float) -> float:
        """Share of χ arriving between ``t_start_ns`` and ``t_stop_ns``."""
        return float(self.cdf(kind, t_stop_ns) - self.cdf(kind, t_start_ns))


MAX_DECAYS = 20_000_000
"""Most meson decays one Monte Carlo call follows (memory grows with it)."""


def _isotropic(rng, n):
    cos = rng.uniform(-1.0, 1.0, n)
    phi = rng.uniform(0.0, 2.0 * np.pi, n)
    sin = np.sqrt(1.0 - cos * cos)
    return np.stack([sin * np.cos(phi), sin * np.sin(phi), cos], axis=1)


def _boost(E_rest, p_rest, velocity):
    """Lorentz-boost four-vectors (E_rest, p_rest) from a frame moving with ``velocity``
    (shape (n, 3), |v| < 1) to the lab."""
    beta2 = np.sum(velocity * velocity, axis=1)
    gamma = 1.0 / np.sqrt(1.0 - beta2)
    bp = np.sum(velocity * p_rest, axis=1)
    safe = np.where(beta2 > 0, beta2, 1.0)
    coefficient = np.where(beta2 > 0, (gamma - 1.0) * bp / safe, 0.0)
    p_lab = p_rest + (coefficient + gamma * E_rest)[:, None] * velocity
    return gamma * (E_rest + bp), p_lab


def dm_flux_monte_carlo(
    mesons: MesonSample,
    dark: DarkSector,
    distance_m: float,
    detector_radius_m: float,
    off_axis_deg: float = 90.0,
    decays_per_meson: int = 200,
    random_state: int = 0,
) -> DarkMatterFlux:
    """χ from ``mesons`` -> γ A', A' -> χχ̄ reaching a detector of radius ``detector_radius_m``
    at ``distance_m`` from the target, ``off_axis_deg`` from the proton beam (z) in the x-z
    plane. Each meson row decays ``decays_per_meson`` times, isotropically in its rest frame,
    and each A' decays isotropically in its own; a χ counts when its direction lies within
    the detector's cone, half-angle atan(R/L) (the A' decays promptly: its lifetime is
    ħ/Γ ~ 1e-21 s for α_D ~ 0.5). The same inputs and ``random_state`` give bit-identical
    output."""
    if not (np.isfinite(distance_m) and distance_m > 0 and 0 < detector_radius_m < distance_m):
        raise CevnsInputError("need 0 < detector radius < distance (m)")
    if not 1 <= decays_per_meson <= 100_000:
        raise CevnsInputError("decays_per_meson must be between 1 and 100000")
    if mesons.energy.size * decays_per_meson > MAX_DECAYS:
        raise CevnsInputError(
            f"{mesons.energy.size} meson rows x {decays_per_meson} decays is more than "
            f"{MAX_DECAYS:.0e} decays: lower decays_per_meson"
        )
    if not np.isfinite(off_axis_deg):
        raise CevnsInputError(f"off_axis_deg must be finite, got {off_axis_deg!r}")
    if not (isinstance(random_state, int | np.integer) and random_state >= 0):
        raise CevnsInputError(f"the random state must be an integer >= 0, got {random_state!r}")
    mass, _ = _meson(mesons.meson)
    m_v, m_chi = dark.mediator_mass_MeV, dark.dm_mass_MeV
    if 2.0 * m_chi >= m_v:
        raise CevnsInputError(f"A' of {m_v:g} MeV cannot decay to two χ of {m_chi:g} MeV")
    if m_v >= mass:
        raise CevnsInputError(f"a {m_v:g} MeV mediator cannot come from {mesons.meson} decays")
    branching = meson_branching(mesons.meson, dark) * invisible_fraction(dark)
    rng = np.random.default_rng(random_state)
    n = mesons.energy.size * decays_per_meson
    E_m = np.repeat(mesons.energy, decays_per_meson)
    p_m = np.repeat(mesons.momentum, decays_per_meson, axis=0)
    w = np.repeat(mesons.weight, decays_per_meson) * branching / decays_per_meson
    # meson -> gamma A' in the meson frame
    p_star = (mass**2 - m_v**2) / (2.0 * mass)
    direction = _isotropic(rng, n)
    E_v, p_v = _boost(
        np.full(n, np.sqrt(p_star**2 + m_v**2)), p_star * direction, p_m / E_m[:, None]
    )
    # A' -> chi chi in the A' frame; both chi are followed
    q_star = np.sqrt(0.25 * m_v**2 - m_chi**2)
    direction = _isotropic(rng, n)
    velocity = p_v / E_v[:, None]
    energies, momenta = [], []
    for sign in (1.0, -1.0):
        E_c, p_c = _boost(np.full(n, 0.5 * m_v), sign * q_star * direction, velocity)
        energies.append(E_c)
        momenta.append(p_c)
    E_chi = np.concatenate(energies)
    p_chi = np.concatenate(momenta)
    w_chi = np.concatenate([w, w])
    angle = np.radians(off_axis_deg)
    axis = np.array([np.sin(angle), 0.0, np.cos(angle)])
    cos_to_detector = p_chi @ axis / np.linalg.norm(p_chi, axis=1)
    inside = cos_to_detector >= np.cos(np.arctan(detector_radius_m / distance_m))
    beta = np.linalg.norm(p_chi[inside], axis=1) / E_chi[inside]
    delay = distance_m / 0.299792458 * (1.0 / beta - 1.0)  # ns; c = 0.2998 m/ns
    return DarkMatterFlux(
        E_chi[inside], w_chi[inside], delay, dark, float(distance_m), float(detector_radius_m)
    )


def dm_flux_at_rest(
    per_pot: dict,
    dark: DarkSector,
    distance_m: float,
    protons_per_second: float,
    timing=None,
    delay_points: int = 256,
):
    """The exact χ flux at ``distance_m`` from mesons decaying at rest, ``per_pot``: meson ->
    mesons per proton on target ("pi0", "eta"). Every A' has the energy of
    :func:`mediator_energy_at_rest` and decays isotropically, so the χ are isotropic with the
    box spectrum of :func:`dm_energy_box`: χ/cm²/s = POT/s x Σ_M N_M BR(M -> γ A')
    BR(A' -> χχ̄) x 2 / (4π L²). For m_V <= 2 m_χ the mediator is off shell: M -> γ χχ̄ with
    :func:`offshell_branching_density`, one box per χχ̄ mass on 48 Gauss-Legendre nodes (a
    :class:`StepSpectrum`). Returns a :class:`~cevns.sources.flux.Flux` with one "chi"
    component; with ``timing`` (the source's arrival-time model) the χ arrive as its pulse
    convolved with their flight delays L/c (E/p - 1), taken at ``delay_points`` equal-
    probability energies of each box."""
    from .flux import Flux, FluxComponent

    if not (np.isfinite(distance_m) and distance_m > 0):
        raise CevnsInputError(f"distance_m must be a positive finite number, got {distance_m!r}")
    if not (np.isfinite(protons_per_second) and protons_per_second > 0):
        raise CevnsInputError("protons_per_second must be a positive finite number")
    if not per_pot:
        raise CevnsInputError("give at least one meson yield per POT, e.g. {'pi0': 0.1}")
    boxes, rates = [], []
    for meson, n in per_pot.items():
        _meson(meson)
        if not (np.isfinite(n) and n >= 0):
            raise CevnsInputError(f"the {meson} yield per POT must be finite and >= 0, got {n!r}")
        if dark.mediator_mass_MeV <= 2.0 * dark.dm_mass_MeV:  # off shell: M -> γ χχ̄
            more, branchings = _offshell_boxes(meson, dark)
            boxes += more
            rates += [2.0 * n * b for b in branchings]
            continue
        branching = meson_branching(meson, dark)
        if branching == 0.0:
            continue
        boxes.append(dm_energy_box(mediator_energy_at_rest(meson, dark), dark))
        rates.append(2.0 * n * branching * invisible_fraction(dark))
    if not boxes or sum(rates) <= 0:
        raise CevnsInputError(
            f"no meson of {sorted(per_pot)} can make a {dark.mediator_mass_MeV:g} MeV A' that "
            f"decays to χ of {dark.dm_mass_MeV:g} MeV"
        )
    spectrum = boxes[0] if len(boxes) == 1 else StepSpectrum.of_boxes(boxes, rates)
    area_cm2 = 4.0 * np.pi * (distance_m * 100.0) ** 2
    component = FluxComponent("chi", spectrum, sum(rates) * protons_per_second / area_cm2, "prompt")
    if timing is not None:
        u = (np.arange(delay_points) + 0.5) / delay_points
        energy = np.concatenate([b.lo + u * (b.hi - b.lo) for b in boxes])
        weight = np.repeat(np.asarray(rates) / delay_points, delay_points)
        beta = np.sqrt(1.0 - (dark.dm_mass_MeV / energy) ** 2)
        delay = distance_m / 0.299792458 * (1.0 / beta - 1.0)  # ns; c = 0.2998 m/ns
        timing = DarkMatterTiming(timing.pulse, delay, weight)
    meta = {"source": "dark matter from mesons decaying at rest", "distance_m": distance_m}
    meta.update({f"dark_{k}": v for k, v in dark.to_dict().items()})
    return Flux((component,), timing, meta)
