"""Time-resolved supernova neutrinos: emission as a function of time, flavor transformation in
the star, and the fluence of any time window.

A :class:`TimeResolvedSupernova` holds, on a grid of emission times, the number of neutrinos
emitted per second and their spectrum for ν_e, ν̄_e and each heavy flavor ν_x. The fluence of a
window [t0, t1] at distance d is ∫ dN/dt dt / (4π d²), by the trapezoidal rule on the grid
(the window's ends added by linear interpolation), each flavor's spectrum the mixture of the
node spectra weighted by the neutrinos they carry (:class:`~cevns.sources.spectra.
MixtureSpectrum`): the rate engine counts the window's events exactly as a whole burst's.

**Flavor transformation** (``ordering``): adiabatic MSW conversion in the star, without
collective effects or Earth matter (A. S. Dighe and A. Yu. Smirnov, Phys. Rev. D 62, 033007
(2000), arXiv:hep-ph/9907423): at the Earth F_νe = p F⁰_νe + (1 - p) F⁰_x,
F_ν̄e = p̄ F⁰_ν̄e + (1 - p̄) F⁰_x, and each heavy flavor the rest, with
p = sin²θ13, p̄ = cos²θ12 cos²θ13 (normal ordering) or p = sin²θ12 cos²θ13, p̄ = sin²θ13
(inverted); sin²θ12 = 0.303 and sin²θ13 = 0.02225 (NuFIT 5.2).

Two ways in: :func:`cooling_supernova`, a packaged parametrised model (a time-integrated preset
of :mod:`cevns.sources.supernova` emitted with a luminosity falling as e^{-t/τ}, its spectra
fixed: the cooling time is an assumption of the user's, 3 s by default), and
:func:`from_snewpy`, any snewpy model sampled on a time and energy grid (snewpy is an optional
extra: ``pip install 'cevns[snewpy]'``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..constants import CM_PER_M, ERG_TO_MEV
from ..errors import CevnsInputError
from .flux import Flux, FluxComponent, check_distance_m
from .spectra import MixtureSpectrum, TabulatedSpectrum
from .supernova import HEAVY_FLAVORS, KPC_M, PinchedSpectrum, supernova_model

__all__ = [
    "ORDERINGS",
    "TimeResolvedSupernova",
    "cooling_supernova",
    "from_snewpy",
    "survival_probabilities",
]

ORDERINGS = ("normal", "inverted")
GROUPS = ("nue", "nuebar", "nux")
SIN2_THETA12, SIN2_THETA13 = 0.303, 0.02225


def survival_probabilities(ordering: str) -> tuple[float, float]:
    """(p, p̄): the ν_e and ν̄_e survival probabilities of adiabatic MSW conversion
    (module docstring)."""
    c13 = 1.0 - SIN2_THETA13
    if ordering == "normal":
        return SIN2_THETA13, (1.0 - SIN2_THETA12) * c13
    if ordering == "inverted":
        return SIN2_THETA12 * c13, SIN2_THETA13
    raise CevnsInputError(f"unknown mass ordering {ordering!r}; use normal or inverted")


@dataclass(frozen=True)
class TimeResolvedSupernova:
    """Emission on ``times_s`` (increasing, s after core bounce): ``emission`` maps "nue",
    "nuebar" and "nux" (each heavy flavor) to one (neutrinos per second, spectrum) pair per
    time. ``ordering`` None leaves the flavors as emitted."""

    name: str
    times_s: tuple
    emission: dict
    ordering: str | None = None
    description: str = field(default="", compare=False)
    references: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self):
        t = np.asarray(self.times_s, dtype=float)
        if t.ndim != 1 or t.size < 2 or np.any(np.diff(t) <= 0) or not np.all(np.isfinite(t)):
            raise CevnsInputError("emission times must be at least two increasing numbers (s)")
        if set(self.emission) != set(GROUPS):
            raise CevnsInputError(f"emission must give {', '.join(GROUPS)}")
        for group, rows in self.emission.items():
            if len(rows) != t.size:
                raise CevnsInputError(f"{group}: one (rate, spectrum) per emission time")
            if any(not (np.isfinite(r) and r >= 0) for r, _ in rows):
                raise CevnsInputError(f"{group}: emission rates must be finite and >= 0")
        if self.ordering is not None:
            survival_probabilities(self.ordering)
        object.__setattr__(self, "times_s", tuple(map(float, t)))

    def with_ordering(self, ordering: str | None) -> TimeResolvedSupernova:
        from dataclasses import replace

        return replace(self, ordering=ordering)

    def _window(self, group: str, t0: float, t1: float) -> tuple[float, object]:
        """Neutrinos emitted in [t0, t1] and their spectrum (a mixture of the node spectra;
        at a window end inside a grid interval, the nearer node's spectrum)."""
        t = np.asarray(self.times_s)
        rates = np.array([r for r, _ in self.emission[group]])
        spectra = [s for _, s in self.emission[group]]
        lo, hi = max(t0, t[0]), min(t1, t[-1])
        if hi <= lo:
            return 0.0, spectra[0]
        inner = np.flatnonzero((t > lo) & (t < hi))
        points = np.concatenate([[lo], t[inner], [hi]])
        values = np.interp(points, t, rates)
        half = 0.5 * np.diff(points)
        weights = np.zeros(points.size)
        weights[:-1] += half * values[:-1]
        weights[1:] += half * values[1:]
        closer = np.abs(t[None, :] - points[:, None]).argmin(axis=1)
        total = float(weights.sum())
        if total <= 0:
            return 0.0, spectra[0]
        # one part per distinct spectrum (a constant spectrum stays one spectrum)
        merged: dict[int, list] = {}
        for i, w in zip(closer, weights, strict=True):
            if w > 0:
                entry = merged.setdefault(id(spectra[i]), [spectra[i], 0.0])
                entry[1] += w
        if len(merged) == 1:
            return total, next(iter(merged.values()))[0]
        parts = tuple(v[0] for v in merged.values())
        return total, MixtureSpectrum(parts, tuple(v[1] for v in merged.values()))

    def flux(
        self, distance_m: float, t_start: float | None = None, t_stop: float | None = None
    ) -> Flux:
        """The fluence (ν/cm²) of the window [t_start, t_stop] (default: all of it) at
        ``distance_m``, six flavors, transformed when ``ordering`` is set."""
        area = 4.0 * np.pi * (check_distance_m(distance_m) * CM_PER_M) ** 2
        t0 = self.times_s[0] if t_start is None else float(t_start)
        t1 = self.times_s[-1] if t_stop is None else float(t_stop)
        if not t1 > t0:
            raise CevnsInputError(f"the time window must have t_stop > t_start, got {t0}, {t1}")
        source = {g: self._window(g, t0, t1) for g in GROUPS}
        parts = {}
        if self.ordering is None:
            parts["nue"] = [source["nue"]]
            parts["nuebar"] = [source["nuebar"]]
            for f in HEAVY_FLAVORS:
                parts[f] = [source["nux"]]
        else:
            p, pbar = survival_probabilities(self.ordering)
            (ne, se), (na, sa), (nx, sx) = source["nue"], source["nuebar"], source["nux"]
            parts["nue"] = [(p * ne, se), ((1 - p) * nx, sx)]
            parts["nuebar"] = [(pbar * na, sa), ((1 - pbar) * nx, sx)]
            for f in ("numu", "nutau"):
                parts[f] = [(0.5 * (1 - p) * ne, se), (0.5 * (1 + p) * nx, sx)]
            for f in ("numubar", "nutaubar"):
                parts[f] = [(0.5 * (1 - pbar) * na, sa), (0.5 * (1 + pbar) * nx, sx)]
        comps = []
        for flavor, pieces in parts.items():
            pieces = [(n, s) for n, s in pieces if n > 0]
            if not pieces:
                continue
            number = sum(n for n, _ in pieces)
            spectrum = (
                pieces[0][1]
                if len(pieces) == 1
                else MixtureSpectrum(tuple(s for _, s in pieces), tuple(n for n, _ in pieces))
            )
            comps.append(FluxComponent(flavor, spectrum, number / area))
        meta = {
            "source": self.name,
            "distance_kpc": distance_m / KPC_M,
            "time_window_s": [t0, t1],
            "ordering": self.ordering,
        }
        return Flux(tuple(comps), None, meta, time_integrated=True)

    def fluence(
        self, distance_kpc: float = 10.0, t_start: float | None = None, t_stop: float | None = None
    ) -> Flux:
        return self.flux(distance_kpc * KPC_M, t_start, t_stop)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": "supernova (time-resolved)",
            "times_s": [self.times_s[0], self.times_s[-1]],
            "emission_times": len(self.times_s),
            "ordering": self.ordering,
            "description": self.description,
            "references": list(self.references),
        }


def cooling_supernova(
    model: str = "standard",
    cooling_time_s: float = 3.0,
    duration_s: float = 20.0,
    nodes: int = 201,
    ordering: str | None = None,
) -> TimeResolvedSupernova:
    """The time-integrated preset ``model`` emitted over ``duration_s`` with luminosities
    L(t) ∝ e^{-t/τ}, τ = ``cooling_time_s`` (an assumption), normalised so that each
    flavor's energy over the duration is the preset's; spectra constant in time."""
    if not (np.isfinite(cooling_time_s) and cooling_time_s > 0):
        raise CevnsInputError(f"the cooling time must be positive (s), got {cooling_time_s!r}")
    if not (np.isfinite(duration_s) and duration_s > 0) or not 2 <= nodes <= 100_000:
        raise CevnsInputError("need a positive duration and 2 to 100000 time nodes")
    base = supernova_model(model)
    t = np.linspace(0.0, duration_s, nodes)
    shape = np.exp(-t / cooling_time_s)
    # trapezoid-normalised so the grid integral is exactly the preset's number
    norm = float(np.sum(0.5 * np.diff(t) * (shape[1:] + shape[:-1])))
    emission = {}
    for group in GROUPS:
        p = base.parameters(group if group != "nux" else "numu")
        number = p.energy_erg * ERG_TO_MEV / p.mean_energy
        spectrum = PinchedSpectrum(p.mean_energy, p.alpha)
        emission[group] = tuple((number * s / norm, spectrum) for s in shape)
    return TimeResolvedSupernova(
        f"{model}-cooling",
        tuple(t),
        emission,
        ordering,
        f"{base.description}; emitted as e^(-t/{cooling_time_s:g} s) over {duration_s:g} s",
        (*base.references, f"cooling time {cooling_time_s:g} s: assumption"),
    )


def from_snewpy(model, times_s, energies_MeV=None, ordering: str | None = None, name: str = ""):
    """A :class:`TimeResolvedSupernova` sampled from a snewpy model's initial spectra
    (``model.get_initial_spectra``) at ``times_s`` (s) on ``energies_MeV`` (default 0-100 MeV,
    0.25 MeV steps); snewpy's NU_X stands for each heavy flavor."""
    try:
        import astropy.units as u
        from snewpy.neutrino import Flavor
    except ImportError as err:  # pragma: no cover - depends on the installation
        raise ImportError("snewpy models need snewpy: pip install 'cevns[snewpy]'") from err
    E = np.linspace(0.0, 100.0, 401) if energies_MeV is None else np.asarray(energies_MeV, float)
    keys = {"nue": Flavor.NU_E, "nuebar": Flavor.NU_E_BAR, "nux": Flavor.NU_X}
    emission = {g: [] for g in GROUPS}
    for t in np.asarray(times_s, dtype=float):
        spectra = model.get_initial_spectra(t * u.s, E * u.MeV)
        for group, key in keys.items():
            dn = np.asarray(spectra[key].to_value(1 / (u.MeV * u.s)), dtype=float)
            rate = float(np.trapezoid(dn, E))
            if rate > 0:
                spectrum = TabulatedSpectrum(tuple(E), tuple(np.maximum(dn, 0.0)))
            else:
                spectrum = PinchedSpectrum(10.0, 2.0)  # carries no neutrinos
            emission[group].append((rate, spectrum))
    return TimeResolvedSupernova(
        name or f"snewpy {type(model).__name__}",
        tuple(np.asarray(times_s, dtype=float)),
        {g: tuple(v) for g, v in emission.items()},
        ordering,
        "sampled from a snewpy model",
    )
