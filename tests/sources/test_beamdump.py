"""Electron-beam-dump neutrinos (JLab BDX): the presets against the published table, the
distance scaling, the EOT exposure and the commands."""

from __future__ import annotations

import json

import pytest

from cevns.errors import CevnsInputError
from cevns.rates.exposure import Exposure
from cevns.sources.beamdump import beam_dump, beam_dumps

# Battaglieri et al., Instruments 8, 1 (2024), Table 2: nu/EOT/m^2 at 10 m, 0-500 MeV
TABLE = {
    "BDX-11GeV-off-axis": 6.7e-5,
    "BDX-11GeV-on-axis": 2.9e-5,
    "BDX-22GeV-off-axis": 1.9e-4,
    "BDX-22GeV-on-axis": 6.3e-5,
}


@pytest.mark.parametrize("name", sorted(TABLE))
def test_presets_reproduce_the_published_table(name):
    src = beam_dump(name)
    per_cm2_per_s = src.flux(10.0).total_rate()
    per_m2_per_eot = per_cm2_per_s * 1e4 / src.electrons_per_second
    assert per_m2_per_eot == pytest.approx(TABLE[name], rel=1e-2)
    assert set(beam_dumps()) == set(TABLE)


def test_distance_scaling_and_exposure():
    src = beam_dump("bdx-11gev-off-axis")  # case-insensitive
    assert src.flux(20.0).total_rate() == pytest.approx(src.flux(10.0).total_rate() / 4)
    # 1e22 EOT is the preset's year of charge
    assert Exposure(1e22, "EOT").seconds(src) == pytest.approx(Exposure(1.0, "year").seconds(src))
    with pytest.raises(CevnsInputError, match="electron beam dump"):
        from cevns.sources import facility

        Exposure(1e22, "EOT").seconds(facility("SNS"))
    with pytest.raises(CevnsInputError, match="unknown electron beam dump"):
        beam_dump("BDX-33GeV")


def test_flux_and_rate_commands(capsys):
    from cevns.cli.main import main

    assert main(["flux", "BDX-22GeV-on-axis", "--distance", "10", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    total = sum(r["flux_per_cm2_s"] for r in data["flavors"])
    assert total * 1e4 / data["source"]["electrons_per_second"] == pytest.approx(6.3e-5)
    assert main(["rate", "BDX-Ar-1t", "--eot", "1e22", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert main(["rate", "BDX-Ar-1t", "--per", "year", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["events"] == pytest.approx(events)
    assert main(["flux", "BDX-44GeV"]) == 2
    assert "BDX-11GeV-off-axis" in capsys.readouterr().err  # the presets are listed
    assert main(["rate", "BDX-Ar-1t", "--eot", "1e22", "--pot", "1e22"]) == 2
    assert "one of --GWh, --pot or --eot" in capsys.readouterr().err
