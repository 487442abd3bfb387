"""Physics-model TOML files: every wrong value of every key is refused with a DataFileError
naming the file, never with Python's own wording; an accepted file gives a finite cross
section."""

from __future__ import annotations

import numpy as np
import pytest

import cevns
from cevns.errors import DataFileError
from cevns.physics import load_model

WRONG = [
    '"x"', "[]", "[1, 2]", "{ z = 1 }", "-1", "0", "nan", "inf", "true", "1e308",
    "[{ mass_MeV = 10 }]", '[{ mass_MeV = "x", coupling = 1 }]',
    "[{ mass_MeV = -1, coupling = 1e-4 }]", '{ sin2w = "x" }', "{ nope = 1 }",
    "{ sin2w = nan }", "{ m_zprime = 10 }",
    '[{ mass_MeV = 10, coupling = 1e-4, charges = "x" }]',
    '[{ mass_MeV = 10, coupling = 1e-4, charges = { u = "x" } }]',
]  # fmt: skip
PYTHON_WORDING = (
    "__init__", "unexpected keyword", "positional argument", "not supported between",
    "could not convert", "has no attribute", "unhashable", "not iterable", "must be real",
)  # fmt: skip


@pytest.mark.parametrize("key", ["parameters", "running", "radiative", "axial", "g_p", "g_n",
                                 "vector_mediators"])  # fmt: skip
def test_every_wrong_value_is_refused_naming_the_file(tmp_path, key):
    path = tmp_path / "model.toml"
    accepted = 0
    for wrong in WRONG:
        path.write_text(f"{key} = {wrong}\n")
        try:
            model = load_model(path)
        except DataFileError as err:
            message = str(err)
            assert message.startswith(f"{path}: "), message
            assert not any(words in message for words in PYTHON_WORDING), (wrong, message)
            continue
        accepted += 1
        sigma = cevns.coherent_cross_section("40Ar", model=model).total(30.0)
        assert np.isfinite(sigma) and sigma >= 0, (key, wrong, sigma)
    assert accepted < len(WRONG)


def test_a_valid_model_file(tmp_path):
    path = tmp_path / "model.toml"
    path.write_text(
        "running = true\nradiative = false\n[parameters]\nsin2w = 0.24\n"
        "[[vector_mediators]]\nmass_MeV = 10\ncoupling = 1e-5\n"
    )
    model = load_model(path)
    assert model.running and model.sin2_theta_w == 0.24
    assert model.vector_mediators[0].mass_MeV == 10
