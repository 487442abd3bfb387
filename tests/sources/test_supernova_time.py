"""Time-resolved supernova bursts: the time-integrated limit against the burst engine, bins
that add up, flavor transformation against snewpy, and the command."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from cevns import RateCalculator
from cevns.detectors import experiment
from cevns.errors import CevnsInputError
from cevns.rates.timeseries import time_binned_counts
from cevns.sources.supernova import KPC_M, PinchedSpectrum, supernova_model
from cevns.sources.supernova_time import (
    TimeResolvedSupernova,
    cooling_supernova,
    survival_probabilities,
)


def _constant(model: str, seconds: float, nodes: int = 11) -> TimeResolvedSupernova:
    base = supernova_model(model)
    t = np.linspace(0.0, seconds, nodes)
    emission = {}
    for group, flavor in (("nue", "nue"), ("nuebar", "nuebar"), ("nux", "numu")):
        p = base.parameters(flavor)
        spectrum = PinchedSpectrum(p.mean_energy, p.alpha)
        emission[group] = tuple((p.number() / seconds, spectrum) for _ in t)
    return TimeResolvedSupernova("constant", tuple(t), emission)


def test_time_integrated_limit_equals_the_burst_engine():
    """Constant emission over 10 s: the whole window's counts equal the time-integrated
    preset's (today's burst engine) to 1e-6, and any binning adds up to them."""
    exp = experiment("SN-Ar-1t")
    reference = RateCalculator.for_experiment(exp).counts("burst").total
    resolved = replace(exp, source=_constant("standard", 10.0))
    whole = time_binned_counts(resolved, [0.0, 10.0]).total.sum()
    assert whole == pytest.approx(reference, rel=1e-6)
    binned = time_binned_counts(resolved, np.linspace(-1.0, 12.0, 27)).total
    assert binned.sum() == pytest.approx(reference, rel=1e-9)
    # constant emission: a bin's share is its overlap with [0, 10] s
    assert binned[np.linspace(-1.0, 12.0, 27)[:-1] < -0.1].sum() == 0.0


def test_cooling_model_keeps_the_preset_energy():
    sn = cooling_supernova("standard", cooling_time_s=2.0, duration_s=30.0)
    ours, preset = sn.fluence(10.0), supernova_model("standard").fluence(10.0)
    for c in preset.components:
        assert ours.component(c.flavor).rate == pytest.approx(c.rate, rel=1e-12)
    early, late = sn.fluence(10.0, 0.0, 2.0), sn.fluence(10.0, 2.0, 4.0)
    assert early.total_rate() / late.total_rate() == pytest.approx(np.e, rel=1e-3)
    with pytest.raises(CevnsInputError, match="cooling time"):
        cooling_supernova(cooling_time_s=-1.0)


@pytest.mark.parametrize("ordering", ["normal", "inverted"])
def test_flavor_transformation_conserves_and_matches_snewpy(ordering):
    """Adiabatic MSW (Dighe & Smirnov 2000) against snewpy's AdiabaticMSW with the same
    mixing angles, on a snewpy PinchedModel sampled through from_snewpy."""
    sn = cooling_supernova(ordering=ordering)
    assert sn.fluence(10.0).total_rate() == pytest.approx(
        cooling_supernova().fluence(10.0).total_rate(), rel=1e-12
    )
    pytest.importorskip("snewpy")
    import astropy.units as u
    from astropy.table import Table
    from snewpy import flavor_transformation as ft
    from snewpy.models.base import PinchedModel
    from snewpy.neutrino import Flavor, MassHierarchy

    from cevns.sources.supernova_time import from_snewpy

    cols = {"TIME": [0.0, 1.0, 2.0]}
    for key, (L, E, a) in {
        "NU_E": (1e52, 11.0, 2.0), "NU_E_BAR": (8e51, 14.0, 3.0), "NU_X": (6e51, 16.0, 2.5)
    }.items():  # fmt: skip
        cols[f"L_{key}"], cols[f"E_{key}"], cols[f"ALPHA_{key}"] = [L] * 3, [E] * 3, [a] * 3
    model = PinchedModel(Table(cols), metadata={})
    ours = from_snewpy(model, [0.0, 1.0, 2.0], ordering=ordering).flux(KPC_M, 0.5, 1.5)
    angles = (np.arcsin(np.sqrt(0.303)) * u.rad, np.arcsin(np.sqrt(0.02225)) * u.rad, 45 * u.deg)
    mh = MassHierarchy.NORMAL if ordering == "normal" else MassHierarchy.INVERTED
    E = np.array([10.0, 20.0, 40.0])
    theirs = model.get_transformed_spectra(
        1.0 * u.s, E * u.MeV, ft.AdiabaticMSW(mix_angles=angles, mh=mh)
    )
    area = 4 * np.pi * (KPC_M * 100) ** 2
    for flavor, key in (("nue", Flavor.NU_E), ("nuebar", Flavor.NU_E_BAR)):
        expected = theirs[key].to_value(1 / (u.MeV * u.s)) * 1.0 / area
        np.testing.assert_allclose(ours.differential(flavor, E), expected, rtol=1e-6)
    p, pbar = survival_probabilities(ordering)
    assert 0 < p < 1 and 0 < pbar < 1


def test_supernova_time_bins_command(capsys, tmp_path):
    from cevns.cli.main import main

    plot, table = tmp_path / "burst.png", tmp_path / "burst.csv"
    args = ["supernova", "--time-bins", "0:10:5", "--ordering", "normal", "--json"]
    assert main([*args, "--plot", str(plot), "--csv", str(table)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["series"]) == 3 and len(data["series"][0]["events"]) == 5
    assert plot.stat().st_size > 0 and table.read_text().count("\n") == 7
    assert main(["supernova", "--plot", str(plot)]) == 2
    assert "--time-bins" in capsys.readouterr().err


def test_experiment_files_take_a_time_resolved_burst(tmp_path, capsys):
    from cevns.cli.main import main

    path = tmp_path / "sn.toml"
    path.write_text(
        '[SN-Xe-resolved]\nsource = { supernova = "standard", cooling_time_s = 3.0 }\n'
        'material = "Xe"\nmass_kg = 1000\ndistance_kpc = 10.0\n'
    )
    assert main(["rate", "SN-Xe-resolved", "--experiments-file", str(path), "--json"]) == 0
    resolved = json.loads(capsys.readouterr().out)["events"]
    assert main(["rate", "SN-Xe-1t", "--json"]) == 0
    # 20 s of e^(-t/3 s) emission holds the whole preset: the same burst counts
    assert resolved == pytest.approx(json.loads(capsys.readouterr().out)["events"], rel=1e-9)
