"""Core-collapse supernova neutrinos: time-integrated pinched ("alpha-fit") spectra.

Each flavor's time-integrated spectrum is the pinched Fermi-Dirac form

    pdf(E) = (α+1)^(α+1) / (Γ(α+1) ⟨E⟩) (E/⟨E⟩)^α exp(-(α+1) E/⟨E⟩)

(Keil, Raffelt & Janka, ApJ 590, 971 (2003), astro-ph/0208035; Tamborra et al., PRD 86,
125031 (2012), arXiv:1211.3920, Eq. 1). Its mean is ⟨E⟩ and ⟨E²⟩ = ⟨E⟩²(α+2)/(α+1); α = 2
is a Maxwell-Boltzmann spectrum and α ≈ 2.3 a Fermi-Dirac one with zero chemical potential.
A flavor that carries the energy ε (erg) gives at distance d the fluence (neutrinos per cm²,
integrated over the burst)

    Φ = ε / (4π d² ⟨E⟩).

The fluxes these sources return are such fluences (``Flux.time_integrated``): their events are
counted per burst (``per="burst"``). The parameter sets live in ``data/supernova.toml``, each
with its source; ν_x stands for each of ν_μ, ν_τ, ν̄_μ, ν̄_τ. Oscillations in the star and
the Earth are not applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
from scipy.special import gammaincc, gammainccinv, gammaln

from .._toml import find_preset, packaged_presets
from ..constants import CM_PER_M, ERG_TO_MEV, PARSEC_M
from ..errors import CevnsInputError
from .flux import Flux, FluxComponent, check_distance_m
from .spectra import NODE_POINTS, continuum_nodes

__all__ = [
    "KPC_M",
    "FluenceSource",
    "PinchedSpectrum",
    "PinchedFlavor",
    "PinchedSupernova",
    "supernova_model",
    "supernova_models",
    "supernova_from_dict",
]

KPC_M = 1e3 * PARSEC_M
"""One kiloparsec in m."""

HEAVY_FLAVORS = ("numu", "nutau", "numubar", "nutaubar")
_TAIL = 1e-10  # the spectrum is cut where this fraction of it lies above (max_energy)


@dataclass(frozen=True)
class PinchedSpectrum:
    """The pinched Fermi-Dirac spectrum of mean ``mean_energy`` (MeV) and pinching ``alpha``
    (> 1, so that the inverse-energy moments the rate engine uses are finite; fits give 2-6).

    It is cut at ``max_energy``, above which a fraction 1e-10 of it lies.
    """

    mean_energy: float
    alpha: float
    lines: tuple[float, ...] = ()
    max_energy: float = field(init=False)

    def __post_init__(self):
        if not (np.isfinite(self.mean_energy) and self.mean_energy > 0):
            raise CevnsInputError(
                f"mean energy must be a positive number of MeV, got {self.mean_energy}"
            )
        if not (np.isfinite(self.alpha) and self.alpha > 1):
            raise CevnsInputError(
                f"pinching parameter alpha must be a number > 1 (fits give 2-6), got {self.alpha}"
            )
        top = gammainccinv(self.alpha + 1.0, _TAIL) / self._rate
        object.__setattr__(self, "max_energy", float(top))

    @property
    def _rate(self) -> float:
        """(α+1)/⟨E⟩ in 1/MeV: the exponential slope."""
        return (self.alpha + 1.0) / self.mean_energy

    def pdf(self, energy):
        """dN/dE normalised to one, in 1/MeV (zero below 0 and above ``max_energy``)."""
        E = np.asarray(energy, dtype=float)
        a, b = self.alpha, self._rate
        inside = (E > 0) & (E <= self.max_energy)
        safe = np.where(inside, E, 1.0)
        log_pdf = (a + 1.0) * np.log(b) - gammaln(a + 1.0) + a * np.log(safe) - b * safe
        return np.where(inside, np.exp(log_pdf), 0.0)

    def moments(self, e_min):
        """Φ_k(E_min) = ∫ pdf E^{-k} dE from E_min to ``max_energy``, k = 0, 1, 2, in closed form
        with regularised incomplete gamma functions; array of shape (3,) + shape(e_min)."""
        lo = np.clip(np.asarray(e_min, dtype=float), 0.0, self.max_energy)
        a, b = self.alpha, self._rate
        out = []
        for k in range(3):
            s = a + 1.0 - k
            scale = np.exp(k * np.log(b) + gammaln(s) - gammaln(a + 1.0))
            out.append(scale * (gammaincc(s, b * lo) - gammaincc(s, b * self.max_energy)))
        return np.stack(out)

    def mean_energy_squared(self) -> float:
        """⟨E²⟩ = ⟨E⟩²(α+2)/(α+1) in MeV²."""
        return self.mean_energy**2 * (self.alpha + 2.0) / (self.alpha + 1.0)

    def nodes(self, breaks=(), lo=0.0, hi=None, points=NODE_POINTS):
        """Integration nodes and weights (see :func:`~cevns.sources.spectra.continuum_nodes`),
        with the spectrum's scale marked at ⟨E⟩/2, ⟨E⟩, 2⟨E⟩, 3⟨E⟩ and 5⟨E⟩."""
        m = self.mean_energy
        return continuum_nodes(self, (0.5 * m, m, 2 * m, 3 * m, 5 * m), breaks, lo, hi, points)


@dataclass(frozen=True)
class PinchedFlavor:
    """One flavor's burst: ``mean_energy`` (MeV), pinching ``alpha`` and emitted energy
    ``energy_erg``."""

    mean_energy: float
    alpha: float
    energy_erg: float

    def __post_init__(self):
        if not (np.isfinite(self.energy_erg) and self.energy_erg >= 0):
            raise CevnsInputError(
                f"emitted energy must be a number of erg >= 0, got {self.energy_erg}"
            )

    def spectrum(self) -> PinchedSpectrum:
        return PinchedSpectrum(self.mean_energy, self.alpha)

    def number(self) -> float:
        """Neutrinos emitted, ε/⟨E⟩."""
        return self.energy_erg * ERG_TO_MEV / self.mean_energy


@dataclass(frozen=True)
class PinchedSupernova:
    """A supernova burst with pinched spectra for ν_e (``nue``), ν̄_e (``nuebar``) and each
    of the four heavy-lepton flavors (``nux``).

    ``flux(distance_m)`` gives the time-integrated fluence at the detector, so that an
    :class:`~cevns.experiments.Experiment` with this source counts events per burst.
    """

    name: str
    nue: PinchedFlavor
    nuebar: PinchedFlavor
    nux: PinchedFlavor
    description: str = field(default="", compare=False)
    references: tuple[str, ...] = field(default=(), compare=False)

    def parameters(self, flavor: str) -> PinchedFlavor:
        if flavor in ("nue", "nuebar"):
            return getattr(self, flavor)
        if flavor in HEAVY_FLAVORS:
            return self.nux
        raise CevnsInputError(
            f"unknown flavor {flavor!r}; use nue, nuebar, {', '.join(HEAVY_FLAVORS)}"
        )

    @property
    def flavors(self) -> tuple[str, ...]:
        return ("nue", "nuebar") + HEAVY_FLAVORS

    def total_energy_erg(self) -> float:
        """Energy carried by all six flavors, in erg."""
        return self.nue.energy_erg + self.nuebar.energy_erg + 4 * self.nux.energy_erg

    def flux(self, distance_m: float) -> Flux:
        """Fluence per flavor (neutrinos/cm²) at ``distance_m``: ε/(4π d² ⟨E⟩)."""
        distance_m = check_distance_m(distance_m)
        area_cm2 = 4.0 * np.pi * (distance_m * CM_PER_M) ** 2
        comps = []
        for flavor in self.flavors:
            p = self.parameters(flavor)
            comps.append(FluxComponent(flavor, p.spectrum(), p.number() / area_cm2))
        meta = {"source": self.name, "distance_kpc": distance_m / KPC_M}
        return Flux(tuple(comps), None, meta, time_integrated=True)

    def fluence(self, distance_kpc: float = 10.0) -> Flux:
        """The fluence at ``distance_kpc`` kiloparsecs."""
        return self.flux(distance_kpc * KPC_M)

    def to_dict(self) -> dict:
        def flavor(p: PinchedFlavor) -> dict:
            return {"mean_energy_MeV": p.mean_energy, "alpha": p.alpha, "energy_erg": p.energy_erg}

        return {
            "name": self.name,
            "kind": "supernova (pinched, time-integrated)",
            "nue": flavor(self.nue),
            "nuebar": flavor(self.nuebar),
            "nux": flavor(self.nux),
            "references": list(self.references),
        }


class FluenceSource:
    """A burst given by its time-integrated ``fluence`` (a :class:`Flux` with
    ``time_integrated``) at ``reference_distance_kpc``; ``flux(distance_m)`` scales it as
    1/d². Made by :func:`~cevns.sources.snowglobes.read_snowglobes_fluence` and
    :func:`~cevns.sources.snowglobes.from_snewpy`."""

    def __init__(self, fluence: Flux, reference_distance_kpc: float = 10.0, name: str = ""):
        if not fluence.time_integrated:
            raise CevnsInputError("a FluenceSource needs a time-integrated flux (a fluence)")
        if not (np.isfinite(reference_distance_kpc) and reference_distance_kpc > 0):
            raise CevnsInputError("the reference distance must be a positive number of kpc")
        self.reference = fluence
        self.reference_distance_kpc = float(reference_distance_kpc)
        self.name = name or fluence.metadata.get("source", "fluence")

    def flux(self, distance_m: float) -> Flux:
        distance_m = check_distance_m(distance_m)
        scale = (self.reference_distance_kpc * KPC_M / distance_m) ** 2
        comps = tuple(
            FluxComponent(c.flavor, c.spectrum, c.rate * scale) for c in self.reference.components
        )
        meta = {**self.reference.metadata, "distance_kpc": distance_m / KPC_M}
        return Flux(comps, None, meta, time_integrated=True)

    def fluence(self, distance_kpc: float = 10.0) -> Flux:
        return self.flux(distance_kpc * KPC_M)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": "tabulated fluence",
            "reference_distance_kpc": self.reference_distance_kpc,
        }


_FLAVOR_KEYS = {"mean_energy_MeV", "alpha", "energy_erg"}


def supernova_from_dict(name: str, spec: dict) -> PinchedSupernova:
    """A pinched supernova from a table with ``nue``, ``nuebar`` and ``nux`` sub-tables of
    ``mean_energy_MeV``, ``alpha`` and ``energy_erg`` (and optional ``description``,
    ``references``)."""
    where = f"supernova model {name!r}"
    unknown = set(spec) - {"nue", "nuebar", "nux", "description", "references"}
    if unknown:
        raise CevnsInputError(f"{where}: unknown keys {sorted(unknown)}; use nue, nuebar, nux")
    parts = {}
    for key in ("nue", "nuebar", "nux"):
        sub = spec.get(key)
        if not isinstance(sub, dict) or set(sub) != _FLAVOR_KEYS:
            raise CevnsInputError(f"{where}: {key} needs exactly the keys {sorted(_FLAVOR_KEYS)}")
        try:
            parts[key] = PinchedFlavor(
                float(sub["mean_energy_MeV"]), float(sub["alpha"]), float(sub["energy_erg"])
            )
            parts[key].spectrum()
        except ValueError as err:
            raise CevnsInputError(f"{where}, {key}: {err}") from None
    return PinchedSupernova(
        name,
        **parts,
        description=spec.get("description", ""),
        references=tuple(spec.get("references", ())),
    )


def supernova_models() -> list[str]:
    """Names of the supernova parameter presets."""
    return list(packaged_presets("supernova.toml"))


@cache
def supernova_model(name: str) -> PinchedSupernova:
    """The supernova preset ``name`` (case-insensitive)."""
    key, spec = find_preset(packaged_presets("supernova.toml"), name, "supernova model")
    return supernova_from_dict(key, spec)
