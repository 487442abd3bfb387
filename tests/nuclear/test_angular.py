"""Angular-momentum coupling coefficients (cevns.nuclear.angular).

Independent numbers only: closed forms and tabulated values (A. R. Edmonds, Angular Momentum
in Quantum Mechanics, Princeton 1957, Ch. 3 and 6 and its tables; D. A. Varshalovich et al.,
Quantum Theory of Angular Momentum, 1988, Ch. 8-10; the PDG table of Clebsch-Gordan
coefficients), the orthogonality relations and Racah's sum rule, the symmetries, and
sympy.physics.wigner where sympy is installed.
"""

import itertools
import math
import random

import pytest

from cevns.errors import CevnsInputError
from cevns.nuclear.angular import clebsch_gordan, wigner_3j, wigner_6j, wigner_9j

HALVES = [k / 2 for k in range(7)]  # 0 .. 3 in steps of 1/2


def span(a, b):
    """The j allowed by the triangle rule for a and b: |a - b|, ..., a + b."""
    return [abs(a - b) + k for k in range(int(round(a + b - abs(a - b))) + 1)]


def projections(j):
    return [-j + k for k in range(int(round(2 * j)) + 1)]


def triangle(a, b, c):
    return abs(a - b) <= c <= a + b and (a + b + c) % 1 == 0


# ---- tabulated values and closed forms ----------------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        ((0.5, 0.5, 0.5, -0.5, 1, 0), 1 / math.sqrt(2)),
        ((0.5, -0.5, 0.5, 0.5, 1, 0), 1 / math.sqrt(2)),
        ((0.5, 0.5, 0.5, -0.5, 0, 0), 1 / math.sqrt(2)),
        ((0.5, -0.5, 0.5, 0.5, 0, 0), -1 / math.sqrt(2)),
        ((1, 1, 1, -1, 0, 0), 1 / math.sqrt(3)),
        ((1, 0, 1, 0, 0, 0), -1 / math.sqrt(3)),
        ((1, 0, 1, 0, 2, 0), math.sqrt(2 / 3)),
        ((1, 0, 1, 0, 1, 0), 0.0),
        ((1, 1, 1, -1, 1, 0), 1 / math.sqrt(2)),
        ((1, 1, 0.5, -0.5, 1.5, 0.5), 1 / math.sqrt(3)),
        ((1, 0, 0.5, 0.5, 0.5, 0.5), -1 / math.sqrt(3)),
        ((2, 0, 2, 0, 0, 0), 1 / math.sqrt(5)),
        ((2, 0, 2, 0, 2, 0), -math.sqrt(2 / 7)),
        ((2, 0, 2, 0, 4, 0), math.sqrt(18 / 35)),
    ],
)
def test_tabulated_clebsch_gordan(args, expected):
    assert clebsch_gordan(*args) == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize("j", [0, 0.5, 1, 2.5, 7, 15.5, 30])
def test_3j_coupling_to_zero(j):
    # (j j 0; m -m 0) = (-1)^(j-m) / sqrt(2j+1)
    for m in projections(j):
        expected = (-1) ** round(j - m) / math.sqrt(2 * j + 1)
        assert wigner_3j(j, j, 0, m, -m, 0) == pytest.approx(expected, rel=1e-15)
        assert wigner_3j(j, 0, j, -m, 0, m) == pytest.approx(expected, rel=1e-15)  # cyclic


@pytest.mark.parametrize("j1, j2", [(0.5, 0.5), (1, 2), (2.5, 1.5), (12, 9.5), (30, 30)])
def test_stretched_3j(j1, j2):
    # the stretched case J = j1 + j2 in closed form (all factorials exact)
    J, f = j1 + j2, lambda x: math.factorial(round(x))
    for m1, m2 in itertools.product(projections(j1), projections(j2)):
        M = m1 + m2
        num = f(2 * j1) * f(2 * j2) * f(J + M) * f(J - M)
        den = f(2 * J + 1) * f(j1 + m1) * f(j1 - m1) * f(j2 + m2) * f(j2 - m2)
        expected = (-1) ** round(j1 - j2 + M) * math.sqrt(num / den)
        assert wigner_3j(j1, j2, J, m1, m2, -M) == pytest.approx(expected, rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("j1", [0.5, 1, 3.5, 10, 29.5])
def test_clebsch_gordan_with_spin_half(j1):
    # the table for j2 = 1/2: <j1 m-1/2 1/2 1/2 | j1+1/2 m> and <j1 m+1/2 1/2 -1/2 | j1+1/2 m>
    J = j1 + 0.5
    for m in projections(J):
        up = math.sqrt((j1 + m + 0.5) / (2 * j1 + 1))
        down = math.sqrt((j1 - m + 0.5) / (2 * j1 + 1))
        assert clebsch_gordan(j1, m - 0.5, 0.5, 0.5, J, m) == pytest.approx(up, abs=1e-15)
        assert clebsch_gordan(j1, m + 0.5, 0.5, -0.5, J, m) == pytest.approx(down, abs=1e-15)
        if J - 1 >= abs(m):  # J' = j1 - 1/2
            assert clebsch_gordan(j1, m - 0.5, 0.5, 0.5, J - 1, m) == pytest.approx(
                -down, abs=1e-15
            )
            assert clebsch_gordan(j1, m + 0.5, 0.5, -0.5, J - 1, m) == pytest.approx(up, abs=1e-15)


@pytest.mark.parametrize(
    "args, expected",
    [
        ((1, 1, 1, 1, 1, 1), 1 / 6),
        ((0.5, 0.5, 1, 0.5, 0.5, 1), 1 / 6),
        ((0.5, 0.5, 0, 0.5, 0.5, 1), 0.5),
        ((2, 2, 2, 2, 2, 2), -3 / 70),
        ((1, 1, 2, 1, 1, 1), 1 / 6),
        ((1, 1, 2, 1, 1, 2), 1 / 30),
    ],
)
def test_tabulated_6j(args, expected):
    assert wigner_6j(*args) == pytest.approx(expected, abs=1e-15)


def test_6j_with_a_zero():
    # {a b c; b a 0} = (-1)^(a+b+c) / sqrt((2a+1)(2b+1))
    for a, b in itertools.product(HALVES + [17, 29.5, 30], repeat=2):
        for c in span(a, b):
            expected = (-1) ** round(a + b + c) / math.sqrt((2 * a + 1) * (2 * b + 1))
            assert wigner_6j(a, b, c, b, a, 0) == pytest.approx(expected, rel=1e-15)
            assert wigner_6j(a, b, c, a, b, 0) == (expected if a == b else 0.0)


def test_6j_with_a_half():
    # {a b c; 1/2 c-1/2 b+1/2}, s = a+b+c (Edmonds' table of 6j with a 1/2)
    for a, b in itertools.product(HALVES + [9.5, 30], repeat=2):
        for c in span(a, b):
            if c == 0:
                continue
            s = a + b + c
            expected = (-1) ** round(s) * math.sqrt(
                (s - 2 * b) * (s - 2 * c + 1) / ((2 * b + 1) * (2 * b + 2) * 2 * c * (2 * c + 1))
            )
            got = wigner_6j(a, b, c, 0.5, c - 0.5, b + 0.5)
            assert got == pytest.approx(expected, rel=1e-14, abs=1e-16)


def test_9j_with_a_zero_is_a_6j():
    # Edmonds 6.4.14: {a b e; c d e; f f 0} = (-1)^(b+c+e+f) {a b e; d c f} / sqrt((2e+1)(2f+1))
    for a, b, c, d in itertools.product(HALVES[:5], repeat=4):
        for e, f in itertools.product(span(a, b), span(a, c)):
            expected = (-1) ** round(b + c + e + f) * wigner_6j(a, b, e, d, c, f)
            expected /= math.sqrt((2 * e + 1) * (2 * f + 1))
            assert wigner_9j(a, b, e, c, d, e, f, f, 0) == pytest.approx(expected, abs=1e-15)


# ---- orthogonality, sum rules, symmetries -------------------------------------------------


@pytest.mark.parametrize("j1, j2", [(0.5, 0.5), (1, 1), (1.5, 1), (2, 2.5), (3, 1.5), (6, 5)])
def test_3j_orthogonality(j1, j2):
    # both 3j orthogonality relations; only m1 + m2 + m3 = 0 contributes, so m2 = -m1 - m3
    for j3, k3 in itertools.product(span(j1, j2), repeat=2):
        for m3 in projections(min(j3, k3)):
            total = sum(
                (2 * j3 + 1)
                * wigner_3j(j1, j2, j3, m1, -m1 - m3, m3)
                * wigner_3j(j1, j2, k3, m1, -m1 - m3, m3)
                for m1 in projections(j1)
            )
            assert total == pytest.approx(float(j3 == k3), abs=1e-14)
    for m1, n1 in itertools.product(projections(j1), repeat=2):
        for M in {m1 + m2 for m2 in projections(j2)}:  # m1 + m2 = n1 + n2 = -m3
            m2, n2 = M - m1, M - n1
            if abs(m2) > j2 or abs(n2) > j2:
                continue
            total = sum(
                (2 * j3 + 1) * wigner_3j(j1, j2, j3, m1, m2, -M) * wigner_3j(j1, j2, j3, n1, n2, -M)
                for j3 in span(j1, j2)
            )
            assert total == pytest.approx(float(m1 == n1), abs=1e-14)


def test_6j_orthogonality_and_racah_sum_rule():
    checked = 0
    for a, b, c, d in itertools.product(HALVES[:6], repeat=4):
        xs = [x for x in span(a, b) if triangle(c, d, x)]
        fs = [f for f in span(a, d) if triangle(b, c, f)]
        for f, g in itertools.product(fs, repeat=2):
            # orthogonality
            total = sum(
                (2 * x + 1)
                * (2 * f + 1)
                * wigner_6j(a, b, x, c, d, f)
                * wigner_6j(a, b, x, c, d, g)
                for x in xs
            )
            assert total == pytest.approx(float(f == g), abs=1e-14)
            # Racah's sum rule: sum_x (-1)^(f+g+x)(2x+1){a b x; c d f}{a b x; d c g}
            #   = {a c g; b d f}
            total = sum(
                (-1) ** round(f + g + x)
                * (2 * x + 1)
                * wigner_6j(a, b, x, c, d, f)
                * wigner_6j(a, b, x, d, c, g)
                for x in span(a, b)
            )
            assert total == pytest.approx(wigner_6j(a, c, g, b, d, f), abs=1e-14)
            checked += 1
    assert checked > 1000


def test_9j_orthogonality():
    # sum_{j7 j8} (2j3+1)(2j6+1)(2j7+1)(2j8+1) {..j3..j6..}{..j3'..j6'..} = δ δ
    for j1, j2, j4, j5, j9 in itertools.product(
        [0.5, 1, 1.5], [0.5, 1], [0.5, 1], [1, 1.5], [1, 2]
    ):
        pairs = [(j3, j6) for j3 in span(j1, j2) for j6 in span(j4, j5) if triangle(j3, j6, j9)]
        for (j3, j6), (k3, k6) in itertools.product(pairs, repeat=2):
            total = 0.0
            for j7, j8 in itertools.product(span(j1, j4), span(j2, j5)):
                w = (2 * j3 + 1) * (2 * j6 + 1) * (2 * j7 + 1) * (2 * j8 + 1)
                total += (
                    w
                    * wigner_9j(j1, j2, j3, j4, j5, j6, j7, j8, j9)
                    * wigner_9j(j1, j2, k3, j4, j5, k6, j7, j8, j9)
                )
            assert total == pytest.approx(float((j3, j6) == (k3, k6)), abs=1e-13)


def test_symmetries():
    rng = random.Random(7)
    for _ in range(300):
        j = [rng.randint(0, 8) / 2 for _ in range(9)]
        a, b, c, d, e, f = j[:6]
        six = wigner_6j(a, b, c, d, e, f)
        # tetrahedral symmetry: column permutations and swapping upper/lower in two columns
        for other in [
            (b, a, c, e, d, f),
            (c, b, a, f, e, d),
            (d, e, c, a, b, f),
            (a, e, f, d, b, c),
        ]:
            assert wigner_6j(*other) == six
        nine = wigner_9j(*j)
        transposed = [j[0], j[3], j[6], j[1], j[4], j[7], j[2], j[5], j[8]]
        assert wigner_9j(*transposed) == pytest.approx(nine, abs=1e-15)
        rows_swapped = j[3:6] + j[0:3] + j[6:9]
        sign = -1 if sum(j) % 2 == 1 else 1  # (-1)^(sum of all nine); 0 unless it is whole
        assert wigner_9j(*rows_swapped) == pytest.approx(sign * nine, abs=1e-15)
    # 3j: odd column permutation and m -> -m give (-1)^(j1+j2+j3)
    for j1, j2 in itertools.product(HALVES, repeat=2):
        for j3 in span(j1, j2):
            sign = (-1) ** round(j1 + j2 + j3)
            for m1, m2 in itertools.product(projections(j1), projections(j2)):
                value = wigner_3j(j1, j2, j3, m1, m2, -m1 - m2)
                assert wigner_3j(j2, j1, j3, m2, m1, -m1 - m2) == sign * value
                assert wigner_3j(j1, j2, j3, -m1, -m2, m1 + m2) == sign * value
                assert wigner_3j(j2, j3, j1, m2, -m1 - m2, m1) == value


def test_selection_rules_give_zero():
    assert wigner_3j(1, 1, 1, 1, 0, 0) == 0.0  # m1 + m2 + m3 != 0
    assert wigner_3j(1, 1, 3, 1, -1, 0) == 0.0  # triangle
    assert wigner_3j(1, 0.5, 1, 0, 0.5, -0.5) == 0.0  # j1 + j2 + j3 not an integer
    assert wigner_3j(1, 1, 0, 2, -2, 0) == 0.0  # |m| > j
    assert wigner_3j(1, 1, 1, 0.5, -0.5, 0) == 0.0  # j - m not an integer
    assert wigner_3j(1, 1, 1, 0, 0, 0) == 0.0  # odd j1 + j2 + j3 with all m = 0
    assert clebsch_gordan(1, 0, 1, 0, 3, 0) == 0.0
    assert clebsch_gordan(1, 1, 1, 0, 1, 0) == 0.0
    assert clebsch_gordan(0.5, 0.5, 1, 0, 1, 0.5) == 0.0
    assert wigner_6j(1, 1, 3, 1, 1, 1) == 0.0
    assert wigner_6j(0.5, 0.5, 0.5, 1, 1, 1) == 0.0
    assert wigner_9j(1, 1, 3, 1, 1, 1, 1, 1, 1) == 0.0
    assert wigner_9j(1, 1, 1, 1, 1, 1, 1, 1, 1) == 0.0  # odd sum: vanishes by symmetry


# ---- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: wigner_3j(0.3, 1, 1, 0, 0, 0),
        lambda: wigner_3j(-1, 1, 1, 0, 0, 0),
        lambda: wigner_3j(1, 1, 1, 0.3, 0, 0),
        lambda: clebsch_gordan(1, 0, -0.5, 0, 1, 0),
        lambda: clebsch_gordan(1, 0, 1, 0, 1, math.nan),
        lambda: wigner_6j(1, 1, 1, 1, 1, 0.3),
        lambda: wigner_6j(1, 1, 1, 1, -1, 1),
        lambda: wigner_6j(1, 1, 1, 1, 1, "1"),
        lambda: wigner_9j(1, 1, 1, 1, 1, 1, 1, 1, -0.5),
        lambda: wigner_9j(1, 1, 1, 1, math.inf, 1, 1, 1, 1),
    ],
)
def test_bad_arguments_raise(call):
    with pytest.raises(CevnsInputError, match="integer or half-integer"):
        call()


def test_message_names_the_argument():
    with pytest.raises(CevnsInputError, match=r"wigner_6j: j4 = 0\.3"):
        wigner_6j(1, 1, 1, 0.3, 1, 1)


# ---- sympy ---------------------------------------------------------------------------------


def test_against_sympy():
    wigner = pytest.importorskip("sympy.physics.wigner")
    from sympy import Rational

    rng = random.Random(2024)

    def reference(function, doubled, **kw):
        try:
            return float(function(*(Rational(n, 2) for n in doubled), **kw))
        except ValueError:  # sympy refuses a triad whose sum is not whole: the symbol is 0
            return 0.0

    def triad(a, b):  # a random doubled c closing the triangle with doubled a, b
        return rng.randrange(abs(a - b), a + b + 1, 2)

    nonzero = 0
    for _ in range(200):
        j1, j2 = rng.randint(0, 12), rng.randint(0, 12)
        j3 = triad(j1, j2)
        m1, m2 = rng.randrange(-j1, j1 + 1, 2), rng.randrange(-j2, j2 + 1, 2)
        args = (j1, j2, j3, m1, m2, -m1 - m2)
        expected = reference(wigner.wigner_3j, args)
        assert wigner_3j(*(x / 2 for x in args)) == pytest.approx(expected, abs=1e-14)
        expected = reference(wigner.clebsch_gordan, (j1, j2, j3, m1, m2, m1 + m2))
        got = clebsch_gordan(j1 / 2, m1 / 2, j2 / 2, m2 / 2, j3 / 2, (m1 + m2) / 2)
        assert got == pytest.approx(expected, abs=1e-14)
        nonzero += expected != 0
    for _ in range(200):
        a, b, d, e = (rng.randint(0, 12) for _ in range(4))
        j = (a, b, triad(a, b), d, e, triad(a, e))
        expected = reference(wigner.wigner_6j, j)
        assert wigner_6j(*(x / 2 for x in j)) == pytest.approx(expected, abs=1e-14)
        nonzero += expected != 0
    for _ in range(100):
        j1, j2, j4, j5 = (rng.randint(0, 6) for _ in range(4))
        j3, j6, j7, j8 = triad(j1, j2), triad(j4, j5), triad(j1, j4), triad(j2, j5)
        j = (j1, j2, j3, j4, j5, j6, j7, j8, triad(j3, j6))
        expected = reference(wigner.wigner_9j, j, prec=40)
        assert wigner_9j(*(x / 2 for x in j)) == pytest.approx(expected, abs=1e-14)
        nonzero += expected != 0
    assert nonzero > 250
    for _ in range(20):  # large j: agreement to rounding
        j1, j2 = rng.randint(40, 60), rng.randint(40, 60)
        j3, m1 = triad(j1, j2), rng.randrange(-j1, j1 + 1, 2)
        m2 = max(-j2, min(j2, -m1 + rng.randrange(-j3, j3 + 1, 2)))
        args = (j1, j2, j3, m1, m2, -m1 - m2)
        expected = reference(wigner.wigner_3j, args)
        assert wigner_3j(*(x / 2 for x in args)) == pytest.approx(expected, rel=1e-14, abs=0)
        a, b, d, e = (rng.randint(40, 60) for _ in range(4))
        j = (a, b, triad(a, b), d, e, triad(a, e))
        expected = reference(wigner.wigner_6j, j)
        assert wigner_6j(*(x / 2 for x in j)) == pytest.approx(expected, rel=1e-14, abs=0)
