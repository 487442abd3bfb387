"""Continuum RPA by Green's functions: the Green's function against the box states, the
coordinate-space RPA against the pencil of the box RPA, and exact sum rules by contour
integration."""

import numpy as np
import pytest

from cevns.errors import CevnsInputError
from cevns.nuclear.multipoles import density_coefficient, reduced_elements, spin_coefficient
from cevns.nuclear.skyrme.basis import single_particle_basis
from cevns.nuclear.skyrme.continuum import (
    _channels,
    _ContinuumRPA,
    _dyson,
    _extended_fields,
    _numerov_pair,
    _operator_profile,
    continuum_strength,
)
from cevns.nuclear.skyrme.rpa import charge_exchange_rpa, like_particle_rpa
from cevns.nuclear.skyrme.store import hartree_fock


@pytest.fixture(scope="module")
def argon():
    return hartree_fock(18, 22)


def _solver(hf, operator, J, parity, residual=True, q=None, direction="-"):
    channels = _channels(J, parity)
    solver = _ContinuumRPA(hf, direction, J, parity, channels, residual)
    profile = np.concatenate(_operator_profile(operator, J, channels, hf.r_fm, q))
    return solver, profile


def _contour_total(solver, profile, centre=20.0, radius=150.0, points=64, moment=0):
    """(1/2πi) ∮ z^moment χ dz on a circle: Σ η_ν ω_ν^moment B_ν over the poles inside,
    whatever their widths (independent of the Lorentzian folding)."""
    x, w = np.polynomial.legendre.leggauss(points)
    theta = np.pi * (x + 1)
    step = radius * np.exp(1j * theta)
    z = centre + step
    rpa, free = solver.response(z, profile)
    return [
        float(np.real(np.sum(w * np.pi * chi * z**moment * step) / (2 * np.pi)))
        for chi in (rpa, free)
    ]


@pytest.mark.parametrize(("kind", "l", "j"), [("neutron", 0, 0.5), ("proton", 2, 2.5)])
def test_green_function_is_the_spectral_sum_of_box_states(argon, kind, l, j):  # noqa: E741
    """Im G(r, r'; E) from the outgoing-wave solutions equals Σ u_a u_a / (E - ε_a) over
    the states of a 30 fm larger box (whose real part misses the states above 3 GeV)."""
    hf = argon
    basis = single_particle_basis(hf, box_fm=hf.box_fm + 30, max_energy_MeV=3000)
    states = [o for o in basis.of(kind) if (o.l, o.j) == (l, j)]
    n = hf.r_fm.size
    U = np.array([o.u[:n] for o in states])
    e = np.array([o.energy_MeV for o in states])
    fields = _extended_fields(hf, hf.mesh_fm, hf.box_fm + 60)
    for E in (-30 + 5j, 10 + 5j, 40 + 10j):  # Im E damps the wave reflected by the box
        box = (U.T / (E - e)) @ U
        reg, out, wronskian = _numerov_pair(fields[kind], l, j, np.array([E]), n)
        for a, b in ((20, 20), (30, 50), (60, 60), (40, 100)):
            green = reg[0, a] * out[0, b] / wronskian[0]
            assert green.imag == pytest.approx(box[a, b].imag, rel=2e-3, abs=2e-6)


@pytest.mark.parametrize(
    ("J", "parity", "operator", "direction"),
    [(0, 1, "fermi", "-"), (1, -1, "spin_dipole", "-"), (1, 1, "gamow_teller", "0")],
)
def test_coordinate_space_rpa_with_box_states_is_the_pencil(argon, J, parity, operator, direction):
    """The Dyson equation on the channel mesh with χ₀ summed over box pairs gives the
    response Σ_ν η_ν B_ν / (z - ω_ν) of the RPA pencil (the Woodbury identity), for charge
    exchange and for the neutral current (proton and neutron blocks coupled by τ τ 2C₁)."""
    hf = argon
    basis = single_particle_basis(hf, box_fm=hf.box_fm)
    rho0, rho1 = hf.rho_p + hf.rho_n, hf.rho_n - hf.rho_p
    if direction == "0":
        states = like_particle_rpa(basis, hf.parameters, rho0, rho1, J, parity)
    else:
        states = charge_exchange_rpa(basis, hf.parameters, rho0, J, parity, direction)
    solver, profile = _solver(hf, operator, J, parity, direction=direction)
    n, r = hf.r_fm.size, hf.r_fm
    X = np.zeros((len(states.pairs), solver.size))
    for k, (a, b) in enumerate(states.pairs):
        row = []
        for S, L in solver.channels:
            if S == 0:
                A = density_coefficient(a.l, a.j, b.l, b.j, J)
            else:
                A = spin_coefficient(a.l, a.j, b.l, b.j, J, L)
            row.append(A * a.u[:n] * b.u[:n] / r)
        block = solver.blocks.index(a.kind)
        width = len(row) * n
        X[k, block * width : (block + 1) * width] = np.concatenate(row)
    phi = solver.phi(profile)
    elements = X @ phi
    if operator == "fermi":
        reference = np.sqrt(4 * np.pi) * reduced_elements(states.pairs, r, [1e-4], 0)["M"][:, 0]
        # j_0(qr) = 1 - (qr)²/6 at q = 1e-4 fm⁻¹: 3e-7 of the largest element
        assert elements == pytest.approx(reference, abs=1e-7)
    weights = states.weights
    delta = np.array([a.energy_MeV - b.energy_MeV for a, b in states.pairs])
    B = states.strength(elements)
    for z in (5.6 + 0.3j, 20 + 40j, -30 + 5j):
        chi0 = ((X.T * (weights / (z - delta))) @ X)[None]
        rpa, free = _dyson(chi0, solver.v, phi)
        pencil = np.sum(B / (z - states.energies_MeV))
        assert rpa[0] == pytest.approx(pencil, rel=1e-8)
        assert free[0] == pytest.approx(np.sum(weights * elements**2 / (z - delta)), rel=1e-10)


@pytest.mark.parametrize(
    ("operator", "J", "expected"), [("fermi", 0, 4.0), ("gamow_teller", 1, 12.0)]
)
def test_fermi_and_ikeda_sum_rules_of_the_continuum(argon, operator, J, expected):
    """S₋ - S₊ = N - Z (Fermi) and 3(N - Z) (Ikeda) for 40Ar, free and RPA: the Green's
    function is complete and the RPA keeps the non-energy-weighted sum."""
    solver, profile = _solver(argon, operator, J, 1)
    rpa, free = _contour_total(solver, profile, radius=120.0)
    assert free == pytest.approx(expected, rel=2e-4)
    assert rpa == pytest.approx(expected, rel=2e-4)


def test_spin_dipole_sum_rule(argon):
    """Σ_J (S₋ - S₊) of r [Y_1 ⊗ σ]_J t = 9/(4π) (N⟨r²⟩_n - Z⟨r²⟩_p) (the commutator of the
    operator with its adjoint), with the HF radii: the strength reaches far into the
    continuum, so this tests its completeness."""
    hf = argon
    exact = 9 / (4 * np.pi) * (22 * hf.rms_radius_neutron_fm**2 - 18 * hf.rms_radius_proton_fm**2)
    totals = np.zeros(2)
    for J in (0, 1, 2):
        solver, profile = _solver(hf, "spin_dipole", J, -1)
        totals += _contour_total(solver, profile, radius=200.0, points=48)
    assert totals[1] == pytest.approx(exact, rel=5e-5)
    assert totals[0] == pytest.approx(exact, rel=5e-5)


def test_neutral_current_energy_weighted_sum_rule(argon):
    """Σ_ν η_ν ω_ν B_ν = ⟨[F, [H, F]]⟩ for the isovector monopole F = Σ t₃ r² Y_0 of the
    neutral-current continuum RPA: 2 Σ_q t₃² ∫ (ħ²/2m*_q) |∇(r²/√4π)|² ρ_q d³r, which the
    contact interaction (local, like F) leaves unchanged."""
    hf = argon
    solver = _ContinuumRPA(hf, "0", 0, 1, _channels(0, 1), True)
    rpa, free = _contour_total(solver, hf.r_fm**2, 0.0, 600.0, 96, moment=1)
    r, h = hf.r_fm, hf.mesh_fm
    exact = 0.0
    for kind, rho in (("proton", hf.rho_p), ("neutron", hf.rho_n)):
        f_star = 1.0 / solver.fields[kind][3][: r.size]  # ħ²/2m*
        exact += 2 * 0.25 * h * np.sum(f_star * 4 * r**2 / (4 * np.pi) * rho * 4 * np.pi * r**2)
    assert free == pytest.approx(exact, rel=2e-5)
    assert rpa == pytest.approx(exact, rel=2e-5)


def test_neutral_current_is_the_isospin_partner_of_the_charged_current():
    """In 12C (T = 0) the Σ σ t₃ strength is half the Σ σ t₋ strength, state by state, up to
    the Coulomb field of the protons: free and RPA, the strength between 0 and 70 MeV."""
    hf = hartree_fock(6, 6)
    totals = {}
    for direction in ("-", "0"):
        solver, profile = _solver(hf, "gamow_teller", 1, 1, direction=direction)
        totals[direction] = _contour_total(solver, profile, 35.0, 34.9, 96)
    assert totals["0"][0] / totals["-"][0] == pytest.approx(0.5, abs=2e-4)
    assert totals["0"][1] / totals["-"][1] == pytest.approx(0.5, abs=2e-4)


def test_continuum_strength_agrees_with_the_box_rpa(argon):
    """The analog state and the Gamow-Teller strength below 30 MeV of the continuum RPA and
    of the box RPA of :mod:`cevns.nuclear.skyrme.rpa` (a 10 fm larger box)."""
    hf = argon
    basis = single_particle_basis(hf)
    rho0 = np.zeros(basis.r_fm.size)
    rho0[: hf.r_fm.size] = hf.rho_p + hf.rho_n
    states = charge_exchange_rpa(basis, hf.parameters, rho0, 0, 1, "-")
    fermi = states.strength(
        np.sqrt(4 * np.pi) * reduced_elements(states.pairs, states.r_fm, [1e-4], 0)["M"][:, 0]
    )
    analog = states.energies_MeV[np.argmax(fermi)]
    grid = np.arange(analog - 0.5, analog + 0.5, 0.01)
    s = continuum_strength(18, 22, "fermi", omega_MeV=grid, width_MeV=0.05)
    assert grid[np.argmax(s.strength)] == pytest.approx(analog, abs=0.03)

    states = charge_exchange_rpa(basis, hf.parameters, rho0, 1, 1, "-")
    elements = reduced_elements(states.pairs, states.r_fm, [1e-4], 1)
    gt = states.strength(np.sqrt(4 * np.pi) * elements["Sigma_p"][:, 0])
    gt = gt + states.strength(np.sqrt(4 * np.pi) * elements["Sigma_pp"][:, 0])
    box = gt[(states.energies_MeV > 0) & (states.energies_MeV < 30)].sum()
    solver, profile = _solver(hf, "gamow_teller", 1, 1)
    # strength between 0 and 30 MeV: a circle through both ends (it crosses the continuum
    # at 30 MeV, where the GT strength is small)
    continuum, _ = _contour_total(solver, profile, centre=15.0, radius=15.0, points=96)
    assert continuum == pytest.approx(box, rel=5e-3)


def test_strength_function_result(argon):
    s = continuum_strength(18, 22, "M", J=2, parity=1, q_fm=0.5, omega_MeV=[10.0, 20.0])
    assert s.strength.shape == (2,) and np.all(s.free > 0)
    assert s.to_dict()["operator"] == "M" and s.to_dict()["q_fm"] == 0.5
    assert list(s.table()) == ["omega_MeV", "strength_per_MeV", "free_per_MeV"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"operator": "E1"},
        {"operator": "M", "J": 1, "parity": -1},
        {"operator": "spin_dipole", "J": 3, "parity": -1},
        {"operator": "fermi", "J": 1, "parity": 1},
        {"operator": "gamow_teller", "width_MeV": 0.0},
        {"operator": "gamow_teller", "direction": "x"},
        {"operator": "gamow_teller", "omega_MeV": [float("nan")]},
        {"operator": "Sigma", "J": 1, "parity": 1, "q_fm": 1.0},
    ],
)
def test_bad_input_is_refused(kwargs):
    with pytest.raises(CevnsInputError):
        continuum_strength(18, 22, **kwargs)
