"""Angular-momentum coupling coefficients: Wigner 3j, 6j and 9j symbols and Clebsch-Gordan
coefficients, for nuclear multipole matrix elements.

The formulas are Racah's closed forms as given by A. R. Edmonds, *Angular Momentum in Quantum
Mechanics* (Princeton, 1957): the 3j symbol Eq. 3.7.3, the 6j symbol Eq. 6.3.7 (with Edmonds'
triangle coefficients Δ(abc)) and the 9j symbol as the sum over x of
(-1)^(2x) (2x+1) times three 6j symbols, Eq. 6.4.3; see also D. A. Varshalovich,
A. N. Moskalev, V. K. Khersonskii, *Quantum Theory of Angular Momentum* (World Scientific,
1988), Ch. 8-10. Phases follow Condon and Shortley, so that
<j1 m1 j2 m2 | J M> = (-1)^(j1 - j2 + M) sqrt(2J + 1) (j1 j2 J; m1 m2 -M).

Arguments are integers or half-integers. Internally every one is doubled to an integer, and
the Racah sums are done exactly in rational arithmetic: each symbol is sign(r) sqrt(abs(r)) for
an exact rational r, so the float returned is accurate to an ulp or two.
Coefficients that break a triangle, parity or m-sum selection rule are 0.0.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from functools import lru_cache

from ..errors import CevnsInputError

__all__ = ["clebsch_gordan", "wigner_3j", "wigner_6j", "wigner_9j"]

_f = math.factorial


def _twice(value, name: str, function: str, signed: bool = False) -> int:
    """2 * value as an int, after checking that value is a (non-negative) half-integer."""
    if type(value) is int and (signed or value >= 0):
        return 2 * value
    if type(value) is float or (isinstance(value, numbers.Real) and not isinstance(value, bool)):
        x = 2 * float(value)
        if math.isfinite(x) and abs(x - round(x)) < 1e-9 and (signed or x >= 0):
            return round(x)
    kind = "an integer or half-integer" if signed else "a non-negative integer or half-integer"
    raise CevnsInputError(f"{function}: {name} = {value!r} is not {kind}")


def _triangle(a: int, b: int, c: int) -> bool:
    """Whether doubled a, b, c satisfy |a - b| <= c <= a + b with a + b + c even."""
    return (a + b + c) % 2 == 0 and abs(a - b) <= c <= a + b


def _delta(a: int, b: int, c: int) -> Fraction:
    """Edmonds' triangle coefficient Δ(abc) for doubled a, b, c (a valid triangle)."""
    return Fraction(
        _f((a + b - c) // 2) * _f((a - b + c) // 2) * _f((b + c - a) // 2), _f((a + b + c) // 2 + 1)
    )


def _phase(n: int) -> int:
    """(-1)^n for an integer n of either sign."""
    return -1 if n % 2 else 1


def _rooted(square):
    """Memoized float sign(r) sqrt(abs(r)) of the exact signed square r = square(*args)."""

    def root(*args: int) -> float:
        r = square(*args)
        return math.copysign(math.sqrt(float(abs(r))), r) if r else 0.0

    return lru_cache(maxsize=65536)(root)


def _three_j_sq(j1: int, j2: int, j3: int, m1: int, m2: int, m3: int) -> Fraction:
    """Signed square sign(s) s² of the 3j symbol s (doubled arguments), Edmonds 3.7.3."""
    if m1 + m2 + m3 or not _triangle(j1, j2, j3):
        return Fraction(0)
    for j, m in ((j1, m1), (j2, m2), (j3, m3)):
        if abs(m) > j or (j - m) % 2:
            return Fraction(0)
    lo = max(0, (j2 - j3 - m1) // 2, (j1 - j3 + m2) // 2)
    hi = min((j1 + j2 - j3) // 2, (j1 - m1) // 2, (j2 + m2) // 2)
    total = Fraction(0)
    for k in range(lo, hi + 1):
        den = _f(k) * _f((j3 - j2 + m1) // 2 + k) * _f((j3 - j1 - m2) // 2 + k)
        den *= _f((j1 + j2 - j3) // 2 - k) * _f((j1 - m1) // 2 - k) * _f((j2 + m2) // 2 - k)
        total += Fraction((-1) ** k, den)
    norm = _delta(j1, j2, j3)
    for j, m in ((j1, m1), (j2, m2), (j3, m3)):
        norm *= _f((j + m) // 2) * _f((j - m) // 2)
    return _phase((j1 - j2 - m3) // 2) * total * abs(total) * norm


@lru_cache(maxsize=65536)
def _racah_sum(a: int, b: int, c: int, d: int, e: int, f: int) -> Fraction:
    """The sum over t in Edmonds 6.3.7 for {a b c; d e f} (doubled, all triads valid)."""
    triads = ((a + b + c) // 2, (a + e + f) // 2, (d + b + f) // 2, (d + e + c) // 2)
    quads = ((a + b + d + e) // 2, (b + c + e + f) // 2, (c + a + f + d) // 2)
    total = Fraction(0)
    for t in range(max(triads), min(quads) + 1):
        den = math.prod(_f(t - x) for x in triads) * math.prod(_f(q - t) for q in quads)
        total += Fraction((-1) ** t * _f(t + 1), den)
    return total


def _triads_ok(*triads) -> bool:
    return all(_triangle(*t) for t in triads)


def _six_j_sq(a: int, b: int, c: int, d: int, e: int, f: int) -> Fraction:
    """Signed square of the 6j symbol {a b c; d e f} (doubled arguments)."""
    triads = ((a, b, c), (a, e, f), (d, b, f), (d, e, c))
    if not _triads_ok(*triads):
        return Fraction(0)
    s = _racah_sum(a, b, c, d, e, f)
    return s * abs(s) * math.prod(_delta(*t) for t in triads)


def _nine_j_sq(j1: int, j2: int, j3: int, j4: int, j5: int, j6: int, j7: int, j8: int, j9: int):
    """Signed square of the 9j symbol (doubled arguments), Edmonds 6.4.3 done exactly: the
    Δ of the three triads holding x appear squared, the six row/column ones outside the sum."""
    outer = ((j1, j2, j3), (j4, j5, j6), (j7, j8, j9), (j1, j4, j7), (j2, j5, j8), (j3, j6, j9))
    if not _triads_ok(*outer):
        return Fraction(0)
    lo = max(abs(j1 - j9), abs(j4 - j8), abs(j2 - j6))
    hi = min(j1 + j9, j4 + j8, j2 + j6)
    total = Fraction(0)
    for x in range(lo, hi + 1, 2):
        if not _triads_ok((j1, j9, x), (j8, j4, x), (j2, j6, x)):
            continue
        inner = _delta(j1, j9, x) * _delta(j8, j4, x) * _delta(j2, j6, x)
        sums = _racah_sum(j1, j4, j7, j8, j9, x) * _racah_sum(j2, j5, j8, j4, x, j6)
        sums *= _racah_sum(j3, j6, j9, x, j1, j2)
        total += (-1) ** x * (x + 1) * inner * sums
    return total * abs(total) * math.prod(_delta(*t) for t in outer)


def _clebsch_gordan_sq(a: int, b: int, c: int, x: int, y: int, z: int) -> Fraction:
    """Signed square of <a/2 x/2 b/2 y/2 | c/2 z/2> from the 3j symbol."""
    if (a - b + z) % 2:  # j1 - j2 + M not an integer: a parity rule is broken, the 3j is 0
        return Fraction(0)
    return _phase((a - b + z) // 2) * (c + 1) * _three_j_sq(a, b, c, x, y, -z)


_three_j, _clebsch_gordan = _rooted(_three_j_sq), _rooted(_clebsch_gordan_sq)
_six_j, _nine_j = _rooted(_six_j_sq), _rooted(_nine_j_sq)


def _js(function: str, names: str, values, signed: bool = False) -> list[int]:
    return [_twice(v, n, function, signed) for v, n in zip(values, names.split(), strict=True)]


def wigner_3j(j1, j2, j3, m1, m2, m3) -> float:
    """The Wigner 3j symbol (j1 j2 j3; m1 m2 m3)."""
    js = _js("wigner_3j", "j1 j2 j3", (j1, j2, j3))
    ms = _js("wigner_3j", "m1 m2 m3", (m1, m2, m3), signed=True)
    return _three_j(*js, *ms)


def clebsch_gordan(j1, m1, j2, m2, J, M) -> float:
    """The Clebsch-Gordan coefficient <j1 m1 j2 m2 | J M> (Condon-Shortley phase)."""
    js = _js("clebsch_gordan", "j1 j2 J", (j1, j2, J))
    ms = _js("clebsch_gordan", "m1 m2 M", (m1, m2, M), signed=True)
    return _clebsch_gordan(*js, *ms)


def wigner_6j(j1, j2, j3, j4, j5, j6) -> float:
    """The Wigner 6j symbol {j1 j2 j3; j4 j5 j6}."""
    return _six_j(*_js("wigner_6j", "j1 j2 j3 j4 j5 j6", (j1, j2, j3, j4, j5, j6)))


def wigner_9j(j1, j2, j3, j4, j5, j6, j7, j8, j9) -> float:
    """The Wigner 9j symbol with rows (j1 j2 j3), (j4 j5 j6), (j7 j8 j9)."""
    args = (j1, j2, j3, j4, j5, j6, j7, j8, j9)
    return _nine_j(*_js("wigner_9j", "j1 j2 j3 j4 j5 j6 j7 j8 j9", args))
