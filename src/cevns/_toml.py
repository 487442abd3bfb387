"""TOML reading with error messages that say where the problem is."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["load_toml_text", "load_toml_file"]


def load_toml_text(text: str, where: str) -> dict:
    """Parse TOML text; a syntax error becomes a ValueError naming ``where`` and the line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"malformed TOML in {where}: {err}") from None


def load_toml_file(path: str | Path) -> dict:
    """Read and parse a TOML file (errors name the file and line)."""
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as err:
        raise ValueError(f"cannot read {path}: {err.strerror}") from None
    return load_toml_text(text, str(path))
