"""The theory-uncertainty budget (cevns.rates.budget) against Table I of Pandey, Prog. Part.
Nucl. Phys. 2024 (arXiv:2309.07840; adapted from Tomalak et al., JHEP 02 (2021) 097) and against
first-order formulas for its rows."""

import json

import numpy as np
import pytest

from cevns.cli.main import main
from cevns.rates.budget import theory_budget
from cevns.sources import facility

TABLE_I = {"energy": (10.0, 30.0, 50.0), "nuclear": (0.0004, 0.015, 0.040)}
TABLE_I_TOTAL = (0.0058, 0.0165, 0.0405)


@pytest.fixture(scope="module")
def argon():
    return theory_budget("40Ar", TABLE_I["energy"])


def test_table_one_of_the_review_for_argon(argon):
    # totals within a quarter of each entry
    np.testing.assert_allclose(argon.total, TABLE_I_TOTAL, rtol=0.25)
    nuclear = argon.level("nuclear")
    # nuclear at 30 and 50 MeV within a quarter
    np.testing.assert_allclose(nuclear[1:], TABLE_I["nuclear"][1:], rtol=0.25)
    # at 10 MeV any radius uncertainty is (10/30)^2 of the 30-MeV one (q^2 scaling), so the
    # published 0.04 % cannot go with 1.5 % at 30 MeV; we give the q^2-scaled value instead
    assert nuclear[0] == pytest.approx(nuclear[1] / 9, rel=0.06)
    assert nuclear[0] > 3 * TABLE_I["nuclear"][0]


def test_rows_and_total(argon):
    assert argon.total == pytest.approx(np.sqrt(sum(r.relative**2 for r in argon.rows)))
    assert all(r.source and r.correlation for r in argon.rows)
    names = {r.name for r in argon.rows}
    assert "axial structure (two-body currents)" not in names  # spin 0
    data = argon.to_dict()
    assert data["energy_MeV"] == [10.0, 30.0, 50.0] and len(data["rows"]) == len(argon.rows)


def test_weak_mixing_angle_row_is_the_analytic_derivative(argon):
    # sigma ~ Q_W^2, dQ_W/dsin^2 = -4 Z (doubled convention), Q_W(nu_mu) from the PDG couplings
    q_w = 18 * 2 * 0.0298 - 22 * 2 * 0.5117
    expected = 2 * 4 * 18 * 5e-5 / abs(q_w)
    row = next(r for r in argon.rows if r.name == "weak mixing angle")
    np.testing.assert_allclose(row.relative, expected, rtol=0.02)


def test_neutron_radius_row_matches_first_order_at_low_energy():
    # dsigma/sigma = 2 dF_W/F_W = (1/3) <q^2> d<r^2>_W, with d<r^2>_W = (N g_n / Q_W) 2 R_n dR_n
    # and <q^2> = q_max^2 / 3 for the point-nucleus recoil distribution (weight 1 - T/T_max)
    budget = theory_budget("40Ar", [5.0], neutron_radius_uncertainty_fm=0.05)
    g_p, g_n = 2 * 0.0298, -2 * 0.5117
    q_w = 18 * g_p + 22 * g_n
    r_n = 3.3971  # Helm from A = 40
    q_max2 = (2 * 5.0 / 197.327) ** 2
    expected = q_max2 / 9 * (22 * g_n / q_w) * 2 * r_n * 0.05
    assert budget.level("nuclear")[0] == pytest.approx(expected, rel=0.03)


@pytest.mark.parametrize("target", ["133Cs", "127I", "73Ge", "23Na", "208Pb"])
def test_budget_of_other_targets(target):
    budget = theory_budget(target)
    assert np.all(np.diff(budget.total) > 0)
    assert np.all(
        budget.total >= max(r.relative.max() for r in budget.rows if r.level == "hadronic")
    )
    # the light-quark loops move g_V^p by 1.44e-3 (from the nu_mu-e hadronic error 0.3 % /
    # 2.08): 2 Z (2 delta) / |Q_W| with the PDG couplings typed in here
    iso = {
        "133Cs": (55, 78),
        "127I": (53, 74),
        "73Ge": (32, 41),
        "23Na": (11, 12),
        "208Pb": (82, 126),
    }
    Z, N = iso[target]
    q_w = abs(Z * 2 * 0.0298 - N * 2 * 0.5117)
    np.testing.assert_allclose(budget.level("hadronic"), 2 * Z * 2 * 0.003 / 2.08 / q_w, rtol=1e-9)
    odd = target != "208Pb"
    names = {r.name for r in budget.rows}
    assert ("axial structure (two-body currents)" in names) == odd
    if odd:
        axial = next(r for r in budget.rows if r.name.startswith("axial structure"))
        assert np.all(axial.relative > 0) and np.all(axial.relative < 1e-3)


def test_flux_averaged_budget():
    budget = theory_budget("23Na", flux=facility("SNS").flux(20.0))
    assert budget.points == ("numu", "nue", "numubar")
    # the delayed flavors reach higher energies: larger nuclear uncertainty than the line
    nuclear = budget.level("nuclear")
    assert nuclear[2] > nuclear[0]


def test_budget_command(capsys, tmp_path):
    assert main(["budget", "40Ar", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["target"] == "40Ar" and len(data["total"]) == 3
    plot = tmp_path / "b.png"
    assert main(["budget", "133Cs", "--energy-range", "5:55:6", "--plot", str(plot)]) == 0
    assert plot.stat().st_size > 0
    assert main(["budget", "40Ar", "--energy", "-5"]) == 2
    assert "energies must be finite" in capsys.readouterr().err
