"""Neutrinos from an electron beam dump: the JLab BDX facility.

An electron beam stopped in a dump makes pions in its electromagnetic shower (photoproduction);
the π⁺ that stop decay at rest like those of a proton beam dump. Battaglieri et al.
(Instruments 8, 1 (2024), Table 2) give the neutrinos per electron on target (EOT) crossing
1 m² at 10 m from the dump, above it (off-axis) and downstream (on-axis), for 11 and 22 GeV
beams. The presets (``data/beam_dumps.toml``) hold those numbers; the flux at another distance
scales as 1/L² from the reference position (a point source), and its spectrum is taken to be
decay at rest, one third of the neutrinos per flavor (an assumption: the paper's spectra,
which also hold decays in flight above 53 MeV, could not be read). CEBAF's beam is continuous
at the scale of the muon lifetime, so no arrival-time model is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .._toml import find_preset, packaged_presets, toml_number, toml_text, toml_texts
from ..constants import SECONDS_PER_YEAR
from ..errors import CevnsInputError, positive_number
from .flux import Flux, FluxComponent, check_distance_m
from .spectra import michel_nue, michel_numubar, pion_dar_numu

__all__ = ["ElectronBeamDump", "beam_dump", "beam_dumps"]

_KEYS = {
    "description",
    "beam_energy_GeV",
    "neutrinos_per_eot_per_m2",
    "reference_distance_m",
    "eot_per_year",
    "references",
}


@dataclass(frozen=True)
class ElectronBeamDump:
    """An electron beam dump delivering ``eot_per_year`` electrons on target per (Julian)
    year, with ``neutrinos_per_eot_per_m2`` neutrinos per EOT crossing 1 m² at
    ``reference_distance_m`` (module docstring)."""

    name: str
    beam_energy_GeV: float
    neutrinos_per_eot_per_m2: float
    reference_distance_m: float = 10.0
    eot_per_year: float = 1e22
    description: str = ""
    references: tuple[str, ...] = ()

    def __post_init__(self):
        for label in (
            "beam_energy_GeV",
            "neutrinos_per_eot_per_m2",
            "reference_distance_m",
            "eot_per_year",
        ):
            object.__setattr__(self, label, positive_number(label, getattr(self, label)))

    @property
    def electrons_per_second(self) -> float:
        """Electrons on target per second of beam: the yearly charge over a Julian year."""
        return self.eot_per_year / SECONDS_PER_YEAR

    def flux(self, distance_m: float) -> Flux:
        """The flux at ``distance_m`` (nu/cm²/s per flavor), 1/L² from the reference point."""
        distance_m = check_distance_m(distance_m)
        scale = (self.reference_distance_m / distance_m) ** 2
        per_cm2 = self.neutrinos_per_eot_per_m2 * 1e-4 * scale * self.electrons_per_second
        rate = per_cm2 / 3.0
        comps = (
            FluxComponent("numu", pion_dar_numu(), rate),
            FluxComponent("nue", michel_nue(), rate),
            FluxComponent("numubar", michel_numubar(), rate),
        )
        meta = {"source": self.name, "distance_m": float(distance_m), "kind": "electron beam dump"}
        return Flux(comps, None, meta)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": "electron beam dump",
            "description": self.description,
            "beam_energy_GeV": self.beam_energy_GeV,
            "neutrinos_per_eot_per_m2": self.neutrinos_per_eot_per_m2,
            "reference_distance_m": self.reference_distance_m,
            "eot_per_year": self.eot_per_year,
            "electrons_per_second": self.electrons_per_second,
            "references": list(self.references),
        }


def beam_dumps() -> list[str]:
    """Names of the electron-beam-dump presets."""
    return list(packaged_presets("beam_dumps.toml"))


@cache
def beam_dump(name: str) -> ElectronBeamDump:
    """The electron-beam-dump preset ``name`` (case-insensitive), e.g. "BDX-11GeV-off-axis"."""
    key, spec = find_preset(packaged_presets("beam_dumps.toml"), name, "electron beam dump")
    where = f"beam dump {key!r}"
    unknown = set(spec) - _KEYS
    if unknown:
        raise CevnsInputError(f"{where}: unknown keys {sorted(unknown)}")
    return ElectronBeamDump(
        key,
        toml_number(spec, "beam_energy_GeV", where),
        toml_number(spec, "neutrinos_per_eot_per_m2", where),
        toml_number(spec, "reference_distance_m", where),
        toml_number(spec, "eot_per_year", where),
        toml_text(spec, "description", where, ""),
        toml_texts(spec, "references", where),
    )
