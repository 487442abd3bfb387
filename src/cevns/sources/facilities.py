"""Facility presets: stopped-pion sources with sourced beam parameters.

The numbers live in ``data/facilities.toml``, each with its reference; :func:`facility` builds
a :class:`~cevns.sources.pidar.PionDecayAtRest` from a preset name, :func:`source_from_dict`
from a user's table of the same form.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .._toml import find_preset, packaged_presets
from .pidar import PionDecayAtRest
from .timing import GaussianPulse, RectangularPulse, TabulatedPulse, TriangularPulse

__all__ = ["facility", "facilities", "source_from_dict", "pulse_from_dict"]

_SOURCE_KEYS = {
    "description",
    "proton_energy_GeV",
    "power_MW",
    "repetition_Hz",
    "yield_per_proton",
    "pulse",
    "beam_hours_per_year",
    "references",
}


def pulse_from_dict(spec: dict, where: str = "pulse"):
    """A pulse shape from ``{"shape": ..., width parameters}``:
    gaussian/triangular (``fwhm_ns``), rectangular (``width_ns``), double-gaussian
    (``fwhm_ns``, ``spacing_ns``), tabulated (``t_ns``, ``weights``)."""
    shape = spec.get("shape")
    try:
        if shape == "gaussian":
            return GaussianPulse(float(spec["fwhm_ns"]))
        if shape == "triangular":
            return TriangularPulse(float(spec["fwhm_ns"]))
        if shape == "rectangular":
            return RectangularPulse(float(spec["width_ns"]))
        if shape == "double-gaussian":
            bunch = GaussianPulse(float(spec["fwhm_ns"]))
            gap = float(spec["spacing_ns"])
            lo, hi = bunch.support()
            t = np.linspace(lo, hi + gap, 2001)
            return TabulatedPulse(tuple(t), tuple(bunch.pdf(t) + bunch.pdf(t - gap)))
        if shape == "tabulated":
            return TabulatedPulse(tuple(spec["t_ns"]), tuple(spec["weights"]))
    except KeyError as err:
        raise ValueError(f"{where}: a {shape} pulse needs the key {err.args[0]!r}") from None
    raise ValueError(
        f"{where}: unknown pulse shape {shape!r}; use gaussian, triangular, rectangular, "
        "double-gaussian or tabulated"
    )


def source_from_dict(name: str, spec: dict) -> PionDecayAtRest:
    """A decay-at-rest source from a table with the keys of ``data/facilities.toml``."""
    unknown = set(spec) - _SOURCE_KEYS
    if unknown:
        raise ValueError(
            f"source {name!r}: unknown keys {sorted(unknown)}; accepted: {sorted(_SOURCE_KEYS)}"
        )
    missing = {"proton_energy_GeV", "power_MW", "yield_per_proton"} - set(spec)
    if missing:
        raise ValueError(f"source {name!r}: missing keys {sorted(missing)}")
    pulse = pulse_from_dict(
        spec.get("pulse", {"shape": "gaussian", "fwhm_ns": 353.2}), f"source {name!r} pulse"
    )
    return PionDecayAtRest(
        name=name,
        proton_energy_GeV=float(spec["proton_energy_GeV"]),
        power_MW=float(spec["power_MW"]),
        yield_per_proton=float(spec["yield_per_proton"]),
        pulse=pulse,
        repetition_Hz=spec.get("repetition_Hz"),
        beam_hours_per_year=spec.get("beam_hours_per_year"),
        description=spec.get("description", ""),
        references=tuple(spec.get("references", ())),
    )


def facilities() -> list[str]:
    """Names of the facility presets."""
    return list(packaged_presets("facilities.toml"))


@cache
def facility(name: str) -> PionDecayAtRest:
    """The source preset ``name`` (case-insensitive), e.g. ``"SNS"``, ``"Lujan"``."""
    key, spec = find_preset(packaged_presets("facilities.toml"), name, "facility")
    return source_from_dict(key, spec)
