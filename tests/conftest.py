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
