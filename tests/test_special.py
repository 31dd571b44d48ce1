"""Tests for execmath.special against independent oracles.

Oracles: mpmath at 60 digits (the exact function at the binary input),
scipy.special (expit, log_expit, logit, xlogy, logsumexp, log_softmax) and
torch.nn.functional in float64 (binary_cross_entropy_with_logits,
cross_entropy), plus exact algebraic identities as Hypothesis properties.

Tolerances. Every function here composes at most four correctly rounded
or <= 1-ulp library operations (exp, log1p, log, arctanh, +, /) without
cancellation, so its relative error is below 8u with u = 2**-53 whenever the
answer is a normal float; ``REL`` = 8u. Subnormal answers (|answer| < 2**-1022)
carry an absolute error of a few units of the smallest subnormal, ``TINY``.
Oracles that compute ``LSE(z) - z_y`` or ``log(1 + e^{-z})`` by subtraction
(torch, scipy) lose absolute accuracy u * |z|: comparisons with them use an
absolute bound of 8u (1 + |z|), stated where used.
"""

import math

import mpmath
import numpy as np
import pytest
try:                      # the Python 3.13 job runs without PyTorch
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = F = None

needs_torch = pytest.mark.skipif(
    torch is None, reason="PyTorch is not installed (Python 3.13 job)")
from hypothesis import given
from hypothesis import strategies as st
from scipy import special as sp

from execmath import special

U = 2.0**-53
REL = 8 * U
TINY = 4 * 2.0**-1074   # a few smallest subnormals
DPS = 60

finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-700, max_value=700)
prob_open = st.floats(min_value=5e-324, max_value=1 - 2**-53)

EXTREMES = [-1e308, -1e10, -745.0, -700.0, -40.0, -1.0, -1e-20, 0.0,
            1e-20, 1.0, 40.0, 700.0, 745.0, 1e10, 1e308]


def mp(func, *xs):
    """Float64 of ``func`` evaluated in mpmath at the exact inputs."""
    with mpmath.workdps(DPS):
        return float(func(*[mpmath.mpf(float(x)) for x in xs]))


def assert_close_rel(got, ref, rel=REL, tiny=TINY):
    """|got - ref| <= rel |ref| + tiny, elementwise."""
    got, ref = np.asarray(got, float), np.asarray(ref, float)
    err = np.abs(got - ref)
    assert np.all(err <= rel * np.abs(ref) + tiny), (got, ref)


def mp_softplus(z):
    return mpmath.log1p(mpmath.exp(z))


def mp_sigmoid(z):
    return 1 / (1 + mpmath.exp(-z))


# ------------------------------------------------------------- shapes

@pytest.mark.parametrize("func", [special.sigmoid, special.softplus,
                                  special.log_sigmoid])
class TestShapes:
    def test_scalar_gives_0d_float64(self, func):
        out = func(1)
        assert isinstance(out, np.ndarray)
        assert out.shape == () and out.dtype == np.float64

    def test_shape_preserved(self, func):
        z = np.arange(6, dtype=np.int64).reshape(2, 3) - 3
        out = func(z)
        assert out.shape == (2, 3) and out.dtype == np.float64


# ------------------------------------------------------------- sigmoid

class TestSigmoid:
    def test_matches_mpmath_at_extremes(self):
        got = special.sigmoid(EXTREMES)
        ref = [mp(mp_sigmoid, z) for z in EXTREMES]
        assert_close_rel(got, ref)

    def test_limits(self):
        np.testing.assert_array_equal(special.sigmoid([-1e308, 1e308]), [0, 1])

    @given(moderate)
    def test_matches_scipy_expit(self, z):
        # scipy's expit is itself accurate to a few ulp: 2 * REL between them.
        assert_close_rel(special.sigmoid(z), sp.expit(z), rel=2 * REL)

    @given(finite)
    def test_symmetry(self, z):
        # sigma(-z) = 1 - sigma(z); both sides are in [0, 1] with relative
        # error <= REL, and 1 - s adds one rounding: absolute error <= 2 REL.
        lhs = special.sigmoid(-z)
        rhs = 1.0 - special.sigmoid(z)
        assert abs(lhs - rhs) <= 2 * REL

    @given(finite, finite)
    def test_monotone(self, a, b):
        lo, hi = min(a, b), max(a, b)
        assert special.sigmoid(lo) <= special.sigmoid(hi)

    def test_no_overflow_in_naive_range(self):
        # 1 / (1 + exp(-z)) overflows in exp for z < -709.78; this must not.
        out = special.sigmoid(np.array([-710.0, -1000.0]))
        assert np.all(np.isfinite(out)) and out[0] > 0


# ------------------------------------------------------------- softplus

class TestSoftplus:
    def test_matches_mpmath_at_extremes(self):
        got = special.softplus(EXTREMES)
        ref = [mp(mp_softplus, z) for z in EXTREMES]
        assert_close_rel(got, ref)

    @given(finite)
    def test_difference_is_z(self, z):
        # softplus(z) - softplus(-z) = z; both share log1p(e^{-|z|}) bit for
        # bit, and max(z,0) - max(-z,0) = z exactly, so equality is exact
        # whenever the two sums do not round differently: allow 1 ulp of
        # the larger of |z| and log 2.
        diff = special.softplus(z) - special.softplus(-z)
        assert abs(diff - z) <= 2 * math.ulp(max(abs(z), 1.0))

    @given(finite)
    def test_bounds(self, z):
        s = float(special.softplus(z))
        assert max(z, 0.0) <= s <= max(z, 0.0) + math.log(2) * (1 + REL)

    @given(st.floats(min_value=-30, max_value=30))
    def test_derivative_is_sigmoid(self, z):
        # Central difference: truncation h^2 |f'''| / 6 <= h^2 / 6 (|f'''| <=
        # 1/(6 sqrt 3) < 1) plus rounding 2 u (|z| + 1) / h.
        h = 1e-5
        fd = (special.softplus(z + h) - special.softplus(z - h)) / (2 * h)
        bound = h**2 / 6 + 2 * U * (abs(z) + 1) / h
        assert abs(fd - special.sigmoid(z)) <= bound


# ------------------------------------------------------------- log_sigmoid

class TestLogSigmoid:
    def test_matches_mpmath_at_extremes(self):
        got = special.log_sigmoid(EXTREMES)
        ref = [mp(lambda z: -mp_softplus(-z), z) for z in EXTREMES]
        assert_close_rel(got, ref)

    def test_stays_finite_where_log_of_sigmoid_fails(self):
        assert special.log_sigmoid(-1000.0) == -1000.0
        assert special.log_sigmoid(-1e308) == -1e308

    @given(moderate)
    def test_matches_scipy_log_expit(self, z):
        assert_close_rel(special.log_sigmoid(z), sp.log_expit(z), rel=2 * REL)

    @given(finite)
    def test_is_minus_softplus_of_minus_z(self, z):
        assert special.log_sigmoid(z) == -special.softplus(-z)

    @given(finite)
    def test_odds_law(self, z):
        # log sigma(z) - log sigma(-z) = log(e^z) = z (same rounding argument
        # as softplus(z) - softplus(-z)).
        diff = special.log_sigmoid(z) - special.log_sigmoid(-z)
        assert abs(diff - z) <= 2 * math.ulp(max(abs(z), 1.0))

    @given(st.floats(min_value=-600, max_value=600))
    def test_sum_law(self, z):
        # log sigma(z) + log sigma(-z) = log(sigma(z) sigma(-z)); for |z| <= 600
        # the product stays normal, and its log has absolute error <= 4u
        # (relative 3 REL of the product -> absolute 3 REL in the log).
        lhs = special.log_sigmoid(z) + special.log_sigmoid(-z)
        rhs = np.log(sp.expit(z) * sp.expit(-z))
        assert abs(lhs - rhs) <= REL * (abs(rhs) + 3)


# ------------------------------------------------------------- logit

class TestLogit:
    P = [5e-324, 1e-300, 1e-10, 0.1, 0.25, 0.5 - 2**-30, 0.5, 0.5 + 2**-30,
         0.75, 0.9, 1 - 1e-10, 1 - 2**-53]

    def test_matches_mpmath(self):
        got = special.logit(self.P)
        ref = [mp(lambda p: mpmath.log(p / (1 - p)), p) for p in self.P]
        assert_close_rel(got, ref)

    def test_near_half_keeps_relative_accuracy(self):
        # log(p/(1-p)) cancels near p = 1/2; the arctanh branch does not.
        p = 0.5 + 2.0**-40
        ref = mp(lambda q: mpmath.log(q / (1 - q)), p)
        assert abs(special.logit(p) - ref) <= REL * abs(ref)

    @given(prob_open)
    def test_matches_scipy(self, p):
        # scipy.special.logit may lose relative accuracy near p = 1/2 but has
        # absolute error <= a few u there: bound 2 REL relative + 4u absolute.
        got, ref = special.logit(p), sp.logit(p)
        assert abs(got - ref) <= 2 * REL * abs(ref) + 4 * U

    @given(st.floats(min_value=1e-300, max_value=1 - 2**-53))
    def test_inverse_of_sigmoid(self, p):
        # sigma has relative condition (1 - sigma) |z| <= |z| at z = logit(p),
        # so the round trip errs by <= REL (1 + |z|) relative, plus sigma's own.
        z = special.logit(p)
        assert abs(special.sigmoid(z) - p) <= 2 * REL * (1 + abs(z)) * p

    @pytest.mark.parametrize("p", [0.0, 1.0, -0.1, 1.5, [0.2, 1.0]])
    def test_outside_open_interval(self, p):
        with pytest.raises(ValueError, match=r"^p must lie in the open interval"):
            special.logit(p)


# ------------------------------------------------------------- BCE

class TestBinaryCrossEntropy:
    @needs_torch
    def test_matches_torch(self):
        rng = np.random.default_rng(1)
        z = rng.normal(0, 20, size=500)                  # (500,)
        y = np.concatenate([rng.integers(0, 2, 250), rng.uniform(0, 1, 250)])
        got = special.binary_cross_entropy_with_logits(z, y)
        ref = F.binary_cross_entropy_with_logits(
            torch.tensor(z), torch.tensor(y), reduction="none").numpy()
        # torch forms (1 - y) z + ... and cancels: absolute error 8u (1 + |z|).
        assert np.all(np.abs(got - ref) <= REL * (1 + np.abs(z)))

    @given(st.floats(min_value=-30, max_value=30), st.floats(0, 1))
    def test_matches_definition_with_xlogy(self, z, y):
        ref = -(sp.xlogy(y, sp.expit(z)) + sp.xlogy(1 - y, sp.expit(-z)))
        got = special.binary_cross_entropy_with_logits(z, y)
        # log of expit(z) ~ 1 has absolute error ~ u; scaled by |z| + 1 margin.
        assert abs(got - ref) <= REL * (1 + abs(z))

    @pytest.mark.parametrize("y", [0.0, 0.3, 1.0])
    def test_matches_mpmath_at_extremes(self, y):
        got = special.binary_cross_entropy_with_logits(EXTREMES, y)
        # The definition -[y log s(z) + (1-y) log s(-z)], each log sigma as
        # -log1p(e^{-z}), which mpmath evaluates accurately at any size.
        ref = [mp(lambda z, yy: yy * mp_softplus(-z) + (1 - yy) * mp_softplus(z),
                  z, y) for z in EXTREMES]
        assert_close_rel(got, ref)

    def test_confident_right_answer_keeps_tiny_loss(self):
        # loss = log1p(e^{-40}) ~ 4.2e-18, which softplus(z) - z would round
        # to 0.
        got = special.binary_cross_entropy_with_logits(40.0, 1.0)
        assert_close_rel(got, math.log1p(math.exp(-40.0)))
        assert got > 0

    @given(finite, st.floats(0, 1))
    def test_finite_nonnegative(self, z, y):
        out = special.binary_cross_entropy_with_logits(z, y)
        assert np.isfinite(out) and out >= 0

    def test_shape_is_logits_shape(self):
        out = special.binary_cross_entropy_with_logits(np.zeros((2, 3)), 1)
        assert out.shape == (2, 3)

    @pytest.mark.parametrize("y", [-0.1, 1.5, [0.5, 2.0]])
    def test_y_outside_unit_interval(self, y):
        with pytest.raises(ValueError, match=r"^y must lie in \[0, 1\]"):
            special.binary_cross_entropy_with_logits([0.0, 0.0], y)

    def test_y_shape_mismatch(self):
        with pytest.raises(ValueError, match="^y must broadcast"):
            special.binary_cross_entropy_with_logits([0.0, 0.0], [0.0, 1.0, 1.0])
        with pytest.raises(ValueError, match="^y must broadcast"):
            special.binary_cross_entropy_with_logits(0.0, [0.0, 1.0])

    def test_bool_labels_rejected(self):
        with pytest.raises(TypeError, match="^y "):
            special.binary_cross_entropy_with_logits([0.0], [True])


# ------------------------------------------------------------- softmax, CE

def mp_log_softmax_row(row):
    """log softmax_i = -log1p(sum_{j != i} e^{z_j - z_i}), in mpmath.

    mpmath's log1p keeps tiny sums (e^{-1400}) that log(1 + .) would lose at
    any fixed working precision.
    """
    with mpmath.workdps(DPS):
        r = [mpmath.mpf(float(v)) for v in row]
        out = []
        for i, zi in enumerate(r):
            rest = mpmath.fsum(mpmath.exp(zj - zi)
                               for j, zj in enumerate(r) if j != i)
            out.append(float(-mpmath.log1p(rest)))
        return out


EXTREME_ROWS = [
    [0.0, 0.0, 0.0],
    [40.0, 0.0, -5.0],
    [700.0, -700.0, 0.0],
    [1e308, 0.0, -1e10],
    [1e308, -1e308, 1e308],
    [-1e308, -1e308, -1e308],
]


class TestLogSoftmax:
    def test_matches_mpmath_at_extremes(self):
        for row in EXTREME_ROWS:
            if row == [1e308, -1e308, 1e308]:
                continue  # -2e308 is not representable: tested below
            assert_close_rel(special.log_softmax(row), mp_log_softmax_row(row))

    def test_winner_keeps_tiny_log_probability(self):
        # log softmax([40, 0])_0 = -log1p(e^{-40}) ~ -4.2e-18; scipy returns 0.
        got = special.log_softmax([40.0, 0.0])[0]
        assert_close_rel(got, -math.log1p(math.exp(-40.0)))

    def test_unrepresentable_raises(self):
        with pytest.raises(ValueError, match="^logits span more"):
            special.log_softmax([1e308, -1e308])

    def test_matches_scipy_along_axes(self):
        rng = np.random.default_rng(2)
        z = rng.normal(0, 10, size=(4, 5, 6))             # (4, 5, 6)
        for axis in (0, 1, -1):
            got = special.log_softmax(z, axis=axis)
            ref = sp.log_softmax(z, axis=axis)
            # scipy subtracts LSE: absolute error 8u (1 + max |z|).
            assert np.all(np.abs(got - ref) <= REL * (1 + np.abs(z).max()))

    @given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20))
    def test_exponentials_sum_to_one(self, row):
        # Each exp(log p_i) has relative error <= REL (1 + |log p_i|)...
        # the summed error is at most K REL (1 + max |log p|) relative to 1
        # only if p_i carries mass; mass-carrying entries have |log p| <= 50.
        p = np.exp(special.log_softmax(row))
        assert abs(p.sum() - 1.0) <= len(row) * REL * 51

    def test_bad_axis(self):
        with pytest.raises(ValueError, match="^axis 2 is out of range"):
            special.log_softmax(np.zeros((2, 2)), axis=2)
        with pytest.raises(TypeError, match="^axis"):
            special.log_softmax(np.zeros((2, 2)), axis=True)
        with pytest.raises(TypeError, match="^axis"):
            special.log_softmax(np.zeros((2, 2)), axis=1.0)

    def test_scalar_rejected(self):
        with pytest.raises(ValueError, match="^logits must be at least 1-D"):
            special.log_softmax(3.0)


class TestCrossEntropy:
    @needs_torch
    def test_matches_torch(self):
        rng = np.random.default_rng(3)
        z = rng.normal(0, 15, size=(300, 7))              # (300, 7)
        y = rng.integers(0, 7, size=300)                  # (300,)
        got = special.cross_entropy_with_logits(z, y)
        ref = F.cross_entropy(torch.tensor(z), torch.tensor(y),
                              reduction="none").numpy()
        assert got.shape == (300,)
        # torch subtracts LSE - z_y: absolute error 8u (1 + |m| + |z_y|).
        rows = np.arange(300)
        bound = REL * (1 + np.abs(z).max(axis=1) + np.abs(z[rows, y]))
        assert np.all(np.abs(got - ref) <= bound)

    def test_matches_scipy_logsumexp(self):
        rng = np.random.default_rng(4)
        z = rng.normal(0, 3, size=(50, 4))                # (50, 4)
        y = rng.integers(0, 4, size=50)
        ref = sp.logsumexp(z, axis=1) - z[np.arange(50), y]
        got = special.cross_entropy_with_logits(z, y)
        assert np.all(np.abs(got - ref) <= REL * (1 + 2 * np.abs(z).max()))

    def test_matches_mpmath_at_extremes(self):
        for row in EXTREME_ROWS:
            ref = mp_log_softmax_row(row)
            for label in range(3):
                if not math.isfinite(ref[label]):
                    continue
                got = special.cross_entropy_with_logits([row], [label])
                assert_close_rel(got, [-ref[label]])

    def test_sure_right_answer_keeps_tiny_loss(self):
        got = special.cross_entropy_with_logits([[40.0, 0.0]], [0])
        assert_close_rel(got, [math.log1p(math.exp(-40.0))])
        assert got[0] > 0

    def test_unrepresentable_raises(self):
        with pytest.raises(ValueError, match="^logits span more"):
            special.cross_entropy_with_logits([[1e308, -1e308]], [1])
        # ... but the label on the high side is fine: loss 0.
        out = special.cross_entropy_with_logits([[1e308, -1e308]], [0])
        assert out[0] == 0.0

    def test_bad_labels(self):
        z = np.zeros((3, 4))
        with pytest.raises(TypeError, match="^labels must be integers"):
            special.cross_entropy_with_logits(z, [0.0, 1.0, 2.0])
        with pytest.raises(TypeError, match="^labels must be integers"):
            special.cross_entropy_with_logits(z, [True, False, True])
        with pytest.raises(TypeError, match="^labels must be integers"):
            special.cross_entropy_with_logits(z, None)
        with pytest.raises(ValueError, match=r"^labels must have shape \(3,\)"):
            special.cross_entropy_with_logits(z, [0, 1])
        with pytest.raises(ValueError, match=r"^labels must lie in 0..3"):
            special.cross_entropy_with_logits(z, [0, 1, 4])
        with pytest.raises(ValueError, match=r"^labels must lie in 0..3"):
            special.cross_entropy_with_logits(z, [0, -1, 2])

    def test_logits_must_be_2d(self):
        with pytest.raises(ValueError, match="^logits must be 2-D"):
            special.cross_entropy_with_logits([0.0, 1.0], [0, 1])


# ------------------------------------------------------------- hostile input

def _call(name, x):
    """Call function ``name`` with hostile ``x`` in the argument under test."""
    good_lab = np.array([0, 1])
    calls = {
        "sigmoid": lambda: special.sigmoid(x),
        "softplus": lambda: special.softplus(x),
        "log_sigmoid": lambda: special.log_sigmoid(x),
        "logit": lambda: special.logit(x),
        "bce_logits": lambda: special.binary_cross_entropy_with_logits(x, 0.5),
        "bce_y": lambda: special.binary_cross_entropy_with_logits([0.0, 0.0], x),
        "log_softmax": lambda: special.log_softmax(x),
        "ce_logits": lambda: special.cross_entropy_with_logits(x, good_lab),
    }
    return calls[name]()


ARG = {"sigmoid": "z", "softplus": "z", "log_sigmoid": "z", "logit": "p",
       "bce_logits": "logits", "bce_y": "y", "log_softmax": "logits",
       "ce_logits": "logits"}


@pytest.mark.parametrize("name", list(ARG))
class TestHostileInput:
    @pytest.mark.parametrize("x", [1j, [0.5, 1 + 2j], np.array([0.5j]),
                                   True, [True, False], np.array([True]),
                                   "0.5", ["0.5"], None, [None],
                                   [0.5, None]])
    def test_type_errors(self, name, x):
        with pytest.raises(TypeError, match=f"^{ARG[name]} "):
            _call(name, x)

    @pytest.mark.parametrize("x", [np.nan, [0.5, np.nan], np.inf,
                                   [[0.5, -np.inf]], [], np.zeros((0, 2)),
                                   [10**400], [[0.1], [0.2, 0.3]]])
    def test_value_errors(self, name, x):
        with pytest.raises(ValueError, match=f"^{ARG[name]} "):
            _call(name, x)
