"""Reading the text files users give (experiment and model TOML, flux tables, efficiency
curves, data releases, MARLEY reactions): every failure names the file and what is accepted."""

from __future__ import annotations

from pathlib import Path

from .errors import DataFileError

__all__ = ["read_text_file"]


def read_text_file(path: str | Path, what: str) -> str:
    """The text of ``path`` (UTF-8, a leading byte-order mark dropped); a
    :class:`~cevns.errors.DataFileError` naming the file and ``what`` was expected when it
    cannot be read or is not text."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(path, f"not a UTF-8 text file; expected a {what}") from None
    except OSError as err:
        raise DataFileError(path, f"cannot read the {what}: {err.strerror}") from None
