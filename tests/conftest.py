"""Fixtures shared by the test suite (tests/ mirrors src/cevns/ by subpackage)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
"""Copies of the public data releases used by the tests (see data/README.md)."""


@pytest.fixture
def data_dir() -> Path:
    """The folder holding the COHERENT releases and the reference tables."""
    return DATA


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A private disk cache for Hartree-Fock results, so that tests solve afresh."""
    path = tmp_path / "cache"
    monkeypatch.setenv("CEVNS_CACHE_DIR", str(path))
    return path


_loose_approx = pytest.approx


def _strict_approx(expected, rel=None, abs=None, nan_ok=False):  # noqa: A002 - pytest's names
    """pytest.approx without its silent absolute tolerance of 1e-12: cross sections (1e-40
    cm²) and fluxes would otherwise compare equal whatever their values. An explicit ``abs``
    still applies; comparisons with zero must give one."""
    if abs is None:
        return _loose_approx(expected, rel=1e-6 if rel is None else rel, abs=0.0, nan_ok=nan_ok)
    return _loose_approx(expected, rel=rel, abs=abs, nan_ok=nan_ok)


pytest.approx = _strict_approx
