"""Tests for execmath.repro against hashlib, NumPy's SeedSequence,
math.fsum, np.nextafter and a direct recomputation of the pipeline."""

import hashlib
import functools
import math
import operator
import struct
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import expit

from execmath import classify, learning, repro, stats, summation

U = 2.0**-53                                   # unit roundoff of float64


@pytest.fixture(scope="module")
def data():
    """The data set of the chapter (fig-repro-runs)."""
    rng = np.random.default_rng(25)
    d = classify.gaussian_classes(300, [[0.0, 0.0, 0.0], [1.0, 0.6, 0.3]],
                                  rng=rng)
    return d.X, d.y


# ------------------------------------------------------------ streams
class TestSpawn:
    def test_matches_seedsequence_oracle(self):
        gens = repro.spawn_generators(42, 3)
        kids = np.random.SeedSequence(42).spawn(3)
        for g, k in zip(gens, kids):
            want = np.random.Generator(np.random.PCG64(k)).random(5)
            np.testing.assert_array_equal(g.random(5), want)

    def test_children_differ(self):
        a, b = repro.spawn_generators(42, 2)
        assert np.all(a.random(10) != b.random(10))

    def test_draws_shape_and_reproducible(self):
        z = repro.spawned_draws(1, 4, 7)
        assert z.shape == (4, 7)
        np.testing.assert_array_equal(z, repro.spawned_draws(1, 4, 7))

    @pytest.mark.parametrize("seed", [-1, 1.0, True, "3", None, 2**128])
    def test_bad_seed(self, seed):
        with pytest.raises(ValueError, match="seed"):
            repro.spawn_generators(seed, 2)

    @pytest.mark.parametrize("k", [0, 2.0, 10**6])
    def test_bad_n_streams(self, k):
        with pytest.raises(ValueError, match="n_streams"):
            repro.spawned_draws(0, k, 3)

    def test_bad_n(self):
        with pytest.raises(ValueError, match="n"):
            repro.spawned_draws(0, 2, 0)
        with pytest.raises(ValueError, match="n_streams"):
            repro.spawned_draws(0, 10_000, 2**17)


class TestStreamStudy:
    def test_claim_fig_repro_streams(self):
        """PRNG streams: 'Two runs with seed 2024 (solid and dashed) and a
        generator re-seeded with 2024 after use (circles) trace one path;
        seed 2025 and the first generator continued without re-seeding
        wander off on their own. [...] two streams spawned from one seed
        [...] their correlation lies inside the band of four standard
        errors.'"""
        s = repro.stream_study(2024, 2025, 300)
        # exact equality: same seed, same state, same bits
        np.testing.assert_array_equal(s.same_seed, s.reference)
        np.testing.assert_array_equal(s.reseeded, s.reference)
        # inequality: two continuous draws coincide with probability 0
        assert np.count_nonzero(s.other == s.reference) == 0
        assert np.count_nonzero(s.continued == s.reference) == 0
        # the continued block is the generator's next block (oracle)
        g = np.random.default_rng(2024)
        g.standard_normal(300)
        np.testing.assert_array_equal(s.continued, g.standard_normal(300))
        # spawned streams: |r| <= 4/sqrt(n) (eq-repro-corr-band; an
        # independent pair fails with probability ~6e-5)
        pair = repro.spawned_draws(2024, 2, 2000)
        r = np.corrcoef(pair)[0, 1]
        assert abs(r) <= 4 / np.sqrt(2000)
        # caption and alt text: walks over 300 draws, 2,000 paired draws
        assert s.reference.shape == (300,) and pair.shape == (2, 2000)

    def test_spawned_band_over_many_pairs(self):
        # 20 streams, 190 pairs: expected number outside the 4-sigma band
        # is 190 * 6.3e-5 ~ 0.01, so one or more is a 1 % event
        z = repro.spawned_draws(99, 20, 5000)
        r = stats.correlation_matrix(z.T)[np.triu_indices(20, 1)]
        assert np.all(np.abs(r) <= 4 / np.sqrt(5000))

    def test_same_seeds_rejected(self):
        with pytest.raises(ValueError, match="other_seed"):
            repro.stream_study(3, 3, 10)

    def test_bad_n(self):
        with pytest.raises(ValueError, match="n"):
            repro.stream_study(1, 2, 0)


# ------------------------------------------------------------ digests
def _oracle_digest(arr):
    arr = np.asarray(arr)
    little = arr.dtype.newbyteorder("<")
    h = hashlib.sha256(f"{little.str}|{arr.shape}|".encode())
    h.update(arr.astype(little).tobytes(order="C"))
    return h.hexdigest()


class TestDigest:
    def test_oracle(self):
        x = np.arange(6.0).reshape(2, 3)
        assert repro.array_digest(x) == _oracle_digest(x)
        # independent byte construction with struct for a 1-D float64
        h = hashlib.sha256(b"<f8|(2,)|" + struct.pack("<2d", 1.5, -2.0))
        assert repro.array_digest([1.5, -2.0]) == h.hexdigest()

    def test_layout_and_byte_order_do_not_matter(self):
        x = np.arange(12.0).reshape(3, 4)
        assert repro.array_digest(x.T) == repro.array_digest(
            np.ascontiguousarray(x.T))
        assert repro.array_digest(x.astype(">f8")) == repro.array_digest(x)

    def test_dtype_shape_and_bits_matter(self):
        x = np.arange(4.0)
        digests = {repro.array_digest(v) for v in (
            x, x.astype(np.float32), x.reshape(2, 2),
            x.astype(np.int64), np.array([0.0, 1.0, 2.0, 3.0 + 2 * U * 2]))}
        assert len(digests) == 5
        assert repro.array_digest([0.0]) != repro.array_digest([-0.0])

    @pytest.mark.parametrize("bad", [[np.nan], [np.inf], [], [True],
                                     [1 + 2j], "abc", None])
    def test_bad_input(self, bad):
        with pytest.raises(ValueError, match="x"):
            repro.array_digest(bad)


class TestUlps:
    def test_neighbours(self):
        x = np.array([1.0, -3.5, 1e-300, 0.0, 5e-324])
        up = np.nextafter(x, np.inf)
        np.testing.assert_array_equal(repro.ulp_distance(x, up), 1)
        np.testing.assert_array_equal(repro.ulp_distance(up, x), 1)

    def test_k_steps_and_zero_crossing(self):
        x = 1.0
        for _ in range(7):
            x = np.nextafter(x, 2.0)
        assert int(repro.ulp_distance(1.0, x)) == 7
        tiny = 5e-324
        assert int(repro.ulp_distance(-tiny, tiny)) == 2
        assert int(repro.ulp_distance(0.0, -0.0)) == 0

    def test_extremes_do_not_overflow(self):
        big = sys.float_info.max
        d = int(repro.ulp_distance(-big, big))
        # number of positive finite doubles = 0x7FEFFFFFFFFFFFFF
        assert d == 2 * 0x7FEFFFFFFFFFFFFF

    @given(st.floats(allow_nan=False, allow_infinity=False),
           st.floats(allow_nan=False, allow_infinity=False))
    def test_zero_iff_equal(self, a, b):
        assert (int(repro.ulp_distance(a, b)) == 0) == (a == b)

    def test_bad_shapes(self):
        with pytest.raises(ValueError, match="a and b"):
            repro.ulp_distance([1.0, 2.0], [1.0])
        with pytest.raises(ValueError, match="a"):
            repro.ulp_distance([np.nan], [1.0])


class TestCompare:
    def test_identical(self):
        c = repro.compare_outputs([1.0, 2.0], np.array([1.0, 2.0]))
        assert c.identical and c.n_different == 0 and c.max_ulps == 0

    def test_one_ulp(self):
        c = repro.compare_outputs([0.1 + 0.2, 1.0], [0.3, 1.0])
        assert not c.identical and c.n_different == 1 and c.max_ulps == 1
        assert c.max_abs_diff == abs((0.1 + 0.2) - 0.3)

    def test_signed_zero_counts_as_different_bits(self):
        c = repro.compare_outputs([0.0], [-0.0])
        assert not c.identical and c.max_ulps == 0

    def test_extremes_finite(self):
        big = sys.float_info.max
        c = repro.compare_outputs([big], [-big])
        assert math.isfinite(c.max_abs_diff)

    def test_bad(self):
        with pytest.raises(ValueError, match="b"):
            repro.compare_outputs([1.0], [np.inf])
        with pytest.raises(ValueError, match="same shape"):
            repro.compare_outputs([1.0], [1.0, 2.0])


# ------------------------------------------------------------ drift
class TestDrift:
    def test_blocked_sum_one_block_is_naive(self):
        x = np.random.default_rng(0).standard_normal(1000)
        assert repro.blocked_sum(x, 1) == float(summation.naive_sum(x))
        # oracle: a plain Python loop over blocks
        parts = [sum(b.tolist()) for b in np.array_split(x, 4)]
        assert repro.blocked_sum(x, 4) == sum(parts)

    def test_blocked_sums_within_bound(self):
        x = np.random.default_rng(1).standard_normal(10_000)
        exact = math.fsum(x)
        # each ordering is a recursive sum with at most n - 1 additions
        # on every path: Higham's bound (n - 1) u sum|x| holds
        bound = (x.size - 1) * U * np.abs(x).sum() * (1 + 1e-6)
        sums = [repro.blocked_sum(x, t) for t in range(1, 17)]
        assert all(abs(s - exact) <= bound for s in sums)
        assert len(set(sums)) > 1            # the last bits do move

    def test_order_drift_oracle(self):
        x = np.random.default_rng(2).standard_normal(500)
        d = repro.order_drift(x, 50, rng=np.random.default_rng(3))
        assert d.exact == math.fsum(x)
        assert d.sums.shape == (50,)
        assert np.all(np.abs(d.sums - d.exact) <= d.bound)
        assert d.n_distinct == np.unique(d.sums).size > 1
        # same rng seed -> same permutations -> same sums (oracle loop)
        g = np.random.default_rng(3)
        # an explicit left-to-right loop: from Python 3.12 the builtin sum
        # of floats is compensated and would not be the naive oracle
        want = [functools.reduce(operator.add, x[g.permutation(500)].tolist())
                for _ in range(50)]
        np.testing.assert_array_equal(d.sums, want)

    def test_bad(self):
        with pytest.raises(ValueError, match="n_blocks"):
            repro.blocked_sum([1.0, 2.0], 3)
        with pytest.raises(ValueError, match="x"):
            repro.blocked_sum([1.0, np.nan], 1)
        with pytest.raises(ValueError, match="n_orders"):
            repro.order_drift([1.0, 2.0], 0, rng=np.random.default_rng(0))
        with pytest.raises(ValueError, match="x"):
            repro.order_drift([1.0], 3, rng=np.random.default_rng(0))
        with pytest.raises(TypeError, match="rng"):
            repro.order_drift([1.0, 2.0], 3, rng=0)


# ------------------------------------------------------------ runs
class TestRuns:
    def test_seed_run_matches_direct_recomputation(self, data):
        X, y = data
        res = repro.seed_run(X, y, 11, test_fraction=0.3, lam=1e-2)
        split = learning.train_test_split_indices(
            300, 0.3, rng=np.random.default_rng(11))
        fit = classify.fit_logistic_newton(X[split.train], y[split.train],
                                           lam=1e-2)
        np.testing.assert_array_equal(res.coef, fit.coef)
        z = X[split.test] @ fit.coef + fit.intercept
        p = expit(z)
        yt = y[split.test]
        direct = -np.mean(yt * np.log(p) + (1 - yt) * np.log1p(-p))
        # |z| < 10 here: log(p) loses at most a few u relative; 1e-12 is
        # far above that and far below any seed-to-seed difference
        assert abs(res.loss - direct) <= 1e-12

    def test_claim_fig_repro_runs(self, data):
        """'Left: 50 different seeds give 50 different losses and 50
        different digests [...]. Right: one seed repeated 50 times gives a
        single value and a single SHA-256 digest.'"""
        X, y = data
        fixed = repro.run_study(X, y, [7] * 50)
        assert fixed.n_distinct == 1 and len(set(fixed.digests)) == 1
        assert np.unique(fixed.losses).size == 1          # bitwise equal
        assert fixed.digests[0] == repro.seed_run(X, y, 7).digest
        random = repro.run_study(X, y, list(range(100, 150)))
        assert random.n_distinct == 50
        assert np.unique(random.losses).size == 50
        assert np.std(random.losses) > 0
        assert fixed.losses.size == random.losses.size == 50
        # alt text: the left panel's points lie between about 0.45 and 0.64
        assert round(random.losses.min(), 2) == 0.45
        assert round(random.losses.max(), 2) == 0.64

    def test_bad(self, data):
        X, y = data
        with pytest.raises(ValueError, match="seeds"):
            repro.run_study(X, y, [])
        with pytest.raises(ValueError, match="seeds"):
            repro.run_study(X, y, [1, -2])
        with pytest.raises(ValueError, match="y"):
            repro.seed_run(X, y * 2.0 + 1.0, 0)
        with pytest.raises(ValueError, match="X and y"):
            repro.seed_run(X[:10], y, 0)
        with pytest.raises(ValueError, match="test_fraction"):
            repro.seed_run(X, y, 0, test_fraction=1.0)
        with pytest.raises(ValueError, match="lam"):
            repro.seed_run(X, y, 0, lam=0.0)
        with pytest.raises(ValueError, match="seed"):
            repro.seed_run(X, y, 1.5)


# ------------------------------------------------------------ environment
class TestEnvironment:
    def test_versions(self):
        rec = repro.environment_record(("numpy", "scipy",
                                        "no-such-package-xyz"))
        import scipy
        assert rec.packages == (("numpy", np.__version__),
                                ("scipy", scipy.__version__),
                                ("no-such-package-xyz", "not installed"))
        assert rec.python == "{}.{}.{}".format(*sys.version_info[:3])
        assert rec.cpu_count >= 1
        assert all(len(b) == 4 for b in rec.blas) and rec.blas

    @pytest.mark.parametrize("bad", ["numpy", [], [""], [3], None])
    def test_bad(self, bad):
        with pytest.raises(ValueError, match="packages"):
            repro.environment_record(bad)

    def test_parse_pins(self):
        pins = repro.parse_pins("# c\n\nNumPy==2.0.1  # pinned\nx-y==1\n")
        assert pins == {"numpy": "2.0.1", "x-y": "1"}
        with pytest.raises(ValueError, match="text line 1"):
            repro.parse_pins("numpy>=2\n")
        with pytest.raises(ValueError, match="text"):
            repro.parse_pins(None)

    def test_make_recipe(self):
        text = "a: b\n\tcmd1\n\tcmd2\n\nb:\n\tcmd3\n"
        assert repro.make_recipe(text, "a") == ("a: b", "\tcmd1", "\tcmd2")
        with pytest.raises(ValueError, match="target"):
            repro.make_recipe(text, "c")
        with pytest.raises(ValueError, match="target"):
            repro.make_recipe(text, "a b")


def test_torch_generator_is_separate_from_numpy():
    """The chapter's claim: torch's RNG is its own; re-seeding restores."""
    torch = pytest.importorskip("torch")
    g = torch.Generator().manual_seed(0)
    a = torch.rand(3, generator=g)
    np.random.default_rng(0).random(10)
    g2 = torch.Generator().manual_seed(0)
    assert torch.equal(a, torch.rand(3, generator=g2))


def test_torch_deterministic_flag_seeds_nothing():
    """The chapter's claim (sec-repro, 'Determinism flags are not seeds'):
    torch.use_deterministic_algorithms(True) does not make anything random
    repeatable by itself; re-seeding does."""
    torch = pytest.importorskip("torch")
    before = torch.are_deterministic_algorithms_enabled()
    try:
        torch.use_deterministic_algorithms(True)
        assert torch.are_deterministic_algorithms_enabled()
        # two unseeded draws of 8 floats coincide with probability ~2^-192
        assert not torch.equal(torch.rand(8), torch.rand(8))
        g = torch.Generator().manual_seed(5)
        first = torch.rand(8, generator=g)
        assert not torch.equal(first, torch.rand(8, generator=g))
        g.manual_seed(5)                                  # re-seeding does
        assert torch.equal(first, torch.rand(8, generator=g))
    finally:
        torch.use_deterministic_algorithms(before)
