"""Pion decay-at-rest neutrino sources.

Each pi+ that stops and decays gives one prompt nu_mu (a 29.79 MeV line) and, after the muon
decays, one nu_e and one anti-nu_mu with Michel spectra up to m_mu/2 (Pandey, Prog. Part. Nucl.
Phys. 2024, arXiv:2309.07840, Eqs. 2-6). With
``yield_per_proton`` r neutrinos of each flavor per proton on target, the isotropic flux at a
distance L is

    Φ = r P / (E_p 4π L^2)   [nu / cm^2 / s per flavor],

P the beam power and E_p the proton kinetic energy (so P/E_p protons per second).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

from ..constants import CM_PER_M, MEV_TO_J, SECONDS_PER_DAY
from ..errors import CevnsInputError
from .flux import Flux, FluxComponent, check_distance_m
from .spectra import michel_nue, michel_numubar, pion_dar_numu
from .timing import DecayAtRestTiming

__all__ = ["PionDecayAtRest", "DAR_FLAVORS"]

DAR_FLAVORS = ("numu", "nue", "numubar")
"""Flavors from pi+ and mu+ decay at rest: prompt nu_mu, delayed nu_e and anti-nu_mu."""


def _positive(name: str, value: float) -> float:
    if not (np.isfinite(value) and value > 0):
        raise CevnsInputError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class PionDecayAtRest:
    """A pulsed proton beam on a target making stopped-pion neutrinos.

    ``proton_energy_GeV`` (kinetic), ``power_MW`` (beam power on target),
    ``yield_per_proton`` (neutrinos of each DAR flavor per proton), ``repetition_Hz`` and
    ``pulse`` (a pulse shape from :mod:`cevns.sources.timing`), plus ``beam_hours_per_year``
    (operating hours, for yearly rates) and ``references`` (sources of the numbers).
    ``mesons_per_pot``: (meson, mesons per proton on target) pairs of the neutral mesons that
    make dark photons (:mod:`cevns.sources.darksector`), when the preset has them;
    ``target_element``: the element of the beam target ("Hg", "W"; empty when not stated).
    ``radiative`` adds the O(α) QED corrections to the muon-decay ν_e and ν̄_μ spectra
    (:func:`~cevns.sources.spectra.muon_decay_correction`; per decay, so the flux
    normalisation is unchanged). The pion line's radiative tail changes flux-averaged CEvNS
    cross sections by 6e-5 (Tomalak, arXiv:2112.12395) and is left out.
    """

    name: str
    proton_energy_GeV: float
    power_MW: float
    yield_per_proton: float
    pulse: object
    repetition_Hz: float | None = None
    beam_hours_per_year: float | None = None
    description: str = ""
    references: tuple[str, ...] = ()
    radiative: bool = False
    mesons_per_pot: tuple[tuple[str, float], ...] = ()
    target_element: str = ""

    def __post_init__(self):
        _positive("proton energy (GeV)", self.proton_energy_GeV)
        if not isinstance(self.radiative, bool):
            raise CevnsInputError(f"radiative must be true or false, got {self.radiative!r}")
        _positive("beam power (MW)", self.power_MW)
        _positive("neutrino yield per proton", self.yield_per_proton)
        if self.repetition_Hz is not None:
            _positive("repetition rate (Hz)", self.repetition_Hz)
        if self.beam_hours_per_year is not None:
            _positive("beam hours per year", self.beam_hours_per_year)
        pairs = tuple((str(m), float(n)) for m, n in dict(self.mesons_per_pot).items())
        for meson, n in pairs:
            _positive(f"{meson} per proton on target", n)
        object.__setattr__(self, "mesons_per_pot", pairs)

    @property
    def meson_yields(self) -> dict[str, float]:
        """Neutral mesons per proton on target, meson -> yield (empty when not known)."""
        return dict(self.mesons_per_pot)

    @property
    def protons_per_second(self) -> float:
        """Protons on target per second: P / E_p."""
        return self.power_MW * 1e6 / (self.proton_energy_GeV * 1e3 * MEV_TO_J)

    def protons_per_day(self) -> float:
        """Protons on target in one day of beam at nominal power."""
        return self.protons_per_second * SECONDS_PER_DAY

    def protons_per_GWh(self) -> float:
        """Protons on target per GWh of integrated beam energy (the unit COHERENT quotes)."""
        return 3.6e12 / (self.proton_energy_GeV * 1e3 * MEV_TO_J)

    def neutrinos_per_second(self) -> float:
        """Neutrinos of each DAR flavor produced per second."""
        return self.yield_per_proton * self.protons_per_second

    @cached_property
    def timing(self) -> DecayAtRestTiming:
        """Arrival-time model: the pulse folded with the pion and muon lifetimes."""
        return DecayAtRestTiming(self.pulse)

    def flux(self, distance_m: float) -> Flux:
        """The flux at ``distance_m`` from the target, per flavor, in nu/cm^2/s."""
        L = check_distance_m(distance_m) * CM_PER_M
        rate = self.neutrinos_per_second() / (4.0 * np.pi * L * L)
        comps = (
            FluxComponent("numu", pion_dar_numu(), rate, "prompt"),
            FluxComponent("nue", _spectrum(michel_nue, self.radiative), rate, "delayed"),
            FluxComponent("numubar", _spectrum(michel_numubar, self.radiative), rate, "delayed"),
        )
        meta = {
            "source": self.name,
            "distance_m": float(distance_m),
            "proton_energy_GeV": self.proton_energy_GeV,
            "power_MW": self.power_MW,
            "yield_per_proton_per_flavor": self.yield_per_proton,
        }
        return Flux(comps, self.timing, meta)

    def to_dict(self) -> dict:
        """The source parameters as a plain dictionary."""
        return {
            "name": self.name,
            "proton_energy_GeV": self.proton_energy_GeV,
            "power_MW": self.power_MW,
            "yield_per_proton_per_flavor": self.yield_per_proton,
            "repetition_Hz": self.repetition_Hz,
            "pulse": repr(self.pulse),
            "beam_hours_per_year": self.beam_hours_per_year,
            "protons_per_second": self.protons_per_second,
            "radiative_spectra": self.radiative,
            "references": list(self.references),
        }


@cache
def _spectrum(maker, radiative: bool):
    """One spectrum object per shape, shared by every flux (the O(α) ones tabulate once)."""
    return maker(radiative)
