"""Nuclear form factors F(q), normalised to F(0) = 1.

Every form factor is a small frozen dataclass called with the momentum transfer ``q`` in MeV
and returning an array of the same shape; each knows its rms radius (fm). Shapes:

* :class:`Helm` (Carey & Pandey, arXiv:2412.18055, Eq. 11; Pandey, Prog. Part. Nucl. Phys.
  2024, arXiv:2309.07840, Eq. 29; R. H. Helm, Phys. Rev. 104, 1466 (1956))
* :class:`KleinNystrand` (Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 30;
  S. R. Klein and J. Nystrand, PRC 60, 014903 (1999))
* :class:`SymmetrizedFermi` (analytic transform of the symmetrized Fermi density;
  J. Piekarewicz, A. R. Linero, P. Giuliani, E. Chicken, PRC 94, 034316 (2016), arXiv:1604.07799)
* :class:`FourierBessel` and :class:`SumOfGaussians` charge densities (H. de Vries, C. W. de
  Jager, C. de Vries, At. Data Nucl. Data Tables 36, 495 (1987))
* :class:`RadialDensity`: any spherical density, transformed numerically (Carey & Pandey,
  NuFact 2024, arXiv:2412.18055, Eq. 7; Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840,
  Eqs. 27-28)
* :class:`PointNucleus`: F = 1.
* :class:`MeshDensity`: a density tabulated on a radial mesh, e.g. the proton and neutron
  densities of the Skyrme Hartree-Fock solver (:mod:`cevns.nuclear.skyrme`). The shapes
  ``hf-sly4``, ``hf-skms`` (SkM*), ``hf-sly5``, ``hf-siii``, ``hf-sgii`` and ``hf-ski3`` fold
  these point densities with the Galster nucleon form factors (:mod:`cevns.nuclear.nucleon`,
  Pandey, Prog. Part. Nucl. Phys. 2024, arXiv:2309.07840, Eq. 26), so their F_p is the charge form
  factor.

A :class:`FormFactorModel` turns an isotope into a pair of proton and neutron form factors; the
weak form factor is then F_W = [g_p Z F_p + g_n N F_n] / Q_W (Pandey, Prog. Part. Nucl. Phys.
2024, arXiv:2309.07840, Eq. 26), which :mod:`cevns.xsec.coherent` builds without dividing by Q_W.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from ..constants import HBARC_MEV_FM
from ..errors import CevnsInputError
from ..nuclei import Isotope, isotope
from .nucleon import folded_pair

__all__ = [
    "Helm",
    "KleinNystrand",
    "SymmetrizedFermi",
    "PointNucleus",
    "FourierBessel",
    "SumOfGaussians",
    "RadialDensity",
    "MeshDensity",
    "FormFactorModel",
    "form_factor_model",
    "FORM_FACTOR_MODELS",
    "measured_charge_density",
]

_SMALL_X = 1e-2  # below this argument, use the Taylor series (error < x^8)


def _spherical_j1_over_x(x: np.ndarray) -> np.ndarray:
    """3 j1(x)/x, exact at x = 0 (series below x = 0.01)."""
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < _SMALL_X
    xs = np.where(small, 1.0, x)
    exact = 3.0 * (np.sin(xs) - xs * np.cos(xs)) / xs**3
    x2 = x * x
    series = 1.0 - x2 / 10.0 + x2 * x2 / 280.0 - x2**3 / 15120.0
    return np.where(small, series, exact)


_MAX_Q_FM = 25.0  # largest momentum transfer of the tabulated transforms (fm^-1, ~4.9 GeV)


class _BesselSum:
    """F(q) = sum_i w_i j0(q r_i) for fixed radii ``r`` (fm) and weights, with q in fm^-1.

    F and its exact derivative F' = -sum_i w_i r_i j1(q r_i) are tabulated on a uniform q grid
    of step h = 0.05 / max(r), grown (doubling) to the largest q asked, and read by cubic
    Hermite interpolation. Since |d^4 j0/dx^4| <= 1/5, the error is below
    h^4 <r^4> / 1920 <= 3.3e-9 for any density; the cost of an evaluation no longer grows
    with the number of radii, and the memory with q is bounded by ``_MAX_Q_FM``."""

    def __init__(self, r: np.ndarray, weights: np.ndarray):
        self.r, self.weights = r, weights
        self.step = 0.05 / float(r.max())
        self.values = self.slopes = np.zeros(0)
        self._extend(2.0)

    def _extend(self, q_top: float) -> None:
        n = int(np.ceil(q_top / self.step)) + 1
        q = np.arange(n) * self.step
        values, slopes = np.empty(n), np.empty(n)
        rows = max(1, 2**20 // self.r.size)  # bounded memory per block
        for start in range(0, n, rows):
            x = np.multiply.outer(q[start : start + rows], self.r)
            small = x < _SMALL_X
            xs = np.where(small, 1.0, x)
            j0 = np.where(small, 1.0 - x * x / 6.0, np.sin(xs) / xs)
            j1 = np.where(small, x / 3.0 - x**3 / 30.0, (np.sin(xs) - xs * np.cos(xs)) / xs**2)
            values[start : start + rows] = j0 @ self.weights
            slopes[start : start + rows] = -(j1 @ (self.weights * self.r))
        self.values, self.slopes = values, slopes

    def __call__(self, qf: np.ndarray) -> np.ndarray:
        q_top = float(np.max(qf, initial=0.0))
        if not np.isfinite(q_top) or q_top > _MAX_Q_FM:
            raise CevnsInputError(
                f"momentum transfer {q_top * HBARC_MEV_FM:g} MeV is outside the tabulated "
                f"form factors (0 to {_MAX_Q_FM * HBARC_MEV_FM:.0f} MeV)"
            )
        if q_top > (self.values.size - 2) * self.step:
            self._extend(min(2.0 * q_top, _MAX_Q_FM))
        h = self.step
        i = np.minimum((qf / h).astype(int), self.values.size - 2)
        t = qf / h - i
        h00, h10 = (1 + 2 * t) * (1 - t) ** 2, t * (1 - t) ** 2
        h01, h11 = t * t * (3 - 2 * t), t * t * (t - 1)
        f, df = self.values, self.slopes
        return h00 * f[i] + h * h10 * df[i] + h01 * f[i + 1] + h * h11 * df[i + 1]


def _q_fm(q) -> np.ndarray:
    """|q| in fm^-1 from q in MeV; a CevnsInputError for NaN or infinite q."""
    q = np.asarray(q, dtype=float)
    if not np.all(np.isfinite(q)):
        raise CevnsInputError(f"momentum transfer must be finite (MeV), got {q.ravel()[:3]}")
    return np.abs(q) / HBARC_MEV_FM


@dataclass(frozen=True)
class PointNucleus:
    """A point-like nucleus: F(q) = 1."""

    def __call__(self, q):
        return np.ones_like(np.asarray(q, dtype=float))

    @property
    def rms_radius_fm(self) -> float:
        return 0.0


@dataclass(frozen=True)
class Helm:
    """Helm form factor F = 3 j1(q R0)/(q R0) exp(-q^2 s^2/2) (Carey & Pandey, NuFact 2024,
    arXiv:2412.18055, Eq. 11).

    ``R0_fm`` is the diffraction radius and ``s_fm`` the surface thickness (both fm). Use
    :meth:`from_A` for the Carey & Pandey (arXiv:2412.18055) parametrisation and :meth:`from_rms`
    to fix the rms radius.
    """

    R0_fm: float
    s_fm: float = 0.9

    @classmethod
    def from_A(cls, A: float, a_fm: float = 0.52, s_fm: float = 0.9) -> Helm:
        """R0^2 = c^2 + (7/3) pi^2 a^2 - 5 s^2, c = 1.23 A^(1/3) - 0.60 fm (Carey & Pandey
        (arXiv:2412.18055) Eq. 11;
        J. D. Lewin and P. F. Smith, Astropart. Phys. 6, 87 (1996))."""
        c_fm = 1.23 * A ** (1.0 / 3.0) - 0.60
        return cls(float(np.sqrt(c_fm**2 + 7.0 / 3.0 * np.pi**2 * a_fm**2 - 5.0 * s_fm**2)), s_fm)

    @classmethod
    def from_rms(cls, rms_fm: float, s_fm: float = 0.9) -> Helm:
        """Helm form factor with a given rms radius: R0^2 = (5/3)(r_rms^2 - 3 s^2)."""
        R0_sq = 5.0 / 3.0 * (rms_fm**2 - 3.0 * s_fm**2)
        if R0_sq <= 0:
            raise CevnsInputError(f"rms radius {rms_fm} fm too small for Helm with s = {s_fm} fm")
        return cls(float(np.sqrt(R0_sq)), s_fm)

    def __call__(self, q):
        qf = _q_fm(q)
        return _spherical_j1_over_x(qf * self.R0_fm) * np.exp(-0.5 * (qf * self.s_fm) ** 2)

    @property
    def rms_radius_fm(self) -> float:
        """<r^2> = (3/5) R0^2 + 3 s^2."""
        return float(np.sqrt(0.6 * self.R0_fm**2 + 3.0 * self.s_fm**2))


@dataclass(frozen=True)
class KleinNystrand:
    """Klein-Nystrand form factor F = 3 j1(q R_A)/(q R_A) / (1 + q^2 a_k^2) (Pandey, Prog. Part.
    Nucl. Phys. 2024, arXiv:2309.07840, Eq. 30).

    A hard sphere of radius ``RA_fm`` folded with a Yukawa potential of range ``a_fm``.
    :meth:`from_A` gives the COHERENT choice R_A = 1.23 A^(1/3) fm, a_k = 0.7 fm;
    :meth:`from_rms` the adapted version R_A = sqrt(5/3 r^2 - 10 a_k^2) (Pandey, Prog. Part. Nucl.
    Phys. 2024, arXiv:2309.07840, Sec. III.B).
    """

    RA_fm: float
    a_fm: float = 0.7

    @classmethod
    def from_A(cls, A: float, a_fm: float = 0.7) -> KleinNystrand:
        return cls(1.23 * A ** (1.0 / 3.0), a_fm)

    @classmethod
    def from_rms(cls, rms_fm: float, a_fm: float = 0.7) -> KleinNystrand:
        RA_sq = 5.0 / 3.0 * rms_fm**2 - 10.0 * a_fm**2
        if RA_sq <= 0:
            raise CevnsInputError(
                f"rms radius {rms_fm} fm too small for Klein-Nystrand a = {a_fm} fm"
            )
        return cls(float(np.sqrt(RA_sq)), a_fm)

    def __call__(self, q):
        qf = _q_fm(q)
        return _spherical_j1_over_x(qf * self.RA_fm) / (1.0 + (qf * self.a_fm) ** 2)

    @property
    def rms_radius_fm(self) -> float:
        """<r^2> = (3/5) R_A^2 + 6 a_k^2."""
        return float(np.sqrt(0.6 * self.RA_fm**2 + 6.0 * self.a_fm**2))


@dataclass(frozen=True)
class SymmetrizedFermi:
    """Symmetrized Fermi form factor, half-density radius ``c_fm``, diffuseness ``a_fm``.

    F(q) = 3/(qc[(qc)^2 + (pi q a)^2]) * (pi q a / sinh(pi q a))
           * [pi q a / tanh(pi q a) sin(qc) - qc cos(qc)]      (arXiv:1604.07799, Eq. 9)

    :meth:`from_A` uses c = 1.23 A^(1/3) - 0.60 fm and a = 0.52 fm, the Fermi parameters from
    which the Helm radius of Carey & Pandey (arXiv:2412.18055) Eq. 11 is built, so both share the
    same rms radius.
    """

    c_fm: float
    a_fm: float = 0.52

    @classmethod
    def from_A(cls, A: float, a_fm: float = 0.52) -> SymmetrizedFermi:
        return cls(1.23 * A ** (1.0 / 3.0) - 0.60, a_fm)

    @classmethod
    def from_rms(cls, rms_fm: float, a_fm: float = 0.52) -> SymmetrizedFermi:
        c_sq = 5.0 / 3.0 * (rms_fm**2 - 7.0 / 5.0 * np.pi**2 * a_fm**2)
        if c_sq <= 0:
            raise CevnsInputError(f"rms radius {rms_fm} fm too small for Fermi a = {a_fm} fm")
        return cls(float(np.sqrt(c_sq)), a_fm)

    def __call__(self, q):
        qf = _q_fm(q)
        c, a = self.c_fm, self.a_fm
        x = qf * c
        small = x < _SMALL_X
        qs = np.where(small, 1.0, qf)
        xs, y = qs * c, np.pi * qs * a
        exact = (
            3.0
            / (xs * (xs**2 + y**2))
            * (y / np.sinh(y))
            * (y / np.tanh(y) * np.sin(xs) - xs * np.cos(xs))
        )
        r2 = 0.6 * c**2 + 1.4 * np.pi**2 * a**2
        r4 = 3.0 / 7.0 * c**4 + 18.0 / 7.0 * np.pi**2 * a**2 * c**2 + 31.0 / 7.0 * np.pi**4 * a**4
        q2 = qf * qf
        series = 1.0 - q2 * r2 / 6.0 + q2 * q2 * r4 / 120.0
        return np.where(small, series, exact)

    @property
    def rms_radius_fm(self) -> float:
        """<r^2> = (3/5) c^2 + (7/5) pi^2 a^2."""
        return float(np.sqrt(0.6 * self.c_fm**2 + 1.4 * np.pi**2 * self.a_fm**2))


def _gauss_legendre(a: float, b: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    x, w = np.polynomial.legendre.leggauss(n)
    return 0.5 * (b - a) * x + 0.5 * (b + a), 0.5 * (b - a) * w


@dataclass(frozen=True)
class RadialDensity:
    """Form factor of any spherical density rho(r), by numerical Fourier-Bessel transform.

    F(q) = 4 pi / N int dr r^2 j0(q r) rho(r), N = 4 pi int dr r^2 rho(r) (Carey & Pandey, NuFact
    2024, arXiv:2412.18055, Eq. 7).
    ``density`` is a callable of r in fm; it is integrated on [0, ``r_max_fm``] with
    ``n_nodes`` Gauss-Legendre nodes. The normalisation of rho does not matter.
    """

    density: object
    r_max_fm: float = 15.0
    n_nodes: int = 256
    _nodes: tuple = field(init=False, repr=False, compare=False)
    _transform: _BesselSum = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        r, w = _gauss_legendre(0.0, self.r_max_fm, self.n_nodes)
        weights = w * r**2 * np.asarray(self.density(r), dtype=float)
        weights = weights / weights.sum()
        object.__setattr__(self, "_nodes", (r, weights))
        object.__setattr__(self, "_transform", _BesselSum(r, weights))

    def __call__(self, q):
        return self._transform(_q_fm(q))

    @property
    def rms_radius_fm(self) -> float:
        r, weights = self._nodes
        return float(np.sqrt(np.sum(weights * r**2)))


@dataclass(frozen=True, eq=False)
class MeshDensity:
    """Form factor of a density ``rho`` sampled on a uniform mesh ``r_fm`` = h, 2h, ... (zero
    beyond the last point): F(q) = Σ r² ρ j0(q r) / Σ r² ρ (Pandey, Prog. Part. Nucl. Phys. 2024,
    arXiv:2309.07840,
    Eqs. 27-28 by the
    trapezoid rule, which for a density even in r converges faster than any power of h)."""

    r_fm: np.ndarray
    rho: np.ndarray

    def __post_init__(self):
        r = np.asarray(self.r_fm, dtype=float)
        weights = r**2 * np.asarray(self.rho, dtype=float)
        if r.shape != weights.shape or weights.sum() <= 0:
            raise CevnsInputError("a mesh density needs matching r and positive rho arrays")
        object.__setattr__(self, "r_fm", r)
        object.__setattr__(self, "_weights", weights / weights.sum())
        object.__setattr__(self, "_transform", _BesselSum(r, self._weights))

    def __call__(self, q):
        return self._transform(_q_fm(q))

    def density(self, r_fm):
        """The density at ``r_fm`` (linear interpolation; zero beyond the mesh)."""
        return np.interp(r_fm, self.r_fm, self.rho, left=self.rho[0], right=0.0)

    @property
    def rms_radius_fm(self) -> float:
        return float(np.sqrt(np.sum(self._weights * self.r_fm**2)))


@dataclass(frozen=True)
class FourierBessel:
    """Fourier-Bessel charge density rho(r) = sum_v a_v j0(v pi r / R) for r <= R, 0 beyond
    (de Vries et al. 1987). Its transform is analytic:

    F(q) ∝ sum_v a_v (-1)^v sin(qR) / (q (q^2 - q_v^2)),  q_v = v pi / R,

    evaluated in a form without removable singularities and normalised to F(0) = 1.
    """

    R_fm: float
    coefficients: tuple[float, ...]

    def _terms(self, qf: np.ndarray) -> np.ndarray:
        a = np.asarray(self.coefficients)
        nu = np.arange(1, len(a) + 1)
        qv = nu * np.pi / self.R_fm
        q = qf[..., None]
        R = self.R_fm
        sign = np.where(nu % 2 == 0, 1.0, -1.0)
        # small q: (-1)^v R sinc(qR) / (q^2 - q_v^2); elsewhere (q - q_v) form:
        # (-1)^v sin(qR) = sin((q - q_v) R), so term = R sinc((q - q_v)R) / (q (q + q_v))
        low = q < 0.5 * qv[0]
        q_safe, q_low = np.where(low, 1.0, q), np.where(low, q, 0.0)
        t_low = sign * R * np.sinc(q_low * R / np.pi) / (q_low**2 - qv**2)
        t_high = R * np.sinc((q_safe - qv) * R / np.pi) / (q_safe * (q_safe + qv))
        return np.sum(a * np.where(low, t_low, t_high), axis=-1)

    def __call__(self, q):
        qf = _q_fm(q)
        return self._terms(qf) / self._terms(np.zeros(1))[0]

    def density(self, r_fm):
        """rho(r) in the units of the coefficients (e fm^-3)."""
        r = np.asarray(r_fm, dtype=float)
        nu = np.arange(1, len(self.coefficients) + 1)
        rho = np.sinc(np.multiply.outer(r, nu) / self.R_fm) @ np.asarray(self.coefficients)
        return np.where(r <= self.R_fm, rho, 0.0)

    @property
    def rms_radius_fm(self) -> float:
        return RadialDensity(self.density, r_max_fm=self.R_fm).rms_radius_fm


@dataclass(frozen=True)
class SumOfGaussians:
    """Sum-of-Gaussians charge density (I. Sick, Nucl. Phys. A 218, 509 (1974); de Vries 1987).

    rho(r) = sum_i A_i [exp(-((r - R_i)/g)^2) + exp(-((r + R_i)/g)^2)], g = RP sqrt(2/3), with
    fractions Q_i of the charge. Analytic transform:
    F(q) = exp(-q^2 g^2/4) sum_i Q_i/(1 + 2R_i^2/g^2) [cos(q R_i) + 2R_i^2/g^2 sin(q R_i)/(q R_i)].
    """

    gamma_fm: float
    radii_fm: tuple[float, ...]
    fractions: tuple[float, ...]

    def __call__(self, q):
        qf = _q_fm(q)[..., None]
        R, Q, g = np.asarray(self.radii_fm), np.asarray(self.fractions), self.gamma_fm
        b = 2.0 * R**2 / g**2
        terms = Q / (1.0 + b) * (np.cos(qf * R) + b * np.sinc(qf * R / np.pi))
        return np.exp(-0.25 * (qf[..., 0] * g) ** 2) * terms.sum(-1) / Q.sum()

    def density(self, r_fm):
        """rho(r) up to normalisation (charge fractions per unit volume)."""
        r = np.asarray(r_fm, dtype=float)[..., None]
        R, Q, g = np.asarray(self.radii_fm), np.asarray(self.fractions), self.gamma_fm
        A = Q / (2.0 * np.pi**1.5 * g**3 * (1.0 + 2.0 * R**2 / g**2))
        return np.sum(A * (np.exp(-(((r - R) / g) ** 2)) + np.exp(-(((r + R) / g) ** 2))), -1)

    @property
    def rms_radius_fm(self) -> float:
        """<r^2> = sum_i Q_i (R_i^2 + 3g^2/2 ... ) computed from the density numerically."""
        rmax = max(self.radii_fm) + 6.0 * self.gamma_fm
        return RadialDensity(self.density, r_max_fm=rmax).rms_radius_fm


# --- measured charge densities (package data) -----------------------------------------------


@cache
def _charge_density_tables() -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    root = resources.files("cevns").joinpath("data")
    for row in csv.DictReader(root.joinpath("charge_density_fb.csv").read_text().splitlines()):
        coeffs = tuple(float(row[f"a{i}"]) for i in range(1, 18))
        while coeffs and coeffs[-1] == 0.0:
            coeffs = coeffs[:-1]
        out.setdefault(row["isotope"], {}).setdefault(
            "fb", FourierBessel(float(row["R_fm"]), coeffs)
        )
    for row in csv.DictReader(root.joinpath("charge_density_sog.csv").read_text().splitlines()):
        radii = tuple(float(row[f"R{i}"]) for i in range(1, 13))
        fracs = tuple(float(row[f"Q{i}"]) for i in range(1, 13))
        gamma = float(row["RP_fm"]) * np.sqrt(2.0 / 3.0)
        out.setdefault(row["isotope"], {})["sog"] = SumOfGaussians(gamma, radii, fracs)
    return out


def measured_charge_density(name: str | Isotope, kind: str = "fb"):
    """The de Vries et al. (1987) charge-density form factor of an isotope.

    ``kind`` is ``"fb"`` (Fourier-Bessel) or ``"sog"`` (sum of Gaussians). Raises ValueError
    naming the isotopes that have one when the isotope has none.
    """
    iso = isotope(name)
    table = _charge_density_tables()
    if iso.name not in table or kind not in table[iso.name]:
        have = sorted(k for k, v in table.items() if kind in v)
        raise CevnsInputError(
            f"no measured {kind.upper()} charge density for {iso.name}; available: "
            + ", ".join(have)
        )
    return table[iso.name][kind]


# --- models: isotope -> (proton, neutron) form factors ---------------------------------------


@dataclass(frozen=True)
class FormFactorModel:
    """Recipe giving proton and neutron form factors for any isotope.

    ``shape`` is one of :data:`FORM_FACTOR_MODELS`. The proton distribution follows the shape's
    standard parametrisation (from A, or the measured charge radius for ``adapted-klein-nystrand``
    and ``charge-density``). The neutron distribution has the same shape, with its rms radius
    set by ``neutron_rms_fm`` or shifted by ``neutron_skin_fm`` (R_n - R_p) when given.

    ``nucleon_size``: fold the nucleon electric form factors (Galster G_E^p, G_E^n) and the
    strange G_E^s into the shape, treating it as the point-nucleon distribution (Pandey, Prog.
    Part. Nucl. Phys. 2024, arXiv:2309.07840, Eqs. 24-26; :mod:`cevns.nuclear.nucleon`).
    Default (None): on for the Hartree-Fock shapes, whose densities are point densities; off
    for the phenomenological shapes, whose parameters (Helm's s = 0.9 fm and radius, the
    Klein-Nystrand and symmetrized-Fermi fits) describe the measured, already folded, charge
    distribution. The measured charge density cannot be folded again.
    """

    shape: str = "helm"
    neutron_skin_fm: float | None = None
    neutron_rms_fm: float | None = None
    nucleon_size: bool | None = None

    def __post_init__(self):
        if self.shape not in _SHAPES:
            raise CevnsInputError(
                f"unknown form factor {self.shape!r}; choose one of {', '.join(_SHAPES)}"
            )
        if self.neutron_skin_fm is not None and self.neutron_rms_fm is not None:
            raise CevnsInputError("give neutron_skin_fm or neutron_rms_fm, not both")
        for name, low in (("neutron_skin_fm", -2.0), ("neutron_rms_fm", 0.5)):
            value = getattr(self, name)
            if value is not None and not (np.isfinite(value) and low <= value <= 15.0):
                raise CevnsInputError(
                    f"{name} must be a finite number of fm in [{low:g}, 15], got {value!r}"
                )
        if self.nucleon_size is not None and not isinstance(self.nucleon_size, bool):
            raise CevnsInputError(
                f"nucleon_size must be true, false or None, got {self.nucleon_size!r}"
            )
        if self.nucleon_size and self.shape == "charge-density":
            raise CevnsInputError(
                "charge-density is a measured charge distribution: the nucleon sizes are in it "
                "already (nucleon_size must be false or None)"
            )
        resized = self.neutron_skin_fm is not None or self.neutron_rms_fm is not None
        if resized and self.shape in HARTREE_FOCK_SETS:
            raise CevnsInputError(
                f"{self.shape} computes its own neutron density; neutron_skin_fm and "
                "neutron_rms_fm apply to the phenomenological shapes only"
            )

    def proton(self, iso: Isotope):
        """Proton form factor of ``iso`` (the charge form factor when nucleons are folded)."""
        return self.pair(iso)[0]

    def _point_proton(self, iso: Isotope):
        return _SHAPES[self.shape](isotope(iso))

    @property
    def folds_nucleons(self) -> bool:
        """Whether the nucleon form factors are folded in (``nucleon_size`` or its default)."""
        if self.nucleon_size is not None:
            return self.nucleon_size
        return self.shape in HARTREE_FOCK_SETS

    def pair(self, iso: Isotope):
        """(proton, neutron) form factors of ``iso``; the same object when they coincide."""
        iso = isotope(iso)
        if self.shape in HARTREE_FOCK_SETS:
            return _hartree_fock_pair(
                HARTREE_FOCK_SETS[self.shape], iso.Z, iso.N, self.folds_nucleons
            )
        proton = self._point_proton(iso)
        neutron = self._neutron_from(proton)
        if self.folds_nucleons and iso.N > 0:
            return folded_pair(proton, neutron, iso.Z, iso.N, strange=True)
        return proton, neutron

    def neutron(self, iso: Isotope):
        """Neutron form factor of ``iso``."""
        return self.pair(iso)[1]

    def _neutron_from(self, proton):
        if self.neutron_rms_fm is None and self.neutron_skin_fm is None:
            return proton
        rms = self.neutron_rms_fm
        if rms is None:
            rms = proton.rms_radius_fm + self.neutron_skin_fm
        return _resize(proton, rms)


def _resize(ff, rms_fm: float):
    if isinstance(ff, Helm):
        return Helm.from_rms(rms_fm, ff.s_fm)
    if isinstance(ff, KleinNystrand):
        return KleinNystrand.from_rms(rms_fm, ff.a_fm)
    if isinstance(ff, SymmetrizedFermi):
        return SymmetrizedFermi.from_rms(rms_fm, ff.a_fm)
    if isinstance(ff, PointNucleus):
        raise CevnsInputError("a point nucleus has no radius to change")
    # measured densities: scale r so that the rms radius matches
    scale = rms_fm / ff.rms_radius_fm
    return RadialDensity(lambda r: ff.density(r / scale), r_max_fm=20.0 * max(scale, 1.0))


def _charge_density_ff(iso: Isotope):
    table = _charge_density_tables().get(iso.name, {})
    if "fb" in table or "sog" in table:
        return table.get("fb") or table["sog"]
    have = ", ".join(sorted(_charge_density_tables()))
    raise CevnsInputError(
        f"no measured charge density (de Vries 1987) for {iso.name}; give a single isotope "
        f"that has one ({have}) or choose another form factor"
    )


def _adapted_kn(iso: Isotope) -> KleinNystrand:
    if not np.isfinite(iso.charge_radius_fm):
        raise CevnsInputError(
            f"{iso.name} has no measured charge radius for adapted Klein-Nystrand"
        )
    return KleinNystrand.from_rms(iso.charge_radius_fm)


HARTREE_FOCK_SETS = {
    "hf-sly4": "SLy4",
    "hf-skms": "SkMs",
    "hf-sly5": "SLy5",
    "hf-siii": "SIII",
    "hf-sgii": "SGII",
    "hf-ski3": "SkI3",
}
"""Form-factor names that use Skyrme Hartree-Fock densities, and their Skyrme sets."""


@cache
def _hartree_fock_pair(skyrme: str, Z: int, N: int, fold: bool = True):
    """Proton and neutron form factors of the HF ground state, folded with the nucleon form
    factors (electric and strange) unless ``fold`` is False (computed once per process;
    :mod:`cevns.nuclear.skyrme.store` keeps the densities on disk between runs)."""
    from .skyrme.store import hartree_fock

    result = hartree_fock(Z, N, skyrme)
    point_p, point_n = (
        MeshDensity(result.r_fm, result.rho_p),
        MeshDensity(result.r_fm, result.rho_n),
    )
    if not fold:
        return point_p, point_n
    return folded_pair(point_p, point_n, Z, N, strange=True)


def _hf_proton(skyrme: str):
    return lambda iso: _hartree_fock_pair(skyrme, iso.Z, iso.N, False)[0]


_SHAPES = {
    "helm": lambda iso: Helm.from_A(iso.A),
    "klein-nystrand": lambda iso: KleinNystrand.from_A(iso.A),
    "adapted-klein-nystrand": _adapted_kn,
    "symmetrized-fermi": lambda iso: SymmetrizedFermi.from_A(iso.A),
    "point": lambda iso: PointNucleus(),
    "charge-density": _charge_density_ff,
    **{name: _hf_proton(skyrme) for name, skyrme in HARTREE_FOCK_SETS.items()},
}
FORM_FACTOR_MODELS = tuple(_SHAPES)
"""Names accepted by :func:`form_factor_model` and the ``--form-factor`` CLI option."""


def form_factor_model(model: str | FormFactorModel = "helm", **options) -> FormFactorModel:
    """A :class:`FormFactorModel` from its name (``"helm"``, ``"klein-nystrand"``, ...)."""
    if isinstance(model, FormFactorModel):
        return model
    return FormFactorModel(str(model).lower().replace("_", "-"), **options)
