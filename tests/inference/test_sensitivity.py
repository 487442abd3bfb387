"""Asimov sensitivities of future argon detectors (Carey & Pandey, arXiv:2412.18055, Table I):
exact properties of
the Asimov data set, a Fisher-information second method, and the mediator limits."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cevns.cli.main import main
from cevns.inference.fit import JointFit
from cevns.inference.scan import scan_grid
from cevns.inference.sensitivity import Assumptions, asimov_analysis, sensitivity

# no background and no systematics: only Poisson statistics of the signal
BARE = dict(
    steady_state_scale=0.0,
    brn_fraction=0.0,
    flux_uncertainty=0.0,
    quenching_scale=0.0,
    timing_uncertainty_ns=0.0,
)
Z_AR, N_AR = 18, 22


def _half_width(curve) -> float:
    ((lo, hi),) = curve.interval_68
    return 0.5 * (hi - lo)


def _dlnN_dsin2w(s2: float) -> float:
    """d ln N / d sin²θ_W for 40Ar: N ∝ Q_W², Q_W = Z (1 - 4 s) - N (tree level, a talk's slides
    Eq. 3 with g_V^p = 1/2 - 2 s, g_V^n = -1/2, doubled); sin²θ_W is a pure normalisation."""
    q_w = Z_AR * (1 - 4 * s2) - N_AR
    return 2 * (-4 * Z_AR) / q_w


def test_asimov_fit_returns_the_standard_model():
    """Asimov data are the SM expectation: the best fits are the SM sin²θ_W (0.23857) and
    the Helm neutron rms radius of 40Ar. Helm (Carey & Pandey, arXiv:2412.18055, Eq. 11): R0² =
    (1.23 A^1/3 - 0.6)²
    + 7/3 π² r0² - 5 s², r0 = 0.52, s = 0.9 fm; rms² = 3/5 R0² + 3 s²."""
    result = sensitivity("CENNS750", parameters=("sin2w", "rn"))
    assert result.curves["sin2w"].best_fit == pytest.approx(0.23857, abs=2e-4)
    r0_sq = (1.23 * 40 ** (1 / 3) - 0.6) ** 2 + 7 / 3 * np.pi**2 * 0.52**2 - 5 * 0.9**2
    # natural argon is 99.6 % 40Ar; 36Ar and 38Ar shift the mean radius by < 0.01 fm
    assert result.curves["rn"].best_fit == pytest.approx(np.sqrt(0.6 * r0_sq + 3 * 0.81), abs=0.02)
    ((lo, hi),) = result.curves["sin2w"].interval_68
    assert lo < 0.23857 < hi


def test_weak_mixing_angle_width_matches_fisher_information():
    """Only a 5 % flux uncertainty besides statistics: σ(ln N)² = 0.05² + 1/N_SM and
    σ(sin²θ_W) = σ(ln N) / |d ln N/d sin²θ_W| (Fisher information, Gaussian limit).
    Tolerance 1 %: the interval's asymmetry from N ∝ Q_W² is second order (< 0.1 %)."""
    a = Assumptions(years=3.0, **{**BARE, "flux_uncertainty": 0.05})
    analysis = asimov_analysis("CENNS750", a)
    n_sm = analysis.sm_template().nominal.sum()
    curve = JointFit([analysis]).profile("sin2w", np.linspace(0.19, 0.29, 41))
    expected = np.sqrt(0.05**2 + 1 / n_sm) / abs(_dlnN_dsin2w(0.23857))
    assert _half_width(curve) == pytest.approx(expected, rel=0.01)


def test_statistics_only_width_scales_with_exposure():
    """Without backgrounds and systematics the Asimov Δχ² is proportional to the exposure, so
    four times the running time halves the interval (exactly, up to the interval refinement)
    and the width is Fisher's 1/sqrt(N) / |d ln N/d sin²θ_W| (1 %, as above)."""
    widths, counts = [], []
    for years in (1.0, 4.0):
        analysis = asimov_analysis("CENNS750", Assumptions(years=years, **BARE))
        counts.append(analysis.sm_template().nominal.sum())
        curve = JointFit([analysis]).profile("sin2w", np.linspace(0.20, 0.28, 41))
        widths.append(_half_width(curve))
    assert counts[1] / counts[0] == pytest.approx(4.0, rel=1e-9)
    assert widths[0] / widths[1] == pytest.approx(2.0, rel=2e-3)
    fisher = 1 / np.sqrt(counts[0]) / abs(_dlnN_dsin2w(0.23857))
    assert widths[0] == pytest.approx(fisher, rel=0.01)


def test_mediator_limits_have_the_contact_and_light_limits():
    """Universal Z': the amplitude shift is g² / (q² + M²). For M far above the momentum
    transfer (q <~ 100 MeV in argon) the limit on g grows as M (contact interaction); for
    M far below the smallest q at threshold (20 keVnr: q = sqrt(2 M_A T) = 39 MeV) it does
    not depend on M. Expected ratios 2 and 1; corrections (q/M)² < 0.3 % at 2 GeV and
    (M/q)² < 0.3 % at 2 MeV; tolerance 1 % for the grid interpolation."""
    fit = JointFit([asimov_analysis("CENNS750")])
    masses = np.array([1.0, 2.0, 2000.0, 4000.0])
    scan = scan_grid(
        fit,
        {"m_zprime": masses, "g_zprime": np.geomspace(3e-6, 3e-3, 241)},
        progress=False,
    )
    g90 = scan.limit_curve()
    assert np.all(np.isfinite(g90))
    assert g90[3] / g90[2] == pytest.approx(2.0, rel=0.01)
    assert g90[1] / g90[0] == pytest.approx(1.0, rel=0.01)


def test_bigger_detector_and_lower_background_do_better():
    """PIP2-BD (100 t) limits μ_ν better than CENNS-750 (610 kg) with the same assumptions,
    and removing the steady-state background improves CENNS-750's limit."""
    same = Assumptions(years=3.0)
    pip2 = sensitivity("PIP2-BD", same, ("mu_nu",)).upper_limit_90("mu_nu")
    cenns = sensitivity("CENNS750", same, ("mu_nu",)).upper_limit_90("mu_nu")
    clean = sensitivity("CENNS750", Assumptions(years=3.0, steady_state_scale=0.0), ("mu_nu",))
    assert pip2 < cenns
    assert clean.upper_limit_90("mu_nu") < cenns


def test_bad_input_is_reported():
    with pytest.raises(ValueError, match="argon"):
        asimov_analysis("COHERENT-CsI")
    with pytest.raises(ValueError, match="unknown sensitivity parameter"):
        sensitivity("CCM", parameters=("sin2w", "theta13"))
    with pytest.raises(ValueError, match="years"):
        Assumptions(years=0)
    with pytest.raises(ValueError, match="time_edges_us"):
        Assumptions(time_edges_us=(0.0, 2.0, 1.0))
    for threshold in (1e4, 1e300):  # no observed energy left below the upper edge
        with pytest.raises(ValueError, match="leaves no observed energy"):
            asimov_analysis("CCM", Assumptions(threshold_keVnr=threshold))


def test_cli_sensitivity_json_and_csv(capsys, tmp_path):
    out = tmp_path / "ccm.csv"
    code = main(
        ["sensitivity", "CCM", "--param", "mu_nu", "--years", "1", "--json"] + ["--csv", str(out)]
    )
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["experiment"] == "CCM"
    assert result["assumptions"]["years"] == 1.0
    assert result["parameters"][0]["name"] == "mu_nu"
    assert result["parameters"][0]["upper_limit_90"] > 0
    assert out.read_text().startswith("experiment,quantity,x,y")
    assert main(["sensitivity", "COHERENT-CsI"]) == 2
    assert "argon" in capsys.readouterr().err


def test_packaged_backgrounds_match_the_release():
    """The packaged CENNS-10 background spectra are the release's PDFs summed over F90 and
    time (copy in tests/data); totals: steady state 3154 +- 25 and prompt BRN 497 (release
    YAML, arXiv:2006.12659)."""
    from pathlib import Path

    from cevns.inference.releases import load_release
    from cevns.inference.sensitivity import _cenns10_backgrounds

    release = load_release("coherent-lar-2020", Path(__file__).resolve().parents[1] / "data")
    packaged = _cenns10_backgrounds()
    np.testing.assert_allclose(
        packaged["steady_state"], release["steady_state"].sum(axis=(1, 2)), rtol=1e-5
    )
    np.testing.assert_allclose(packaged["brn"], release["brn"].sum(axis=(1, 2)), rtol=1e-5)
    assert abs(packaged["steady_state"].sum() - 3154) < 25
    assert packaged["brn"].sum() == pytest.approx(497, rel=1e-4)
