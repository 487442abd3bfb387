"""TOML reading with error messages that say where the problem is, and the one lookup of
the packaged preset catalogs (experiments, facilities, supernova models)."""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from pathlib import Path

from ._files import read_text_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["load_toml_text", "load_toml_file", "packaged_presets", "find_preset"]


def load_toml_text(text: str, where: str) -> dict:
    """Parse TOML text; a syntax error becomes a ValueError naming ``where`` and the line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"malformed TOML in {where}: {err}") from None


def load_toml_file(path: str | Path) -> dict:
    """Read and parse a TOML file (errors name the file and line)."""
    return load_toml_text(read_text_file(path, "TOML file"), str(path))


@cache
def packaged_presets(filename: str) -> dict[str, dict]:
    """The tables of the packaged TOML file ``data/<filename>``, by preset name."""
    text = resources.files("cevns").joinpath("data", filename).read_text()
    return load_toml_text(text, filename)


def find_preset(presets: dict, name, what: str) -> tuple[str, object]:
    """``(key, value)`` of preset ``name`` in ``presets`` (case-insensitive); otherwise a
    ValueError naming ``what`` was asked for and listing the presets."""
    for key, value in presets.items():
        if key.lower() == str(name).lower():
            return key, value
    raise ValueError(f"unknown {what} {name!r}; presets: {', '.join(presets)}")
