"""Axion-like particles: width, photon conversion cross sections, radiation lengths, yields,
events and reach, against closed forms, published values and second methods."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.integrate import quad

from cevns.alp import AxionLikeParticle
from cevns.constants import ELECTRON_MASS, FINE_STRUCTURE, HBARC2_MEV2_CM2
from cevns.detectors import experiment
from cevns.errors import CevnsInputError
from cevns.xsec.alp import (
    atomic_form_factor,
    inverse_primakoff_cross_section,
    primakoff_cross_section,
    radiation_length,
)


def test_width_and_decay_length():
    # Γ = g² m³ / 64π: g = 1e-4 /GeV = 1e-7 /MeV, m = 10 MeV -> 1e-14 x 1000 / 201.06 MeV
    alp = AxionLikeParticle(10.0, 1e-4)
    assert alp.width_MeV == pytest.approx(1e-11 / (64 * np.pi), rel=1e-12)
    # decay length (p/m) ħc/Γ at E = 67.5 MeV, ħc = 197.327 MeV fm
    p = np.sqrt(67.5**2 - 100.0)
    assert alp.decay_length_m(67.5) == pytest.approx(p / 10 * 197.3269804e-15 / alp.width_MeV)
    with pytest.raises(CevnsInputError, match="cannot have"):
        alp.decay_length_m(5.0)
    with pytest.raises(CevnsInputError, match="positive"):
        AxionLikeParticle(-1.0, 1e-5)


@pytest.mark.parametrize(
    "Z, A, x0", [(74, 183.84, 6.76), (82, 207.2, 6.37), (18, 39.948, 19.55), (6, 12.011, 42.70)]
)
def test_radiation_lengths_match_the_pdg_tables(Z, A, x0):
    # PDG 2024, atomic and nuclear properties of materials: W, Pb, Ar, C (g/cm²)
    assert radiation_length(Z, A) == pytest.approx(x0, rel=2e-3)


def test_inverse_primakoff_screened_closed_form():
    """With the screening factor a²t/(1 + a²t) alone and m_a -> 0, σ integrates to
    (g²Z²α/2)[(2η²+1)/(4η²) ln(1+4η²) - 1], η = aE (the integral of the module's dσ/dΩ,
    done analytically); below a few MeV the nuclear factor is negligible."""
    alp = AxionLikeParticle(1e-6, 1e-5)
    Z, A = 18, 39.948
    E = np.array([0.5, 1.0, 2.0])
    eta2 = (111 * Z ** (-1 / 3) / ELECTRON_MASS * E) ** 2
    closed = (
        (1e-8) ** 2 * Z * Z * FINE_STRUCTURE / 2
        * ((2 * eta2 + 1) / (4 * eta2) * np.log(1 + 4 * eta2) - 1) * HBARC2_MEV2_CM2
    )  # fmt: skip
    np.testing.assert_allclose(inverse_primakoff_cross_section(alp, E, Z, A), closed, rtol=2e-4)
    # the two directions differ by the photon's two polarisations and the phase space
    # (ω/p)², 2 when massless
    p = np.sqrt(E * E - 1e-12)
    np.testing.assert_allclose(
        inverse_primakoff_cross_section(alp, E, Z, A),
        2 * (E / p) ** 2 * primakoff_cross_section(alp, E, Z, A),
        rtol=1e-12,
    )


def test_massive_primakoff_against_direct_quadrature():
    """Second method: scipy quad over the angle of the module's dσ/dΩ for a 10 MeV ALP."""
    alp = AxionLikeParticle(10.0, 1e-5)
    Z, A, w = 74, 183.84, 67.5
    p = np.sqrt(w * w - 100.0)

    def dsigma_du(u):
        q2 = (w - p) ** 2 + 2 * w * p * u
        f = float(atomic_form_factor(q2, Z, A))
        return (
            2
            * np.pi
            * (1e-8) ** 2
            * Z
            * Z
            * FINE_STRUCTURE
            * f
            * f
            * w
            * p**3
            * u
            * (2 - u)
            / (8 * np.pi * q2 * q2)
        )

    ref = quad(dsigma_du, 0, 2, points=[1e-4, 1e-3, 1e-2, 0.1], limit=400)[0] * HBARC2_MEV2_CM2
    assert float(primakoff_cross_section(alp, w, Z, A)) == pytest.approx(ref, rel=1e-6)
    assert float(primakoff_cross_section(alp, 9.0, Z, A)) == 0.0  # below the mass


def test_events_scale_with_coupling_and_mass():
    from cevns.rates.alp import alp_events
    from cevns.sources.alp import meson_photons

    exp = experiment("CCM")
    photons = meson_photons({"pi0": 0.1})
    assert photons[0][1] == pytest.approx(2 * 0.98823 * 0.1)

    def events(m, g):
        return alp_events(AxionLikeParticle(m, g), photons, "W", exp.detector, 20.0, 1e22)

    a, b = events(1.0, 1e-7), events(1.0, 2e-7)
    # long decay lengths: yield and detection each ∝ g², so every count ∝ g⁴
    assert b.scattering / a.scattering == pytest.approx(16.0, rel=1e-6)
    assert b.decays / a.decays == pytest.approx(16.0, rel=1e-6)
    # decays ∝ Γ ∝ m³ times m/p (boost): x 2⁴ from 1 to 2 MeV, up to the yield's mass
    # dependence and p
    c = events(2.0, 1e-7)
    ratio = c.decays / a.decays * (a.alps_per_pot / c.alps_per_pot)
    p1, p2 = np.sqrt(67.4884**2 - 1), np.sqrt(67.4884**2 - 4)
    assert ratio == pytest.approx(16.0 * p1 / p2, rel=1e-7)  # survival e^{-L/ℓ} = 1 - O(1e-8)
    # short decay lengths: nothing survives 20 m
    assert events(50.0, 1e-2).total < 1e-30


def test_signal_for_limit():
    from cevns.inference.alp import signal_for_limit

    assert signal_for_limit(0.0) == pytest.approx(2.302585, rel=1e-6)
    for b in (5.0, 100.0):
        s = signal_for_limit(b)
        assert 2 * (s - b * np.log(1 + s / b)) == pytest.approx(2.705543, rel=1e-6)
    with pytest.raises(CevnsInputError, match="background"):
        signal_for_limit(-1.0)


def test_reach_edges_hold_the_limit_signal():
    """At the reported edges, the events counted directly (alp_events, without the scaling
    in g) equal s_90."""
    from cevns.inference.alp import alp_sensitivity
    from cevns.rates.alp import alp_events
    from cevns.sources.alp import meson_photons

    exp = experiment("CCM")
    photons = meson_photons({"pi0": 0.072})
    result = alp_sensitivity(
        exp, [0.05, 5.0, 30.0], np.geomspace(1e-8, 1e-1, 30), 2.8e22, photons, "W", 20.0
    )
    assert np.all(np.isfinite(result.lower))
    for m, lo, hi in zip(result.masses_MeV, result.lower, result.upper, strict=True):
        for g in (lo, hi):
            if g >= 1e-1 * (1 - 1e-9):
                continue  # the region reaches beyond the scanned couplings
            n = alp_events(AxionLikeParticle(m, g), photons, "W", exp.detector, 20.0, 2.8e22)
            assert n.total == pytest.approx(result.signal_90, rel=1e-5)
    assert result.lower[2] < result.lower[1] < result.lower[0]  # decays take over with mass


def test_alp_command(capsys, tmp_path):
    from cevns.cli.main import main

    plot, table = tmp_path / "alp.png", tmp_path / "alp.csv"
    args = ["alp", "CCM", "--masses", "0.1:50:6", "--couplings", "1e-8:1e-2:40"]
    assert main([*args, "--json", "--plot", str(plot), "--csv", str(table)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["g_agg_lower_per_GeV"]) == 6 and data["signal_for_90_cl"] > 2.3 - 1e-6
    assert data["assumptions"]["target_element"] == "W"
    assert plot.stat().st_size > 0 and table.read_text().count("\n") == 8
    assert main(["alp", "CCM", "--mass", "10", "--coupling", "1e-5", "--json"]) == 0
    point = json.loads(capsys.readouterr().out)
    assert point["decay_events"] > point["inverse_primakoff_events"] > 0
    assert main(["alp", "PIP2-BD"]) == 2
    assert "--target" in capsys.readouterr().err
    assert main(["alp", "CCM", "--mass", "10"]) == 2
    assert "both --mass and --coupling" in capsys.readouterr().err
