"""Facility presets: stopped-pion sources with sourced beam parameters.

The numbers live in ``data/facilities.toml``, each with its reference; :func:`facility` builds
a :class:`~cevns.sources.pidar.PionDecayAtRest` from a preset name, :func:`source_from_dict`
from a user's table of the same form.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .._toml import find_preset, packaged_presets, toml_number, toml_numbers, toml_text, toml_texts
from ..errors import CevnsInputError
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
    "mesons_per_pot",
    "target_element",
}


def pulse_from_dict(spec: dict, where: str = "pulse"):
    """A pulse shape from ``{"shape": ..., width parameters}``:
    gaussian/triangular (``fwhm_ns``), rectangular (``width_ns``), double-gaussian
    (``fwhm_ns``, ``spacing_ns``), tabulated (``t_ns``, ``weights``)."""
    if not isinstance(spec, dict):
        raise CevnsInputError(
            f'{where}: a pulse is a table such as {{ shape = "gaussian", '
            f"fwhm_ns = 350 }}, got {spec!r}"
        )
    shape = spec.get("shape")
    if shape == "gaussian":
        return GaussianPulse(toml_number(spec, "fwhm_ns", where))
    if shape == "triangular":
        return TriangularPulse(toml_number(spec, "fwhm_ns", where))
    if shape == "rectangular":
        return RectangularPulse(toml_number(spec, "width_ns", where))
    if shape == "double-gaussian":
        bunch = GaussianPulse(toml_number(spec, "fwhm_ns", where))
        gap = toml_number(spec, "spacing_ns", where)
        if not (np.isfinite(gap) and gap >= 0):
            raise CevnsInputError(f"{where}: spacing_ns must be a number >= 0, got {gap}")
        lo, hi = bunch.support()
        t = np.linspace(lo, hi + gap, 2001)
        return TabulatedPulse(tuple(t), tuple(bunch.pdf(t) + bunch.pdf(t - gap)))
    if shape == "tabulated":
        return TabulatedPulse(
            toml_numbers(spec, "t_ns", where), toml_numbers(spec, "weights", where)
        )
    raise CevnsInputError(
        f"{where}: unknown pulse shape {shape!r}; use gaussian, triangular, rectangular, "
        "double-gaussian or tabulated"
    )


def source_from_dict(name: str, spec: dict) -> PionDecayAtRest:
    """A decay-at-rest source from a table with the keys of ``data/facilities.toml``."""
    where = f"source {name!r}"
    unknown = set(spec) - _SOURCE_KEYS
    if unknown:
        raise CevnsInputError(
            f"{where}: unknown keys {sorted(unknown)}; accepted: {sorted(_SOURCE_KEYS)}"
        )
    pulse = pulse_from_dict(
        spec.get("pulse", {"shape": "gaussian", "fwhm_ns": 353.2}), f"{where} pulse"
    )
    return PionDecayAtRest(
        name=name,
        proton_energy_GeV=toml_number(spec, "proton_energy_GeV", where),
        power_MW=toml_number(spec, "power_MW", where),
        yield_per_proton=toml_number(spec, "yield_per_proton", where),
        pulse=pulse,
        repetition_Hz=toml_number(spec, "repetition_Hz", where, None),
        beam_hours_per_year=toml_number(spec, "beam_hours_per_year", where, None),
        description=toml_text(spec, "description", where, ""),
        references=toml_texts(spec, "references", where),
        mesons_per_pot=_meson_yields(spec.get("mesons_per_pot", {}), where),
        target_element=toml_text(spec, "target_element", where, ""),
    )


def _meson_yields(table, where: str) -> tuple:
    from .darksector import MESONS

    if not isinstance(table, dict):
        raise CevnsInputError(f"{where}: mesons_per_pot is a table such as {{ pi0 = 0.1 }}")
    unknown = set(table) - set(MESONS)
    if unknown:
        raise CevnsInputError(
            f"{where}: mesons_per_pot has unknown mesons {sorted(unknown)}; accepted: "
            f"{', '.join(MESONS)}"
        )
    return tuple((m, toml_number(table, m, f"{where} mesons_per_pot")) for m in table)


def facilities() -> list[str]:
    """Names of the facility presets."""
    return list(packaged_presets("facilities.toml"))


@cache
def facility(name: str) -> PionDecayAtRest:
    """The source preset ``name`` (case-insensitive), e.g. ``"SNS"``, ``"Lujan"``."""
    key, spec = find_preset(packaged_presets("facilities.toml"), name, "facility")
    return source_from_dict(key, spec)
