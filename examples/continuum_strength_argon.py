"""Charge-exchange strength of 40Ar (t₋, the ν_e CC direction): the continuum RPA, with the
particle continuum treated by the Green's function, against the RPA on box-discretised
states folded with the same Lorentzian (Skyrme SLy4 Hartree-Fock, the isovector contact
residual interaction of both). Left: Gamow-Teller (1⁺); right: spin dipole (1⁻), whose
strength lies mostly in the continuum.

Below the particle threshold both are the same discrete states; above it the box states
(HF box + 10 fm, the box of the cross-section tables) scatter the strength into separate
levels that the Green's function replaces by escape-width shapes.

    python examples/continuum_strength_argon.py [output.png]
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from cevns.nuclear.multipoles import reduced_elements  # noqa: E402
from cevns.nuclear.skyrme.basis import single_particle_basis  # noqa: E402
from cevns.nuclear.skyrme.continuum import continuum_strength  # noqa: E402
from cevns.nuclear.skyrme.rpa import charge_exchange_rpa  # noqa: E402
from cevns.nuclear.skyrme.store import hartree_fock  # noqa: E402

Z, N = 18, 22
WIDTH = 0.4  # MeV, full width of the Lorentzian folding
omega = np.arange(-2.0, 40.0, 0.05)

hf = hartree_fock(Z, N)
basis = single_particle_basis(hf)
rho0 = np.zeros(basis.r_fm.size)
rho0[: hf.r_fm.size] = hf.rho_p + hf.rho_n


def box_strength(J, parity, operator):
    """Σ_ν B_ν L(ω - ω_ν) of the box RPA, B_ν of the operator at q → 0."""
    states = charge_exchange_rpa(basis, hf.parameters, rho0, J, parity, "-")
    elements = reduced_elements(states.pairs, states.r_fm, [1e-4], J)
    if operator == "gamow_teller":
        B = sum(
            states.strength(np.sqrt(4 * np.pi) * elements[name][:, 0])
            for name in ("Sigma_p", "Sigma_pp")
        )
    else:  # spin dipole 1⁻, r [Y_1 ⊗ σ]_1: Σ_1 = j_1(qr) [Y_1 ⊗ σ]_1 -> (q r / 3) [Y_1 ⊗ σ]_1
        B = states.strength(elements["Sigma"][:, 0] * 3 / 1e-4)
    half = WIDTH / 2
    lorentz = half / np.pi / ((omega[:, None] - states.energies_MeV[None, :]) ** 2 + half**2)
    return lorentz @ B


fig, axes = plt.subplots(1, 2, figsize=(11.0, 4.2), constrained_layout=True)
for ax, (operator, J, parity, title) in zip(
    axes,
    [("gamow_teller", 1, 1, "Gamow-Teller 1⁺"), ("spin_dipole", 1, -1, "spin dipole 1⁻")],
    strict=True,
):
    s = continuum_strength(Z, N, operator, J=J, parity=parity, omega_MeV=omega, width_MeV=WIDTH)
    ax.plot(omega, box_strength(J, parity, operator), color="0.6", lw=1.0, label="RPA, box")
    ax.plot(omega, s.strength, color="C0", label="RPA, continuum (Green's function)")
    ax.plot(omega, s.free, color="C1", ls="--", lw=1.0, label="free, continuum")
    ax.set_yscale("log")
    ax.set_ylim(1e-3, None)
    ax.set_xlabel(r"$\omega$ [MeV] (40K above 40Ar, model energy)")
    ax.set_ylabel(r"$dB/d\omega$ [MeV$^{-1}$]")
    ax.set_title(f"40Ar, t₋: {title}, Lorentzian {WIDTH} MeV")
    ax.legend(fontsize=8)
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "continuum_strength_argon.png", dpi=150)
