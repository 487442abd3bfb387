"""The exceptions cevns raises for things a user can fix.

Three types cover every expected failure, and the ``cevns`` command turns each into one line
on stderr and exit status 2:

- :class:`CevnsInputError`: a value, option or name that is out of range or unknown (a NaN
  energy, a negative distance, an unknown preset). It is a :class:`ValueError`, so code that
  catches ``ValueError`` keeps working.
- :class:`DataFileError`: a file that cannot be used (missing, not text, malformed, truncated,
  values out of range); the message names the file and, where there is one, the line.
- :class:`ConvergenceError`: an iterative solution (Skyrme Hartree-Fock) that did not converge.

Anything else escaping the library is a bug in cevns.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CevnsInputError", "ConvergenceError", "DataFileError", "positive_number"]


class CevnsInputError(ValueError):
    """An input value, option or name that cevns does not accept; the message says what is."""


class DataFileError(CevnsInputError):
    """A file that cannot be used: missing, not UTF-8 text, malformed or out of range.

    ``path`` is the file and ``line`` the 1-based line number where the problem is (None when
    it concerns the whole file); the message starts with both.
    """

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = Path(path)
        self.line = line
        where = str(path) if line is None else f"{path}, line {line}"
        super().__init__(f"{where}: {message}")


class ConvergenceError(RuntimeError):
    """The self-consistent Hartree-Fock iteration did not converge; ``residual_MeV`` is the
    last change of the single-particle energies (MeV)."""

    def __init__(self, message: str, residual_MeV: float):
        super().__init__(message)
        self.residual_MeV = residual_MeV


def positive_number(name: str, value) -> float:
    """``value`` as a float when it is a positive finite number, else a CevnsInputError naming
    ``name`` (the check the parameter classes share)."""
    import math

    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CevnsInputError(f"{name} must be a number, got {value!r}") from None
    if not (math.isfinite(number) and number > 0):
        raise CevnsInputError(f"{name} must be a positive finite number, got {value!r}")
    return number
