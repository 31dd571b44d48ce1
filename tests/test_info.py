"""Tests for execmath.info against SciPy, scikit-learn, PyTorch and mpmath.

Tolerances are multiples of the unit roundoff ``U = 2**-53``: a sum of
``K`` terms, each computed with a relative error of a few ``U``, carries
an absolute error of at most about ``K * U`` times the sum of the terms'
magnitudes; the multiples below say which count they come from.
"""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize, special as sps, stats

from execmath import info
from execmath import special as xsp

U = 2.0**-53

# The data of the chapter's figures (chapters/13-bayes-information.qmd).
FIG_P, FIG_Q = 0.5, 0.05            # plotted KL pair (fig-bayes-entropy-kl)
FIG_EPS = 1e-12                     # extreme prediction (fig-bayes-logloss)


def mp_kl(p, q, dps=60):
    """KL of the exactly normalised float vectors, in mpmath."""
    with mpmath.workdps(dps):
        p = [mpmath.mpf(float(v)) for v in p]
        q = [mpmath.mpf(float(v)) for v in q]
        sp, sq = mpmath.fsum(p), mpmath.fsum(q)
        return float(mpmath.fsum(a / sp * mpmath.log((a / sp) / (b / sq))
                                 for a, b in zip(p, q) if a > 0))


def mp_log(x, dps=50):
    with mpmath.workdps(dps):
        return mpmath.log(mpmath.mpf(x))


# Hypothesis: probability vectors as normalised non-negative weights.
weights = st.lists(st.floats(0.0, 1.0), min_size=2, max_size=8).filter(
    lambda w: sum(w) > 1e-3)


def normalise(w):
    w = np.asarray(w, dtype=float)
    return w / w.sum()


# ---------------------------------------------------------------- entropy
class TestEntropy:
    def test_matches_scipy(self):
        rng = np.random.default_rng(0)
        for k in (2, 5, 50):
            p = rng.dirichlet(np.ones(k))
            # K terms, each with relative error <= 2U: bound 4 K U H
            h = info.entropy(p)
            assert abs(h - stats.entropy(p)) <= 4 * k * U * h
            assert abs(info.entropy(p, base=2)
                       - stats.entropy(p, base=2)) <= 8 * k * U * h

    def test_zero_log_zero(self):
        assert info.entropy([0.0, 1.0, 0.0]) == 0.0
        assert info.entropy([0.5, 0.0, 0.5]) == pytest.approx(
            math.log(2), rel=4 * U)

    def test_uniform_is_log_k(self):
        for k in (2, 3, 10, 1000):
            # K equal terms: relative error <= K U from summation
            assert info.entropy(np.full(k, 1.0 / k)) == pytest.approx(
                math.log(k), rel=2 * k * U)

    @given(weights)
    def test_bounded_by_log_k(self, w):
        p = normalise(w)
        h = info.entropy(p)
        assert 0.0 <= h <= math.log(p.size) * (1 + 4 * p.size * U)

    @pytest.mark.parametrize("bad, match", [
        ([0.5, 0.6], "sum to 1"), ([1e308, 1e308], "sum to 1"), ([1.5, -0.5], ">= 0"),
        ([0.5, np.nan], "finite"), ([], "empty"), ([[0.5, 0.5]], "1-D"),
    ])
    def test_bad_p(self, bad, match):
        with pytest.raises(ValueError, match=f"p.*{match}|{match}.*p"):
            info.entropy(bad)

    @pytest.mark.parametrize("bad", ["ab", None, [True, False], [0.5 + 0j, 0.5]])
    def test_wrong_type(self, bad):
        with pytest.raises(TypeError, match="p"):
            info.entropy(bad)

    @pytest.mark.parametrize("base", [1, 0, -2.0, np.inf])
    def test_bad_base(self, base):
        with pytest.raises(ValueError, match="base"):
            info.entropy([0.5, 0.5], base=base)

    def test_bool_base(self):
        with pytest.raises(TypeError, match="base"):
            info.entropy([0.5, 0.5], base=True)


# ----------------------------------------------------------- cross-entropy
class TestCrossEntropy:
    def test_decomposition(self):
        rng = np.random.default_rng(1)
        p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
        ce = info.cross_entropy(p, q)
        ref = -np.sum(sps.xlogy(p, q))
        assert abs(ce - ref) <= 8 * 6 * U * ce
        total = info.entropy(p) + info.kl_divergence(p, q)
        assert abs(ce - total) <= 16 * 6 * U * ce

    def test_support_mismatch_is_inf(self):
        assert info.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
        # zero probability where the truth has none costs nothing
        assert info.cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0

    def test_bits(self):
        assert info.cross_entropy([0.5, 0.5], [0.5, 0.5], base=2) == \
            pytest.approx(1.0, rel=4 * U)

    def test_shape_mismatch(self):
        with pytest.raises(ValueError, match="same shape"):
            info.cross_entropy([0.5, 0.5], [0.2, 0.3, 0.5])

    def test_bad_q(self):
        with pytest.raises(ValueError, match="q"):
            info.cross_entropy([0.5, 0.5], [0.5, np.inf])


# ---------------------------------------------------------------------- KL
class TestKL:
    def test_matches_scipy(self):
        rng = np.random.default_rng(2)
        for k in (2, 4, 30):
            p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
            d = info.kl_divergence(p, q)
            mag = float(np.sum(np.abs(sps.rel_entr(p, q))))
            # three oracles; each is a K-term sum of terms of size <= mag
            for ref in (stats.entropy(p, q), np.sum(sps.rel_entr(p, q)),
                        np.sum(sps.kl_div(p, q))):
                assert abs(d - ref) <= 16 * k * U * (mag + 1)
            assert abs(d - mp_kl(p, q)) <= 8 * k * U * (mag + 1)

    def test_nearly_equal_keeps_relative_accuracy(self):
        # q = p + delta with sum(delta) = 0 exactly: KL ~ 1e-14, and the
        # naive sum of p log(p/q) loses its digits to rounding
        p = np.array([0.25, 0.25, 0.5])
        q = p + np.array([1e-7, -1e-7, 0.0])
        d = info.kl_divergence(p, q)
        ref = mp_kl(p, q)
        assert ref > 0 and abs(d - ref) <= 64 * U * ref

    def test_bits(self):
        p, q = [0.5, 0.5], [0.9, 0.1]
        assert info.kl_divergence(p, q, base=2) == pytest.approx(
            stats.entropy(p, q, base=2), rel=16 * U)

    def test_support_mismatch_is_inf(self):
        assert info.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
        assert info.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(
            math.log(2), rel=4 * U)

    def test_asymmetric(self):
        a = info.kl_divergence([0.5, 0.5], [0.9, 0.1])
        b = info.kl_divergence([0.9, 0.1], [0.5, 0.5])
        assert abs(a - b) > 0.1

    @given(weights, weights)
    def test_nonnegative_and_zero_only_at_equality(self, w1, w2):
        if len(w1) != len(w2):
            w2 = (w2 * len(w1))[: len(w1)]
            if sum(w2) <= 1e-3:
                return
        p, q = normalise(w1), normalise(w2)
        d = info.kl_divergence(p, q)
        assert d >= 0.0
        assert info.kl_divergence(p, p) == 0.0
        if np.max(np.abs(p - q)) >= 1e-6:
            # the smallest term p (t - log1p t) >= ~ 1e-12 / 2: no underflow
            assert d > 0.0

    def test_log1pmx_against_mpmath(self):
        t = np.concatenate([np.linspace(-0.25, 0.25, 401),
                            [1e-300, -1e-300, 1e-9, -1e-9]])
        got = info._log1pmx(t)
        with mpmath.workdps(50):
            ref = np.array([float(mpmath.log1p(v) - v)
                            for v in map(mpmath.mpf, t)])
        nz = ref != 0
        # a dozen operations on terms of one sign: 16 U relative
        assert np.all(np.abs(got[nz] - ref[nz]) <= 16 * U * np.abs(ref[nz]))

    def test_shape_mismatch(self):
        with pytest.raises(ValueError, match="same shape"):
            info.kl_divergence([1.0], [0.5, 0.5])

    def test_bad_p(self):
        with pytest.raises(ValueError, match="p"):
            info.kl_divergence([0.5, 0.7], [0.5, 0.5])


# ---------------------------------------------------------- mutual info
class TestMutualInformation:
    def test_matches_entropy_identity(self):
        rng = np.random.default_rng(3)
        joint = rng.dirichlet(np.ones(12)).reshape(3, 4)
        ref = (stats.entropy(joint.sum(1)) + stats.entropy(joint.sum(0))
               - stats.entropy(joint.ravel()))
        # the identity cancels three entropies of size <= log 12
        assert abs(info.mutual_information(joint) - ref) <= \
            64 * 12 * U * math.log(12)

    def test_matches_sklearn_on_counts(self):
        from sklearn.metrics import mutual_info_score
        counts = np.array([[10, 2, 3], [1, 20, 4]])
        got = info.mutual_information(counts / counts.sum())
        ref = mutual_info_score(None, None, contingency=counts)
        assert abs(got - ref) <= 64 * 6 * U

    def test_uncorrelated_but_dependent(self):
        # X uniform on {-1, 0, 1}, Y = X^2: Cov(X, Y) = 0, but I = H(Y)
        joint = np.array([[0, 1], [1, 0], [0, 1]]) / 3.0     # rows x, cols y
        mi = info.mutual_information(joint)
        h_y = info.entropy([1 / 3, 2 / 3])
        assert abs(mi - h_y) <= 64 * U
        x, y, w = np.array([-1, 0, 1]), np.array([1, 0, 1]), 1 / 3
        assert abs(np.sum(w * x * y) - np.sum(w * x) * np.sum(w * y)) == 0.0

    def test_underflowing_marginal_product(self):
        # px * py underflows to 0 where the joint is 5e-324 > 0: the term is
        # taken from logs, not returned as inf
        mi = info.mutual_information([[1.0, 0.0], [0.0, 5e-324]])
        assert math.isfinite(mi) and 0.0 <= mi < 1e-300

    def test_independent_is_zero(self):
        joint = np.outer([0.2, 0.8], [0.1, 0.3, 0.6])
        # marginals recomputed from the table differ by rounding only
        assert 0.0 <= info.mutual_information(joint) <= 64 * U

    def test_bad_joint(self):
        with pytest.raises(ValueError, match="joint"):
            info.mutual_information([0.5, 0.5])
        with pytest.raises(ValueError, match="joint"):
            info.mutual_information([[0.5, 0.6]])


# ---------------------------------------------------------------- Bernoulli
class TestBernoulli:
    def test_entropy_matches_scipy(self):
        p = np.linspace(0.0, 1.0, 101)
        ref = stats.bernoulli(p).entropy()
        np.testing.assert_allclose(info.bernoulli_entropy(p), ref,
                                   rtol=8 * U, atol=8 * U)

    def test_entropy_small_p_against_mpmath(self):
        for p in (1e-300, 1e-20, 1e-8):
            with mpmath.workdps(50):
                pp = mpmath.mpf(p)
                ref = float(-pp * mpmath.log(pp)
                            - (1 - pp) * mpmath.log1p(-pp))
            assert float(info.bernoulli_entropy(p)) == pytest.approx(
                ref, rel=8 * U)

    def test_kl_matches_vector_kl(self):
        rng = np.random.default_rng(4)
        p, q = rng.random(20), rng.random(20)
        got = info.bernoulli_kl(p, q)
        for a, b, g in zip(p, q, got):
            ref = mp_kl([a, 1 - a], [b, 1 - b])
            # mp_kl uses the rounded complements 1 - a, 1 - b: 2U each,
            # amplified by |d KL / d p| <= |log(p/q)| + |log((1-p)/(1-q))|
            slope = abs(math.log(a / b)) + abs(math.log((1 - a) / (1 - b)))
            assert abs(g - ref) <= 16 * U * (ref + slope + 1)

    def test_kl_broadcasts_and_inf(self):
        out = info.bernoulli_kl(0.5, np.array([[0.0, 0.5, 1.0]]))
        assert out.shape == (1, 3)
        assert out[0, 0] == np.inf and out[0, 1] == 0.0 and out[0, 2] == np.inf
        assert float(info.bernoulli_kl(0.0, 0.0)) == 0.0
        assert float(info.bernoulli_kl(0.0, 0.5)) == pytest.approx(
            math.log(2), rel=4 * U)

    def test_kl_no_broadcast(self):
        with pytest.raises(ValueError, match="broadcast"):
            info.bernoulli_kl([0.1, 0.2], [0.1, 0.2, 0.3])

    @pytest.mark.parametrize("bad", [1.5, -0.1, np.nan])
    def test_bad_probability(self, bad):
        with pytest.raises(ValueError, match="p"):
            info.bernoulli_entropy(bad)
        with pytest.raises(ValueError, match="q"):
            info.bernoulli_kl(0.5, bad)

    def test_bool_probability(self):
        with pytest.raises(TypeError, match="p"):
            info.bernoulli_entropy(True)


# ------------------------------------------------------ MLE = min cross-ent
class TestBernoulliCrossEntropy:
    X = np.random.default_rng(5).binomial(1, 0.3, size=400).astype(float)

    def test_minimised_at_sample_mean(self):
        phat = self.X.mean()
        res = optimize.minimize_scalar(
            lambda t: float(info.bernoulli_cross_entropy(self.X, t)),
            bounds=(1e-9, 1 - 1e-9), method="bounded",
            options={"xatol": 1e-10})
        # a flat minimum: |theta - phat| ~ sqrt(U) relative, plus xatol
        assert abs(res.x - phat) <= 1e-6
        grid = np.linspace(0.001, 0.999, 999)
        assert abs(grid[np.argmin(info.bernoulli_cross_entropy(
            self.X, grid))] - phat) <= 0.001

    def test_decomposition_into_entropy_plus_kl(self):
        phat = self.X.mean()
        theta = np.array([0.1, 0.3, 0.5, 0.9])
        got = info.bernoulli_cross_entropy(self.X, theta)
        ref = float(info.bernoulli_entropy(phat)) + info.bernoulli_kl(
            phat, theta)
        np.testing.assert_allclose(got, ref, rtol=32 * U)
        assert float(info.bernoulli_cross_entropy(self.X, phat)) == \
            pytest.approx(float(info.bernoulli_entropy(phat)), rel=8 * U)

    def test_equals_mean_log_loss(self):
        t = 0.37
        assert float(info.bernoulli_cross_entropy(self.X, t)) == \
            pytest.approx(info.binary_log_loss(
                self.X, np.full(self.X.size, t)), rel=4 * self.X.size * U)

    def test_bad_x(self):
        with pytest.raises(ValueError, match="x"):
            info.bernoulli_cross_entropy([0, 2], 0.5)
        with pytest.raises(ValueError, match="theta"):
            info.bernoulli_cross_entropy([0, 1], 1.5)


# ---------------------------------------------------------------- log-loss
class TestLogLoss:
    def test_matches_sklearn(self):
        from sklearn.metrics import log_loss
        rng = np.random.default_rng(6)
        y = rng.integers(0, 2, 200).astype(float)
        p = rng.uniform(0.01, 0.99, 200)
        got = info.binary_log_loss(y, p)
        # mean of n terms of size <= log 100: n U relative per term sum
        assert got == pytest.approx(log_loss(y, p), rel=4 * 200 * U)

    def test_confident_wrong_is_inf(self):
        assert info.binary_log_loss([1, 0], [0.0, 0.5]) == math.inf
        assert info.binary_log_loss([0], [1.0]) == math.inf
        assert info.binary_log_loss([1, 0], [1.0, 0.0]) == 0.0

    def test_logits_match_mpmath(self):
        rng = np.random.default_rng(7)
        z = rng.normal(0, 20, 300)
        y = rng.integers(0, 2, 300).astype(float)
        with mpmath.workdps(40):
            ref = float(mpmath.fsum(
                mpmath.log1p(mpmath.exp(mpmath.mpf(a))) - b * mpmath.mpf(a)
                for a, b in zip(z, y)) / len(z))
        # 300 non-negative terms, each to a few U: the mean to 300 U
        assert info.log_loss_from_logits(y, z) == pytest.approx(
            ref, rel=300 * U)

    def test_logits_agree_with_probabilities(self):
        z = np.linspace(-5, 5, 11)
        y = (np.arange(11) % 2).astype(float)
        a = info.log_loss_from_logits(y, z)
        b = info.binary_log_loss(y, xsp.sigmoid(z))
        # sigmoid rounding (2U) times |d loss / d p| <= 1/(p(1-p)) ~ e^5
        assert abs(a - b) <= 8 * U * math.exp(5)

    def test_logits_finite_where_probabilities_round(self):
        z = np.array([-800.0, 800.0])
        y = np.array([1.0, 0.0])
        assert info.binary_log_loss(y, xsp.sigmoid(z)) == math.inf
        assert info.log_loss_from_logits(y, z) == 800.0

    @pytest.mark.parametrize("y, p, match", [
        ([1, 2], [0.5, 0.5], "y"), ([1, 0], [0.5], "same shape"),
        ([1, 0], [0.5, 1.5], "p"), ([1, 0], [0.5, np.nan], "p"),
    ])
    def test_bad_input(self, y, p, match):
        with pytest.raises(ValueError, match=match):
            info.binary_log_loss(y, p)

    def test_huge_logits_do_not_overflow_the_mean(self):
        got = info.log_loss_from_logits([1, 0], [-1e308, 1e308])
        assert got == pytest.approx(1e308, rel=4 * U)

    def test_bad_logits(self):
        with pytest.raises(ValueError, match="logits"):
            info.log_loss_from_logits([1, 0], [0.0, np.inf])
        with pytest.raises(ValueError, match="same shape"):
            info.log_loss_from_logits([1, 0], [0.0])
        with pytest.raises(TypeError, match="y"):
            info.log_loss_from_logits([True, False], [0.0, 0.0])


class TestLogLossCurve:
    def test_grid(self):
        c = info.logloss_curve(1e-6, n=51)
        assert np.all(np.diff(c.logits) > 0)
        assert c.p[0] == pytest.approx(1e-6, rel=8 * U)
        assert 1 - c.p[-1] == pytest.approx(1e-6, rel=1e-9)
        # oracle: softplus(-z) = log(1 + e^{-z}) in mpmath at the logits
        with mpmath.workdps(40):
            ref = np.array([float(mpmath.log1p(mpmath.exp(-mpmath.mpf(z))))
                            for z in c.logits])
        # a handful of roundings of |z| + log1p(e^{-|z|})
        np.testing.assert_allclose(c.loss_pos, ref, rtol=8 * U)
        assert np.all(np.isfinite(c.loss_neg))

    @pytest.mark.parametrize("eps", [0.0, 0.5, 1e-320, np.nan])
    def test_bad_eps(self, eps):
        with pytest.raises(ValueError, match="eps"):
            info.logloss_curve(eps)

    def test_bad_n(self):
        with pytest.raises(ValueError, match="n"):
            info.logloss_curve(1e-6, n=2)
        with pytest.raises(TypeError, match="n"):
            info.logloss_curve(1e-6, n=10.0)


# --------------------------------------------------------- figure claims
def test_claim_fig_bayes_entropy_kl():
    """Caption: "Bernoulli entropy in nats, zero at p = 0 and p = 1 and
    largest, log 2, at p = 1/2 ... the forward divergence (solid) grows
    without bound as the model becomes confidently wrong, while the
    reverse one (dashed) stays below log 2; at the marked pair q = 0.05
    they differ." """
    p = np.linspace(0.0, 1.0, 201)               # the plotted grid
    h = info.bernoulli_entropy(p)
    i = int(np.argmax(h))
    assert p[i] == 0.5
    # -2 * 0.5 * log(0.5): one correctly rounded log, exact products
    assert abs(h[i] - math.log(2)) <= 2 * U * math.log(2)
    assert h[0] == 0.0 and h[-1] == 0.0
    assert np.all(h <= math.log(2))
    fwd = float(info.bernoulli_kl(FIG_P, FIG_Q))
    rev = float(info.bernoulli_kl(FIG_Q, FIG_P))
    # caption: "the marked pair q = 0.05"; alt text: labels "0.830" and
    # "0.495"
    assert (FIG_P, FIG_Q) == (0.5, 0.05)
    assert (f"{fwd:.3f}", f"{rev:.3f}") == ("0.830", "0.495")
    for got, a, b in ((fwd, FIG_P, FIG_Q), (rev, FIG_Q, FIG_P)):
        assert got == pytest.approx(
            stats.entropy([a, 1 - a], [b, 1 - b]), rel=32 * U)
    # the asymmetry is a real difference, not rounding
    assert fwd - rev > 0.3
    # reverse direction from the truth 1/2 is bounded by log 2; forward is not
    q = np.linspace(1e-3, 1 - 1e-3, 999)
    assert np.all(info.bernoulli_kl(q, FIG_P) <= math.log(2))
    assert info.bernoulli_kl(FIG_P, q).max() > 2.5


def test_claim_fig_bayes_logloss():
    """Caption: "A confident right prediction costs almost nothing; a
    confident wrong one costs -log(eps), here 27.6 nats at eps = 1e-12."
    Asserted: the loss at the plotted extreme equals -log(eps) (mpmath)
    within a few ulps, computed from logits, with no inf anywhere."""
    assert FIG_EPS == 1e-12                  # caption: "eps = 10^{-12}"
    c = info.logloss_curve(FIG_EPS)
    ref = float(-mp_log(FIG_EPS))
    assert np.all(np.isfinite(c.loss_pos)) and np.all(np.isfinite(c.loss_neg))
    # softplus(L) with L = log1p(-eps) - log(eps): a few roundings of L
    assert abs(c.loss_pos[0] - ref) <= 4 * U * ref
    assert abs(c.loss_neg[-1] - ref) <= 4 * U * ref
    assert f"{c.loss_pos[0]:.1f}" == "27.6"          # the caption's number
    # linear in the logit: loss = softplus(-z) = -z + log1p(e^z), and the
    # correction log1p(e^z) <= e^z is below e^-5 for z <= -5
    left = c.logits <= -5
    assert np.all(np.abs(c.loss_pos[left] + c.logits[left])
                  <= np.exp(c.logits[left]) + 4 * U * np.abs(c.logits[left]))
    # the right label at the same prediction: -log(1 - eps) ~ eps
    assert c.loss_neg[0] == pytest.approx(FIG_EPS, rel=1e-9)
    # forming 1 - p first loses the digits the logit path keeps
    p_hi = 1.0 - FIG_EPS
    naive = -math.log(1.0 - p_hi)
    # ... by a factor of a million at least over the stable bound
    assert abs(naive - ref) > 1e6 * 4 * U * ref
