"""The single-particle multipole matrix elements against a direct 3D integration.

The second method knows nothing of reduced matrix elements or recoupling: it builds the
spinor wave functions on a quadrature grid from Clebsch-Gordan sums of spherical harmonics,
applies each operator literally (vector fields, curls and gradients by finite differences,
Pauli matrices), integrates ψ_a† O ψ_b and divides by the 3j symbol of the Wigner-Eckart
theorem.
"""

import numpy as np
import pytest
from scipy.special import eval_genlaguerre, gamma, spherical_jn

from cevns.nuclear.angular import clebsch_gordan, wigner_3j
from cevns.nuclear.multipoles import OPERATORS, reduced_elements

B_FM = 1.7  # oscillator length


def _sph_harm(l, m, theta, phi):  # noqa: E741
    from scipy import special

    if hasattr(special, "sph_harm_y"):
        return special.sph_harm_y(l, m, theta, phi)
    return special.sph_harm(m, l, phi, theta)


class HO:
    """An oscillator orbital n (1 = nodeless), l, j with analytic u and u'."""

    def __init__(self, n, l, j):  # noqa: E741
        self.n, self.l, self.j = n, l, j
        self.norm = np.sqrt(2 * gamma(n) / (B_FM**3 * gamma(n + l + 0.5)))

    def radial(self, r):  # R(r) = u/r
        x = r / B_FM
        return (
            self.norm
            * x**self.l
            * np.exp(-x * x / 2)
            * eval_genlaguerre(self.n - 1, self.l + 0.5, x * x)
        )

    def on_mesh(self, r):
        x = r / B_FM
        k, a = self.n - 1, self.l + 0.5
        lag = eval_genlaguerre(k, a, x * x)
        dlag = -eval_genlaguerre(k - 1, a + 1, x * x) if k > 0 else 0.0
        e = np.exp(-x * x / 2)
        self.u = B_FM * self.norm * x ** (self.l + 1) * e * lag
        self.du = self.norm * (
            ((self.l + 1) * x**self.l - x ** (self.l + 2)) * e * lag
            + x ** (self.l + 1) * e * dlag * 2 * x
        )
        return self


E_SPHERICAL = {
    1: -np.array([1, 1j, 0]) / np.sqrt(2),
    0: np.array([0, 0, 1], dtype=complex),
    -1: np.array([1, -1j, 0]) / np.sqrt(2),
}
PAULI = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]])
EPS = 1e-4


def _grid():
    xr, wr = np.polynomial.legendre.leggauss(70)
    r = 7.0 * (xr + 1)
    wr = 7.0 * wr * r**2
    xc, wc = np.polynomial.legendre.leggauss(26)
    phi = 2 * np.pi * np.arange(28) / 28
    R, C, P = np.meshgrid(r, xc, phi, indexing="ij")
    W = (wr[:, None, None] * wc[None, :, None] * np.full(28, 2 * np.pi / 28)).ravel()
    S = np.sqrt(1 - C**2)
    X = np.stack([R * S * np.cos(P), R * S * np.sin(P), R * C], axis=-1).reshape(-1, 3)
    return X, W


def _polar(X):
    r = np.linalg.norm(X, axis=-1)
    return r, np.arccos(np.clip(X[..., 2] / r, -1, 1)), np.arctan2(X[..., 1], X[..., 0])


def _spinor(orb, m, X):
    r, th, ph = _polar(X)
    out = np.zeros(X.shape[:-1] + (2,), dtype=complex)
    for k, ms in enumerate((0.5, -0.5)):
        ml = m - ms
        if abs(ml) <= orb.l:
            cg = clebsch_gordan(orb.l, ml, 0.5, ms, orb.j, m)
            out[..., k] = cg * _sph_harm(orb.l, round(ml), th, ph) * orb.radial(r)
    return out


def _gradient(f, X):
    """Cartesian gradient by central differences: shape X.shape[:-1] + (3,) + f's tail."""
    parts = []
    for k in range(3):
        d = np.zeros(3)
        d[k] = EPS
        parts.append((f(X + d) - f(X - d)) / (2 * EPS))
    return np.stack(parts, axis=1)


def _scalar_field(J, M, q):
    def f(X):
        r, th, ph = _polar(X)
        return spherical_jn(J, q * r) * _sph_harm(J, M, th, ph)

    return f


def _vector_field(J, L, M, q):
    def f(X):
        r, th, ph = _polar(X)
        v = np.zeros(X.shape[:-1] + (3,), dtype=complex)
        for lam in (-1, 0, 1):
            m = M - lam
            if abs(m) <= L:
                cg = clebsch_gordan(L, m, 1, lam, J, M)
                v += (cg * spherical_jn(L, q * r) * _sph_harm(L, m, th, ph))[:, None] * E_SPHERICAL[
                    lam
                ]
        return v

    return f


def _curl(f, X):
    g = _gradient(f, X)  # [:, k, i] = ∂_k f_i
    return np.stack([g[:, 1, 2] - g[:, 2, 1], g[:, 2, 0] - g[:, 0, 2], g[:, 0, 1] - g[:, 1, 0]], 1)


def _brute_force(a, b, J, q, X, W):
    """<a||O_J||b> of every operator from <a m_a|O_JM|b m_b> on the grid."""
    ma, mb, M = None, None, None
    for ma_ in np.arange(-a.j, a.j + 1):
        for mb_ in np.arange(-b.j, b.j + 1):
            M_ = ma_ - mb_
            if abs(M_) <= J and abs(wigner_3j(a.j, J, b.j, -ma_, M_, mb_)) > 0.05:
                ma, mb, M = ma_, mb_, round(M_)
                break
        if ma is not None:
            break
    three_j = (-1) ** round(a.j - ma) * wigner_3j(a.j, J, b.j, -ma, M, mb)
    psi_a = _spinor(a, ma, X)
    psi_b = _spinor(b, mb, X)
    grad_b = _gradient(lambda Y: _spinor(b, mb, Y), X)  # (pts, 3, 2)
    sigma_b = np.einsum("kst,pt->pks", PAULI, psi_b)  # (pts, 3, 2)
    sigma_grad_b = np.einsum("kst,pkt->ps", PAULI, grad_b)

    def element(spinor):
        return np.sum(W * np.sum(np.conj(psi_a) * spinor, axis=-1)) / three_j

    scalar = _scalar_field(J, M, q)(X)
    out = {"M": element(scalar[:, None] * psi_b), "Omega": element(scalar[:, None] * sigma_grad_b)}
    out["Omega"] /= q
    grad_field = _gradient(_scalar_field(J, M, q), X)
    out["Sigma_pp"] = element(np.einsum("pk,pks->ps", grad_field, sigma_b)) / q
    if J > 0:
        F = _vector_field(J, J, M, q)
        curl = -1j * _curl(F, X) / q
        out["Sigma"] = element(np.einsum("pk,pks->ps", F(X), sigma_b))
        out["Sigma_p"] = element(np.einsum("pk,pks->ps", curl, sigma_b))
        out["Delta"] = element(np.einsum("pk,pks->ps", F(X), grad_b)) / q
        out["Delta_p"] = element(np.einsum("pk,pks->ps", curl, grad_b)) / q
    return out


CASES = [
    # (a, b, J): final and initial orbital (n, l, j), multipole
    ((1, 0, 0.5), (1, 0, 0.5), 0),
    ((1, 1, 1.5), (1, 1, 0.5), 1),
    ((1, 1, 0.5), (1, 0, 0.5), 1),
    ((2, 0, 0.5), (1, 1, 1.5), 1),
    ((1, 2, 2.5), (1, 1, 1.5), 2),
    ((1, 2, 1.5), (1, 0, 0.5), 2),
    ((1, 3, 3.5), (1, 1, 0.5), 3),
    ((1, 1, 1.5), (1, 2, 1.5), 0),
    ((2, 1, 0.5), (1, 1, 0.5), 0),
]


@pytest.fixture(scope="module")
def grid():
    return _grid()


@pytest.mark.parametrize("case", CASES)
def test_every_operator_matches_a_direct_integration(case, grid):
    """Each of the seven operators for a pair of oscillator states, at two momenta."""
    (na, la, ja), (nb, lb, jb), J = case
    r = np.arange(1, 751) * 0.02
    a, b = HO(na, la, ja).on_mesh(r), HO(nb, lb, jb).on_mesh(r)
    q = np.array([0.4, 1.3])
    ours = reduced_elements([(a, b)], r, q, J)
    for k, qk in enumerate(q):
        direct = _brute_force(a, b, J, qk, *grid)
        for name in OPERATORS:
            expected = direct.get(name, 0.0)
            got = ours[name][0, k]
            assert got == pytest.approx(complex(expected).real, abs=2e-6), (name, qk)
            assert abs(complex(expected).imag) < 2e-6, name
