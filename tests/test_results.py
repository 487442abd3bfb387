"""The result contract: every result type gives strict JSON that reads back to its
``to_dict``, fixed keys (the same for any input; no numbers or user names in keys) and a CSV
whose header is its table's columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

import cevns
from cevns.inference.datasets import load_analysis
from cevns.inference.fit import JointFit, count_fit
from cevns.inference.scan import scan_grid
from cevns.nuclear.skyrme.hf import solve
from cevns.rates.inelastic import inelastic_rate
from cevns.results import Result, jsonable

DATA = Path(__file__).parent / "data"


def _keys(value) -> list[str]:
    """Every key of nested dicts, with the flavor and parameter vocabularies folded."""
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            out.append(k)
            out += _keys(v)
    elif isinstance(value, list):
        for v in value:
            out += _keys(v)
    return out


@pytest.fixture(scope="module")
def results() -> dict[str, list[Result]]:
    """Each result type computed for two different inputs."""
    csi = cevns.RateCalculator.for_experiment("COHERENT-CsI")
    lar = cevns.RateCalculator.for_experiment("CENNS10")
    analysis = load_analysis("coherent-csi-2017", DATA)
    fit = JointFit([analysis])
    axes = {"m_zprime": np.geomspace(1, 100, 3), "g_zprime": np.geomspace(1e-5, 1e-4, 3)}
    return {
        "recoil spectrum": [
            csi.recoil_spectrum([5.0, 10.0]),
            lar.recoil_spectrum([5.0], "3 year"),
        ],
        "binned spectrum": [
            csi.binned([6, 10, 30], "7.48 GWh", observed=True),
            lar.binned([0.0, 20.0, 60.0], "1e22 POT"),
        ],
        "event counts": [csi.counts(), lar.counts("2.5 GWh")],
        "joint spectrum": [
            lar.joint([0.0, 50.0, 100.0], [0.0, 1000.0, 6000.0]),
            csi.joint([0.0, 20.0], [0.0, 500.0], "year"),
        ],
        "directional spectrum": [
            lar.directional_binned([5.0, 50.0], [0.0, 0.5, 1.0]),
            csi.directional_binned([5.0, 10.0, 20.0], [-1.0, 1.0], "second"),
        ],
        "timing split": [csi.timing_split(), lar.timing_split({"early": (-500.0, 800.0)})],
        "mediator grid": [
            csi.vector_mediator_grid([10.0, 100.0], [1e-5]),
            lar.vector_mediator_grid([1.0], [1e-6, 1e-5], exposure="year"),
        ],
        "inelastic counts": [
            inelastic_rate("nue-40Ar-cc", "CENNS750").counts("year"),
            inelastic_rate("nue-40Ar-cc", "CCM").counts(),
        ],
        "count fit": [count_fit(analysis), count_fit(analysis, "klein-nystrand")],
        "parameter fit": [fit.fit({"sin2w": 0.24}, minos=False)],
        "profile curve": [fit.profile("sin2w", np.linspace(0.15, 0.35, 5))],
        "grid scan": [scan_grid(fit, axes, progress=False)],
        "Hartree-Fock": [solve(8, 8, "SLy4")],
    }


def test_every_result_type_is_covered(results):
    produced = {type(r) for rs in results.values() for r in rs}
    expected = {
        cls
        for module in (cevns.rates.results, cevns.inference.fit, cevns.inference.scan)
        for cls in vars(module).values()
        if isinstance(cls, type)
        and issubclass(cls, Result)
        and cls is not Result
        and not cls.__name__.startswith("_")
    }
    assert expected <= produced


def test_json_round_trips_and_is_strict(results, tmp_path):
    for name, rs in results.items():
        for r in rs:
            text = r.to_json(tmp_path / "r.json")
            assert json.loads(text) == jsonable(r.to_dict()), name
            assert json.loads((tmp_path / "r.json").read_text()) == json.loads(text)
            assert "NaN" not in text and "Infinity" not in text, name


def test_keys_are_fixed(results):
    """Two inputs give the same keys; no key holds data (a number such as "7.48", a space)."""
    vocab = set(cevns.FLAVORS) | set(cevns.physics.PARAMETERS) | {"e", "mu", "tau"}
    for name, rs in results.items():
        key_sets = [set(_keys(r.to_dict())) - vocab for r in rs]
        assert all(ks == key_sets[0] for ks in key_sets), name
        for key in key_sets[0]:
            assert " " not in key and "." not in key and not key[:1].isdigit(), (name, key)


def test_csv_header_is_the_table(results, tmp_path):
    for name, rs in results.items():
        for r in rs:
            path = tmp_path / "r.csv"
            r.to_csv(path)
            lines = [ln for ln in path.read_text().splitlines() if not ln.startswith("#")]
            header = next(csv.reader(lines))
            assert header == list(r.table()), name
            assert len(lines) - 1 == len(next(iter(r.table().values()))), name
