"""TOML reading with error messages that say where the problem is, and the one lookup of
the packaged preset catalogs (experiments, facilities, supernova models)."""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from pathlib import Path

from ._files import read_text_file
from .errors import CevnsInputError, DataFileError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "load_toml_text",
    "load_toml_file",
    "packaged_presets",
    "find_preset",
    "toml_number",
    "toml_numbers",
    "toml_text",
    "toml_texts",
]

_REQUIRED = object()


def load_toml_text(text: str, where: str) -> dict:
    """Parse TOML text; a syntax error becomes a DataFileError naming ``where`` and the line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise DataFileError(where, f"malformed TOML: {err}") from None


def load_toml_file(path: str | Path) -> dict:
    """Read and parse a TOML file (errors are DataFileErrors naming the file and line)."""
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
    raise CevnsInputError(f"unknown {what} {name!r}; presets: {', '.join(presets)}")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _get(table: dict, key: str, where: str, default):
    if key in table:
        return table[key]
    if default is _REQUIRED:
        raise CevnsInputError(f"{where}: missing key {key!r}")
    return default


def toml_number(table: dict, key: str, where: str, default=_REQUIRED) -> float | None:
    """``table[key]`` as a float (``default`` when absent, a required key when not given);
    a CevnsInputError naming ``where`` and the key when it is not a number."""
    value = _get(table, key, where, default)
    if value is None and default is None:
        return None
    if not _is_number(value):
        raise CevnsInputError(f"{where}: {key} must be a number, got {value!r}")
    return float(value)


def toml_numbers(
    table: dict, key: str, where: str, count: int | None = None, default=_REQUIRED
) -> tuple[float, ...] | None:
    """``table[key]`` as a tuple of floats (``count`` of them when given)."""
    value = _get(table, key, where, default)
    if value is None and default is None:
        return None
    size = f"{count} numbers" if count else "numbers"
    if (
        not isinstance(value, list)
        or not all(_is_number(v) for v in value)
        or (count is not None and len(value) != count)
    ):
        raise CevnsInputError(f"{where}: {key} must be a list of {size}, got {value!r}")
    return tuple(float(v) for v in value)


def toml_text(table: dict, key: str, where: str, default=_REQUIRED) -> str | None:
    """``table[key]`` as a string."""
    value = _get(table, key, where, default)
    if value is None and default is None:
        return None
    if not isinstance(value, str):
        raise CevnsInputError(f"{where}: {key} must be a string, got {value!r}")
    return value


def toml_texts(table: dict, key: str, where: str) -> tuple[str, ...]:
    """``table[key]`` as a tuple of strings (empty when absent)."""
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CevnsInputError(f"{where}: {key} must be a list of strings, got {value!r}")
    return tuple(value)
