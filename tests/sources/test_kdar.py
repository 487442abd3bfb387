"""KDAR source and the simple Fermi-gas quasi-elastic model."""

import json

import numpy as np
import pytest

from cevns.cli.main import main
from cevns.constants import (
    AXIAL_COUPLING,
    ELECTRON_MASS,
    FERMI_CONSTANT_MEV2,
    HBARC2_MEV2_CM2,
    NEUTRON_MASS,
    PROTON_MASS,
    V_UD,
    kaon_dar_numu_energy,
)
from cevns.detectors import Detector
from cevns.nuclear.formfactors import form_factor_model
from cevns.physics import PhysicsModel
from cevns.rates.engine import RateCalculator
from cevns.sources.kdar import KaonDecayAtRest
from cevns.xsec import quasielastic as qe
from cevns.xsec.coherent import coherent_cross_section
from cevns.xsec.quasielastic import FermiGas, FreeNucleonQE, RelativisticFermiGas

E_KDAR = kaon_dar_numu_energy()


def test_kdar_line_energy():
    """(m_K² − m_μ²)/(2 m_K) = 235.53 MeV (Spitz 2012: 235.5 MeV; JSNS² release: 235.532)."""
    assert E_KDAR == pytest.approx(235.532, abs=2e-3)


def test_kdar_cevns_rate_is_line_times_cross_section():
    """A line source: events = N_nuclei Φ σ(E_ν) exactly (no spectrum to average)."""
    src = KaonDecayAtRest("t", 3.0, 1.0, 5e-3)
    flux = src.flux(24.0)
    assert flux.lines("numu") == [(pytest.approx(E_KDAR), pytest.approx(flux.total_rate()))]
    det = Detector("40Ar", 1000.0)
    calc = RateCalculator(flux, det, form_factor_model("helm"), PhysicsModel(), source=src)
    sigma = coherent_cross_section("40Ar", "helm").total([E_KDAR], "numu")[0]
    expect = det.nuclei()[0] * flux.total_rate() * sigma
    assert calc.counts("second").total == pytest.approx(expect, rel=1e-6)
    with pytest.raises(ValueError, match="yield"):
        KaonDecayAtRest("t", 3.0, 1.0, 0.0)


class _EqualMass(FreeNucleonQE):
    """The free nucleon with M_n = M_p, where the low-energy limit is exact."""

    def _masses(self):
        return qe._NUCLEON_MASS, qe._NUCLEON_MASS, qe._check_lepton(self.lepton)


@pytest.mark.parametrize("E", [3.0, 5.0, 10.0])
def test_llewellyn_smith_low_energy_limit(E):
    """E ≪ M: σ → G_F²V_ud²(1 + 3g_A²) E_e p_e / π (the allowed Fermi + Gamow-Teller rate of a
    free nucleon, e.g. Strumia & Vissani astro-ph/0302055 at leading order), up to O(E/M):
    recoil, about -3 E/M, and weak magnetism, ±4.5 E/M for ν and ν̄ (P. Vogel and J. F.
    Beacom, Phys. Rev. D 60, 053003 (1999)): ν̄ is 7.4 % below at 10 MeV, ν 0.9 % above."""
    p_e = np.sqrt(E * E - ELECTRON_MASS**2)
    lowest = (FERMI_CONSTANT_MEV2 * V_UD) ** 2 * (1 + 3 * AXIAL_COUPLING**2) * E * p_e / np.pi
    for neutrino in (True, False):
        sigma = _EqualMass("e", neutrino).total(E)[0]
        assert sigma == pytest.approx(lowest * HBARC2_MEV2_CM2, rel=8 * E / 938.9)
    nu, nubar = (_EqualMass("e", n).total(E)[0] for n in (True, False))
    assert nu > nubar  # weak magnetism


def test_neutrino_above_antineutrino_and_threshold():
    """The axial-vector/weak-magnetism interference raises ν over ν̄ (Llewellyn Smith 1972);
    no muon below the ν_μ n → μ⁻ p threshold ((m_μ + M_p)² − M_n²)/(2M_n) = 110.2 MeV."""
    nu, nubar = FreeNucleonQE("mu", True), FreeNucleonQE("mu", False)
    assert nu.total(E_KDAR)[0] > 2.5 * nubar.total(E_KDAR)[0]
    threshold = ((105.6583755 + PROTON_MASS) ** 2 - NEUTRON_MASS**2) / (2 * NEUTRON_MASS)
    assert nu.total([threshold - 0.05, threshold + 0.5]).tolist()[0] == 0.0
    assert nu.total(threshold + 0.5)[0] > 0


def test_fermi_gas_reduces_to_free_nucleons():
    """k_F → small, no binding (ε = 0), no Pauli blocking: N times the free cross section."""
    gas = FermiGas("t", 6, 6, 40.0, 40.0, 0.0, "test")
    rfg = RelativisticFermiGas(gas, pauli_blocking=False, binding=NEUTRON_MASS - PROTON_MASS)
    assert rfg.epsilon == pytest.approx(0.0, abs=1e-9)
    free = FreeNucleonQE("mu").total([E_KDAR, 400.0])
    # k_F = 40 MeV still smears the nucleon momenta: 1.2 % at the KDAR energy
    assert rfg.total([E_KDAR, 400.0]) / 6 == pytest.approx(free, rel=2e-2)


def test_pauli_blocking_and_binding_reduce_the_cross_section():
    blocked = RelativisticFermiGas("12C").total(E_KDAR)[0]
    free_gas = RelativisticFermiGas("12C", pauli_blocking=False).total(E_KDAR)[0]
    assert blocked < free_gas < 6 * FreeNucleonQE("mu").total(E_KDAR)[0] * 1.05


def test_missing_energy_support_is_the_fermi_sea():
    """In the Fermi gas E_m = ω − T_p = ε − T_i with 0 ≤ T_i ≤ T_F: all of the cross section
    lies in [ε − T_F, ε], and the distribution sums to the total."""
    rfg = RelativisticFermiGas("12C")
    t_f = np.hypot(qe._NUCLEON_MASS, 221.0) - qe._NUCLEON_MASS
    edges = np.array([-100.0, rfg.epsilon - t_f - 0.01, rfg.epsilon + 0.01, 200.0])
    dist = rfg.missing_energy_distribution(E_KDAR, edges)
    assert dist[0] == 0 and dist[2] == 0
    assert dist.sum() == pytest.approx(rfg.total(E_KDAR)[0], rel=1e-12)


def test_fermi_gas_errors():
    with pytest.raises(ValueError, match="packaged: 12C, 40Ar"):
        RelativisticFermiGas("208Pb")
    with pytest.raises(ValueError, match="lepton"):
        FreeNucleonQE("tau").total(300.0)


def test_cli_kdar(capsys):
    assert main(["kdar", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["energy_MeV"] == pytest.approx(E_KDAR)
    assert out["cevns_cm2_per_nucleus"]["Xe"] > out["cevns_cm2_per_nucleus"]["Ar"]
    assert main(["kdar", "--yield", "0.005"]) == 2
    assert "needs" in capsys.readouterr().err
    args = ["kdar", "--json", "--yield", "0.005", "--power-MW", "1", "--proton-energy-GeV", "3"]
    assert main(args + ["--distance", "24"]) == 0
    assert json.loads(capsys.readouterr().out)["cevns_events_per_day"] > 0
