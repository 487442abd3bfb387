"""One name space for the steady source presets: stopped-pion facilities
(``data/facilities.toml``), electron beam dumps (``data/beam_dumps.toml``), reactors
(``data/reactors.toml``) and the standard solar models (:mod:`cevns.sources.solar`). Supernova
bursts have their own presets (:func:`~cevns.sources.supernova.supernova_model`)."""

from __future__ import annotations

from .._toml import packaged_presets
from ..errors import CevnsInputError
from .beamdump import beam_dump
from .facilities import facility
from .reactor import reactor
from .solar import SOLAR_MODELS, SolarNeutrinos

__all__ = ["source_preset", "source_presets"]

_KINDS = (
    ("facilities.toml", facility),
    ("beam_dumps.toml", beam_dump),
    ("reactors.toml", reactor),
)


def source_presets() -> list[str]:
    """Names of every steady source preset (the solar models included)."""
    return [name for file, _ in _KINDS for name in packaged_presets(file)] + list(SOLAR_MODELS)


def source_preset(name: str):
    """The source preset ``name`` (case-insensitive), of whatever kind it is."""
    for file, build in _KINDS:
        if any(key.lower() == str(name).lower() for key in packaged_presets(file)):
            return build(name)
    for model in SOLAR_MODELS:
        if model.lower() == str(name).lower():
            return SolarNeutrinos(model)
    raise CevnsInputError(f"unknown source {name!r}; presets: {', '.join(source_presets())}")
