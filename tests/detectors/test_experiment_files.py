"""Experiment TOML files: every wrong value of every key is refused with a DataFileError
that names the file, and never with Python's own wording; every accepted file gives finite,
non-negative event counts."""

from __future__ import annotations

import numpy as np
import pytest

from cevns.detectors import load_experiments
from cevns.errors import CevnsInputError, DataFileError
from cevns.rates import RateCalculator

VALID = {
    "source": '"SNS"',
    "material": '"Ar"',
    "mass_kg": "24",
    "distance_m": "27.5",
    "threshold_keV": "20",
    "threshold_keVee": "0",
    "quenching": '{ model = "lindhard" }',
    "resolution": "{ a = 0.1, b = 0.0, c = 0.0 }",
    "efficiency": '{ model = "logistic", a = 1, b = 1, c = 5 }',
    "time_window_ns": "[0, 6000]",
    "observed_range": "[0, 100]",
    "description": '"a test detector"',
    "references": '["none"]',
    "source_length_m": "0.5",
    "detector_length_m": "1.0",
}

WRONG = [
    '"lindhard"', '""', "[]", "[1, 2, 3]", "[[1, 2]]", "{ z = 1 }", "-1", "0", "nan", "inf",
    "-inf", "true", "1e308", '"1"', '[1, "a"]', "[nan, 1]", "[1, 0]",
    '{ model = "polynomial", coefficients = [] }',
    '{ model = "tabulated", recoil_keV = [1], values = [] }',
    '{ model = "tabulated", recoil_keV = [2, 1], values = [0.1, 0.2] }',
    '{ model = "logistic" }', '{ model = "logistic", a = 1, b = 1, c = 5, steps = [1, 2] }',
    '{ model = "tabulated", file = "nope.csv" }', '{ model = "lindhard", k = -1 }',
    '{ model = "lindhard", k = "x" }', '{ model = "constant", value = nan }',
    "{ photoelectrons_per_keVee = -1 }", '{ a = "x" }', '{ supernova = "nope" }',
    "{ supernova = 1 }", '{ table = "nope.csv", reference_distance_m = 1 }',
    "{ proton_energy_GeV = 1, power_MW = -1, yield_per_proton = 0.1 }",
    '{ proton_energy_GeV = 1, power_MW = 1, yield_per_proton = 0.1, pulse = "x" }',
]  # fmt: skip

PYTHON_WORDING = (
    "unpack", "unhashable", "__init__", "has no attribute", "positional argument",
    "unexpected keyword", "not subscriptable", "not iterable", "could not convert",
    "invalid literal", "NoneType", "index out of range", "float()", "not supported between",
)  # fmt: skip


def _write(path, spec: dict) -> None:
    path.write_text("[X]\n" + "".join(f"{key} = {value}\n" for key, value in spec.items()))


@pytest.mark.parametrize("key", list(VALID))
def test_every_wrong_value_is_refused_naming_the_file(tmp_path, key):
    path = tmp_path / "mine.toml"
    for wrong in WRONG:
        _write(path, {**VALID, key: wrong})
        try:
            experiment = load_experiments(path)["X"]
        except DataFileError as err:
            message = str(err)
            assert message.startswith(f"{path}: "), message
            assert not any(words in message for words in PYTHON_WORDING), (wrong, message)
            continue
        counts = RateCalculator.for_experiment(experiment).counts("year").per_flavor
        values = np.array(list(counts.values()))
        assert np.all(np.isfinite(values)) and np.all(values >= 0), (key, wrong, values)


def test_the_valid_file_loads(tmp_path):
    """The base of the test above is itself accepted (so the test can fail)."""
    path = tmp_path / "ok.toml"
    _write(path, VALID)
    assert load_experiments(path)["X"].detector.mass_kg == 24.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[X]\nsource =", "malformed TOML"),
        ("", "no experiment tables"),
        ('X = "SNS"\n', "expected a table of keys"),
        ('[X]\nsource = "SNS"\n', r"missing keys \['distance_m', 'mass_kg', 'material'\]"),
        ("[X]\n" + "".join(f"{k} = {v}\n" for k, v in VALID.items()) + "z = 1\n", "unknown keys"),
        (
            "[X]\n"
            + "".join(f"{k} = {v}\n" for k, v in VALID.items() if k != "resolution")
            + "resolution = { a = 1, z = 1 }\n",
            r"unknown keys \['z'\]",
        ),
        (
            "[X]\n"
            + "".join(f"{k} = {v}\n" for k, v in VALID.items() if k != "time_window_ns")
            + "time_window_ns = [0, 1, 2]\n",
            r"time_window_ns must be a list of 2 numbers",
        ),
    ],
)
def test_file_level_errors(tmp_path, text, message):
    path = tmp_path / "mine.toml"
    path.write_text(text)
    with pytest.raises(DataFileError, match=message) as info:
        load_experiments(path)
    assert info.value.path == path


def test_binary_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(DataFileError, match="mine.toml: not a UTF-8 text file"):
        load_experiments(path)


def test_measured_germanium_quenching_by_name(tmp_path):
    """Named Lindhard k of germanium measurements reproduce the quenching they quote: Scholz
    et al. (arXiv:1608.03588) 25.3 % at 8.5 keVnr (above 1 keVnr their adiabatic correction is
    negligible); Bonhomme et al. (arXiv:2202.03754) 0.16-0.23 over 0.4-6.3 keVnr."""
    from cevns.detectors.quenching import LindhardQuenching
    from cevns.nuclei import isotope

    ge = isotope("72Ge")
    assert float(LindhardQuenching.measured("scholz-2016").factor(8.5, ge)) == pytest.approx(
        0.253, abs=0.002
    )
    low, high = LindhardQuenching.measured("bonhomme-2022").factor([0.4, 6.3], ge)
    assert 0.15 < low < 0.17 and 0.22 < high < 0.24
    f = tmp_path / "ge.toml"
    f.write_text(
        '[G]\nsource = "Leibstadt"\nmaterial = "Ge"\nmass_kg = 1\ndistance_m = 20\n'
        'threshold_keVee = 0.2\nquenching = { model = "lindhard", k = "scholz-2016" }\n'
    )
    assert load_experiments(f)["G"].detector.quenching.k == 0.179
    f.write_text(f.read_text().replace("scholz-2016", "collar-2021"))
    with pytest.raises(CevnsInputError, match="unknown k 'collar-2021'"):
        load_experiments(f)
