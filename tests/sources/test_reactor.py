"""Reactor antineutrinos: the fission spectra, inverse beta decay, the core source and a
published reactor CEvNS prediction."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cevns.errors import CevnsInputError
from cevns.sources.reactor import (
    FISSILE,
    Reactor,
    antineutrinos_per_fission,
    fission_spectrum,
    reactor,
)
from cevns.xsec.ibd import ibd_cross_section, ibd_yield_per_fission


def test_spectra_join_smoothly_and_end():
    for iso in FISSILE:
        below, above = fission_spectrum(iso, [2.0 - 1e-9, 2.0 + 1e-9])
        assert below == pytest.approx(above, rel=1e-6)
        assert fission_spectrum(iso, 10.5) == 0.0 and fission_spectrum(iso, -1.0) == 0.0
        # about six antineutrinos per fission, two of them above the IBD threshold
        assert 4.5 < antineutrinos_per_fission(iso) < 7.0
        assert 1.3 < antineutrinos_per_fission(iso, 1.806) < 2.7


def test_ibd_cross_section_near_threshold_and_scaling():
    # near threshold the recoil and weak-magnetism terms vanish and the cross section is the
    # zeroth order of Vogel & Beacom (1999): σ = 0.0952e-42 cm² E_e p_e/MeV² for
    # τ_n = 886.7 s, scaled to τ_n = 878.4 s (σ ∝ 1/τ_n); the rest is radiative, ~1 %
    E = 2.0
    positron = E - 1.29333236
    expected = 0.0952e-42 * 886.7 / 878.4 * positron * np.sqrt(positron**2 - 0.51099895**2)
    assert float(ibd_cross_section(E)) == pytest.approx(expected, rel=0.015)
    assert float(ibd_cross_section(1.8)) == 0.0  # below 1.806 MeV
    assert ibd_cross_section([1.0, 3.0, 8.0]).shape == (3,)


@pytest.mark.parametrize(
    ("isotope", "published"),
    [("U235", 6.69e-43), ("U238", 10.10e-43), ("Pu239", 4.40e-43), ("Pu241", 6.03e-43)],
)
def test_ibd_yield_per_fission_matches_huber_mueller(isotope, published):
    """The Huber-Mueller IBD yields used in the global reactor fits of C. Giunti et al.,
    JHEP 10 (2017) 143, arXiv:1708.01133 (quoted uncertainties 2.2 %, 8 %, 2.5 %, 2.2 %).
    Cross-checks: Giunti (arXiv:1704.02276) puts the fitted 6.29(8) for 235U 2.5σ below the
    prediction; Surukuchi et al. (arXiv:2301.13123) give 8.16(3.47) for 241Pu as 135(58) % of
    the model, i.e. 6.04."""
    assert ibd_yield_per_fission(isotope) == pytest.approx(published, rel=0.01)


def test_ibd_yield_ratio_matches_the_ill_ratio():
    """Kopeikin, Skorokhvatov, Titov (2021, arXiv:2103.01684): the KI ratio σ5/σ9 = 1.45(3),
    which the ILL β spectra (converted by Huber) exceed by 1.054(2): 1.528(32)."""
    ratio = ibd_yield_per_fission("U235") / ibd_yield_per_fission("Pu239")
    assert ratio == pytest.approx(1.45 * 1.054, rel=0.02)


def test_core_source_and_presets():
    core = Reactor("test", 3000.0, (("U235", 1.0),))
    # fissions per second = P / E_f (202.36 MeV per 235U fission)
    assert core.fissions_per_second == pytest.approx(3e9 / (202.36 * 1.602176634e-13))
    flux = core.flux(20.0)
    expected = core.fissions_per_second * antineutrinos_per_fission("U235")
    assert flux.total_rate() == pytest.approx(expected / (4 * np.pi * 2000.0**2))
    assert flux.component("nuebar").spectrum.mean_energy() == pytest.approx(
        np.trapezoid(np.linspace(0, 10, 4001) * fission_spectrum("U235", np.linspace(0, 10, 4001)),
                     np.linspace(0, 10, 4001)) / antineutrinos_per_fission("U235"),
        rel=1e-3,
    )  # fmt: skip
    with pytest.raises(CevnsInputError, match="fissile"):
        Reactor("bad", 3000.0, (("Th232", 1.0),))
    assert reactor("leibstadt").thermal_power_MW == 3600.0


def test_conus_plus_prediction(capsys):
    """CONUS+ (Nature 643, 1229 (2025), arXiv:2501.05206): 347 ± 59 CEvNS events predicted
    for 327 kg d of reactor-on exposure above 160 eVee (395 ± 106 measured)."""
    from cevns.cli.main import main

    assert main(["rate", "CONUS+", "--per", "day", "--json"]) == 0
    per_day = json.loads(capsys.readouterr().out)["events"]
    events = per_day / 2.83 * 327.0
    assert abs(events - 347.0) < 59.0
