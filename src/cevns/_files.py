"""Reading the text files users give (experiment and model TOML, flux tables, efficiency
curves, data releases, MARLEY reactions): every failure names the file and what is accepted."""

from __future__ import annotations

from pathlib import Path

__all__ = ["read_text_file"]


def read_text_file(path: str | Path, what: str, error: type[ValueError] = ValueError) -> str:
    """The text of ``path`` (UTF-8, a leading byte-order mark dropped); an ``error`` naming
    ``what`` and the file when it cannot be read or is not text."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{what} {path} is not a UTF-8 text file") from None
    except OSError as err:
        raise error(f"cannot read {what} {path}: {err.strerror}") from None
