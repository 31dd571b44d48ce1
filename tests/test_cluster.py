"""Tests for execmath.cluster against scikit-learn, SciPy, NumPy and exact
identities (scikit-learn is a test-only oracle)."""

import math
from itertools import product

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csgraph
from scipy.spatial import cKDTree
from scipy.spatial.distance import cdist, pdist
from sklearn import cluster as skcluster
from sklearn import datasets as skdata
from sklearn import metrics as skmetrics

from execmath import cluster, spectral, stats

U = np.finfo(float).eps / 2          # unit roundoff

# The data of the chapter's figures (chapters/20-unsupervised-spectral.qmd).
BLOB_CENTRES = np.array([[-2.5, -1.0], [0.0, 2.5], [2.5, -1.5], [3.5, 2.5]])
BLOB_SEED, ELBOW_SEED, PCA_SEED, MOONS_SEED = 20, 21, 7, 3
MOON_SEEDS = range(100, 110)
KS = np.arange(1, 11)


def chapter_blobs():
    rng = np.random.default_rng(BLOB_SEED)
    blobs = cluster.gaussian_blobs([150] * 4, BLOB_CENTRES, scale=0.6,
                                   rng=rng)
    km4 = cluster.kmeans(blobs.x, 4, rng=rng, n_init=10)
    return blobs, km4


def chapter_elbow(x_blobs):
    rng = np.random.default_rng(ELBOW_SEED)
    disc = cluster.uniform_ball(600, 2, radius=3.0, rng=rng)
    eb = cluster.elbow_study(x_blobs, KS, rng=rng, n_init=5)
    ed = cluster.elbow_study(disc, KS, rng=rng, n_init=5)
    km_disc = cluster.kmeans(disc, 4, rng=rng)
    return disc, eb, ed, km_disc


def chapter_moons():
    rng = np.random.default_rng(MOONS_SEED)
    moons = cluster.two_moons(300, noise=0.08, rng=rng)
    km = cluster.kmeans(moons.x, 2, rng=rng)
    sc = cluster.spectral_clustering(moons.x, 2, rng=rng)
    return moons, km, sc


def wcss_tol(trace, n, d):
    """Rounding allowance for 'non-increasing': each WCSS is a sum of n
    squared distances in d coordinates (pairwise summation error well
    below (n + d) u times the sum) and the means carry a rounding of a few
    u; 4 (n + d + 2) u times the largest value bounds both."""
    return 4 * (n + d + 2) * U * float(np.max(trace))


def drop_ratios(w):
    drops = -np.diff(w)
    return drops[:-1] / drops[1:]                     # at k = 2, 3, ...


# ------------------------------------------------------------- figure claims
def test_claim_fig_unsup_elbow():
    """'The best WCSS over restarts, relative to k = 1, never increases with
    k. The blobs' curve bends sharply at k = 4; the disc's falls smoothly
    with no clear elbow. ... k-means cuts the structureless disc into four
    pieces just as confidently as it finds the blobs.'"""
    blobs, km4 = chapter_blobs()
    disc, eb, ed, km_disc = chapter_elbow(blobs.x)
    # caption: "four Gaussian blobs and ... a uniform disc (600 points
    # each)", "k = 4"; alt text: "k from 1 to 10", the blob curve "to about
    # 0.08 at k equals 4", the disc curve "to about 0.1 at k equals 10"
    assert blobs.x.shape == disc.shape == (600, 2) and len(BLOB_CENTRES) == 4
    assert (KS[0], KS[-1]) == (1, 10)
    assert round(eb.wcss[3] / eb.wcss[0], 2) == 0.08
    assert round(ed.wcss[-1] / ed.wcss[0], 1) == 0.1
    for st_, x in [(eb, blobs.x), (ed, disc)]:
        tol = wcss_tol(st_.wcss, *x.shape)
        assert np.all(np.diff(st_.wcss) <= tol)
        # the plotted value is the best of all runs at that k
        best = np.minimum(st_.cold_wcss.min(axis=1), st_.warm_wcss)
        np.testing.assert_array_equal(st_.wcss, best)
    # sharp bend: the drop ratio peaks at k = 4 and is an order of magnitude
    rb, rd = drop_ratios(eb.wcss), drop_ratios(ed.wcss)
    assert int(np.argmax(rb)) + 2 == 4 and rb.max() > 10
    # no clear elbow for the disc: no drop ratio even reaches 3
    assert rd.max() < 3
    # Lloyd's trace of the plotted blob solution is monotone
    assert np.all(np.diff(km4.trace) <= wcss_tol(km4.trace, 600, 2))
    assert cluster.adjusted_rand_index(blobs.y, km4.labels) == 1.0
    # four non-empty cells on the disc, too
    assert np.all(np.bincount(km_disc.labels, minlength=4) > 0)


def test_claim_fig_unsup_pca():
    """'PCA of 300 points ... the legend's variances are the eigenvalues
    lambda_1, lambda_2 of the sample covariance, and the first is much
    larger' (explained-variance ratio = eigenvalue share; var(z1) =
    lambda_1)."""
    rng = np.random.default_rng(PCA_SEED)
    t = np.deg2rad(30.0)
    r = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    cloud = stats.mvn_sample([1.0, 0.5], r @ np.diag([4.0, 0.25]) @ r.T,
                             300, rng)
    pc = spectral.pca(cloud)
    lam = np.linalg.eigvalsh(np.cov(cloud, rowvar=False))[::-1]
    # SVD and eigh are backward stable, and forming the 2 x 2 covariance
    # sums n = 300 products: both routes agree to a small multiple of
    # n u relative to lambda_1 (50 n u leaves room for the constants)
    tol = 50 * 300 * U
    np.testing.assert_allclose(pc.explained_variance_ratio,
                               lam / lam.sum(), rtol=0, atol=tol)
    np.testing.assert_allclose(pc.scores.var(axis=0, ddof=1), lam,
                               rtol=tol)
    assert pc.explained_variance_ratio[0] > 0.9
    # caption: "300 points ... variances 4 and 0.25 ... turned by 30°";
    # alt text: "PC1 94 percent", "PC2 6 percent", first-axis scores "from
    # about minus 5 to 6"
    assert cloud.shape == (300, 2)
    np.testing.assert_allclose(pc.explained_variance_ratio, [0.94, 0.06],
                               atol=0.005)
    assert round(pc.scores[:, 0].min()) == -5
    assert round(pc.scores[:, 0].max()) == 6
    # the projection on PC1 is the orthogonal one: residuals _|_ v1
    fit1 = spectral.pca(cloud, n_components=1)
    rec = cluster.pca_reconstruct(fit1, cluster.pca_transform(fit1, cloud))
    assert np.max(np.abs((cloud - rec) @ fit1.components[0])) < 1e-12
    sse = np.sum((cloud - rec) ** 2)
    np.testing.assert_allclose(sse / 299, lam[1], rtol=tol)


def test_claim_fig_unsup_moons():
    """'k-means ... cuts across both crescents. ... each crescent collapses
    to a tight group on the unit circle ... the resulting spectral
    clustering recovers the two crescents' (ARI near 1 for spectral,
    clearly lower for k-means, over ten seeds)."""
    moons, km, sc = chapter_moons()
    assert moons.x.shape == (300, 2)        # caption: "300 points"
    assert len(MOON_SEEDS) == 10            # prose: "10 draws"
    assert cluster.adjusted_rand_index(moons.y, sc.labels) == 1.0
    # k-means cuts across: each of its clusters holds a sizeable part of
    # both moons, and its WCSS is below that of the true crescents
    table = np.array([[np.sum((km.labels == j) & (moons.y == i))
                       for j in range(2)] for i in range(2)])
    assert table.min() >= 30
    assert km.wcss < cluster.within_cluster_ss(moons.x, moons.y)
    # the embedding: 95% of rows within 0.1 of their k-means centre, and
    # the two centres more than 1 apart on the unit circle
    c = sc.kmeans.centers
    dist = np.linalg.norm(sc.embedding - c[sc.labels], axis=1)
    assert np.quantile(dist, 0.95) < 0.1
    assert np.linalg.norm(c[0] - c[1]) > 1.0
    np.testing.assert_allclose(np.linalg.norm(sc.embedding, axis=1), 1.0,
                               atol=1e-12)
    # over the ten seeds of the chapter
    ari = []
    for s in MOON_SEEDS:
        r = np.random.default_rng(s)
        d = cluster.two_moons(300, noise=0.08, rng=r)
        a_km = cluster.adjusted_rand_index(
            d.y, cluster.kmeans(d.x, 2, rng=r).labels)
        a_sc = cluster.adjusted_rand_index(
            d.y, cluster.spectral_clustering(d.x, 2, rng=r).labels)
        ari.append((a_km, a_sc))
    ari = np.array(ari)
    assert ari[:, 1].min() >= 0.95 and ari[:, 1].mean() >= 0.98
    assert ari[:, 0].max() <= 0.5


# ------------------------------------------------------------ data sets
class TestTwoMoons:
    def test_shape_labels_and_noise_free_arcs(self):
        d = cluster.two_moons(7, noise=0.0, rng=np.random.default_rng(0))
        assert d.x.shape == (7, 2) and d.y.tolist() == [0, 0, 0, 1, 1, 1, 1]
        np.testing.assert_allclose(np.hypot(*d.x[:3].T), 1.0)
        inner = d.x[3:] - np.array([1.0, 0.5])
        np.testing.assert_allclose(np.hypot(*inner.T), 1.0)
        assert np.all(d.x[:3, 1] >= 0) and np.all(inner[:, 1] <= 0)

    def test_statistics_match_make_moons(self):
        """Per-moon means against the analytic values, which sklearn's
        make_moons (equally spaced angles) also reproduces; tolerance 4
        Monte Carlo standard errors."""
        n, eta = 20_000, 0.1
        d = cluster.two_moons(n, noise=eta, rng=np.random.default_rng(1))
        xs, ys = skdata.make_moons(n, noise=eta, random_state=1)
        assert xs.shape == d.x.shape
        np.testing.assert_array_equal(np.bincount(ys), np.bincount(d.y))
        # t ~ U(0, pi): E cos = 0, Var cos = 1/2; E sin = 2/pi,
        # Var sin = 1/2 - 4/pi^2; plus the noise variance eta^2
        mean0 = np.array([0.0, 2 / np.pi])
        mean1 = np.array([1.0, 0.5 - 2 / np.pi])
        sd = np.sqrt(np.array([0.5, 0.5 - 4 / np.pi**2]) + eta**2)
        se = sd / np.sqrt(n // 2)
        for lab, mu in [(0, mean0), (1, mean1)]:
            assert np.all(np.abs(d.x[d.y == lab].mean(0) - mu) < 4 * se)
            # make_moons is a different sample of the same population
            assert np.all(np.abs(xs[ys == lab].mean(0) - mu) < 4 * se)
            # spreads: the sample sd has se ~ sd / sqrt(2 n)
            np.testing.assert_allclose(d.x[d.y == lab].std(0, ddof=1), sd,
                                       atol=float(4 * sd.max()
                                                  / np.sqrt(n)))

    @pytest.mark.parametrize("kw, match", [
        (dict(n_samples=1, noise=0.1), "n_samples"),
        (dict(n_samples=10, noise=-0.1), "noise"),
        (dict(n_samples=10, noise=np.nan), "noise"),
        (dict(n_samples=10, noise=1e301), "noise"),
        (dict(n_samples=10.0, noise=0.1), "n_samples"),
    ])
    def test_bad_input(self, kw, match):
        with pytest.raises(ValueError, match=match):
            cluster.two_moons(rng=np.random.default_rng(0), **kw)

    def test_needs_generator(self):
        with pytest.raises(TypeError, match="rng"):
            cluster.two_moons(10, noise=0.1, rng=0)


class TestGaussianBlobs:
    def test_means_and_spreads(self):
        c = np.array([[0.0, 0.0, 0.0], [5.0, -5.0, 2.0]])
        d = cluster.gaussian_blobs([4000, 6000], c, scale=[0.5, 2.0],
                                   rng=np.random.default_rng(2))
        assert d.x.shape == (10_000, 3)
        np.testing.assert_array_equal(np.bincount(d.y), [4000, 6000])
        for j, (n, s) in enumerate([(4000, 0.5), (6000, 2.0)]):
            pts = d.x[d.y == j]
            # 4 standard errors of the mean and of the sd
            assert np.all(np.abs(pts.mean(0) - c[j]) < 4 * s / math.sqrt(n))
            assert np.all(np.abs(pts.std(0, ddof=1) - s)
                          < 4 * s / math.sqrt(2 * n))

    @pytest.mark.parametrize("args, kw, match", [
        (([0, 2], [[0.0], [1.0]]), {}, "sizes"),
        (([2.0, 2.0], [[0.0], [1.0]]), {}, "sizes"),
        (([2, 2, 2], [[0.0], [1.0]]), {}, "sizes"),
        (([2, 2], [[0.0], [np.inf]]), {}, "centers"),
        (([2, 2], [[0.0], [1.0]]), {"scale": -1.0}, "scale"),
        (([2, 2], [[0.0], [1.0]]), {"scale": [1.0, 1.0, 1.0]}, "scale"),
        (([100, 100], [[0.0], [np.finfo(float).max]]), {"scale": 1e300},
         "centers and scale"),
    ])
    def test_bad_input(self, args, kw, match):
        kw = {"scale": 1.0, **kw}
        with pytest.raises(ValueError, match=match):
            cluster.gaussian_blobs(*args, rng=np.random.default_rng(0), **kw)


class TestUniformBall:
    @pytest.mark.parametrize("dim", [1, 2, 3, 5])
    def test_radius_law(self, dim):
        """(|x|/R)^d ~ U(0, 1): mean 1/2 with se sqrt(1/12 / n); the mean
        point is 0 with se R / sqrt(n) per coordinate (bound on its sd)."""
        n, r = 20_000, 2.5
        x = cluster.uniform_ball(n, dim, radius=r,
                                 rng=np.random.default_rng(dim))
        u = (np.linalg.norm(x, axis=1) / r) ** dim
        assert np.all(u <= 1.0 + 1e-12)
        assert abs(u.mean() - 0.5) < 4 * math.sqrt(1 / 12 / n)
        assert np.all(np.abs(x.mean(0)) < 4 * r / math.sqrt(n))

    @pytest.mark.parametrize("kw, match", [
        (dict(n_samples=0), "n_samples"), (dict(dim=0), "dim"),
        (dict(radius=0.0), "radius"), (dict(radius=1e301), "radius"),
    ])
    def test_bad_input(self, kw, match):
        kw = {"n_samples": 5, **kw}
        with pytest.raises(ValueError, match=match):
            cluster.uniform_ball(rng=np.random.default_rng(0), **kw)


# ---------------------------------------------------------------- k-means
def separated_blobs(seed=0, k=5, n=80, d=3):
    rng = np.random.default_rng(seed)
    c = rng.uniform(-20, 20, size=(k, d))
    return cluster.gaussian_blobs([n] * k, c, scale=0.5, rng=rng)


class TestKMeans:
    def test_inertia_matches_sklearn(self):
        """On well separated blobs both find the global optimum: the best
        WCSS equals sklearn's inertia_ to a rounding allowance."""
        data = separated_blobs()
        ours = cluster.kmeans(data.x, 5, rng=np.random.default_rng(0))
        sk = skcluster.KMeans(5, n_init=10, random_state=0).fit(data.x)
        n, d = data.x.shape
        assert abs(ours.wcss - sk.inertia_) <= wcss_tol([ours.wcss], n, d)
        assert cluster.adjusted_rand_index(ours.labels, sk.labels_) == 1.0

    def test_lloyd_matches_sklearn_from_same_start(self):
        """Same data, same initial centres, exact Lloyd (tol=0): the same
        fixed point, labels identical, centres and WCSS to rounding."""
        rng = np.random.default_rng(3)
        x = rng.standard_normal((300, 2)) * [3.0, 1.0]
        init = x[:6].copy()
        ours = cluster.lloyd(x, init)
        sk = skcluster.KMeans(6, init=init, n_init=1, algorithm="lloyd",
                              tol=0.0, max_iter=300).fit(x)
        assert ours.converged
        np.testing.assert_array_equal(ours.labels, sk.labels_)
        np.testing.assert_allclose(ours.centers, sk.cluster_centers_,
                                   atol=1e-12)
        assert abs(ours.wcss - sk.inertia_) <= wcss_tol([ours.wcss], 300, 2)

    @settings(max_examples=40)
    @given(seed=st.integers(0, 10_000), k=st.integers(1, 7),
           n=st.integers(8, 60), d=st.integers(1, 4))
    def test_trace_is_monotone_and_consistent(self, seed, k, n, d):
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, d)) * rng.uniform(0.1, 10, size=d)
        res = cluster.lloyd(x, x[rng.choice(n, k, replace=False)])
        assert res.trace.shape == (res.n_iter + 1,)
        assert np.all(np.diff(res.trace) <= wcss_tol(res.trace, n, d))
        assert res.wcss == res.trace[-1]
        # the reported WCSS is that of (centers, labels)
        direct = within_direct(x, res.labels, res.centers)
        assert abs(res.wcss - direct) <= wcss_tol([direct], n, d)
        if res.converged:
            # a fixed point: centres are the means, labels the nearest
            np.testing.assert_allclose(
                res.centers, [x[res.labels == j].mean(0) for j in range(k)],
                atol=1e-12 * (1 + np.abs(x).max()))
            dist = cdist(x, res.centers, "sqeuclidean")
            assert np.all(dist[np.arange(n), res.labels]
                          <= dist.min(axis=1) * (1 + 1e-12) + 1e-300)

    def test_empty_cluster_is_relocated_deterministically(self):
        """A centre far from all data loses every point at the first
        assignment; it moves to the point farthest from its cluster mean
        (here x = 10), and the WCSS never rises."""
        x = np.array([[0.0], [1.0], [2.0], [10.0]])
        res = cluster.lloyd(x, [[0.0], [100.0]])
        assert res.converged
        np.testing.assert_allclose(np.sort(res.centers[:, 0]), [1.0, 10.0])
        assert res.wcss == 2.0
        assert np.all(np.diff(res.trace) <= 0)
        # twice the same start, twice the same answer
        again = cluster.lloyd(x, [[0.0], [100.0]])
        np.testing.assert_array_equal(res.labels, again.labels)

    def test_duplicate_centres_split(self):
        x = np.array([[0.0], [1.0], [5.0], [6.0]])
        res = cluster.lloyd(x, [[0.0], [0.0]])
        assert res.wcss == 1.0
        assert len(set(res.labels.tolist())) == 2

    def test_restarts_keep_the_best(self):
        data = separated_blobs(seed=4, k=8, n=20, d=2)
        res = cluster.kmeans(data.x, 8, rng=np.random.default_rng(1),
                             n_init=7)
        assert res.restart_wcss.shape == (7,)
        assert res.wcss == res.restart_wcss.min()

    def test_scale_law(self):
        """Scaling the data by 2**40 scales the WCSS by 2**80 exactly and
        leaves the labels unchanged (the package scales by powers of two)."""
        data = separated_blobs(seed=5)
        a = cluster.kmeans(data.x, 5, rng=np.random.default_rng(2))
        b = cluster.kmeans(data.x * 2.0**40, 5, rng=np.random.default_rng(2))
        np.testing.assert_array_equal(a.labels, b.labels)
        assert b.wcss == a.wcss * 2.0**80

    def test_wcss_overflow_is_an_error(self):
        x = separated_blobs(seed=6).x * 1e300
        with pytest.raises(ValueError, match="x"):
            cluster.kmeans(x, 5, rng=np.random.default_rng(0))

    def test_random_init_and_kmeans_pp(self):
        data = separated_blobs(seed=7)
        for init in ("random", "k-means++"):
            res = cluster.kmeans(data.x, 5, rng=np.random.default_rng(0),
                                 init=init, n_init=3)
            assert res.centers.shape == (5, 3)

    @pytest.mark.parametrize("args, kw, match", [
        (([[0.0], [1.0]], 3), {}, "n_clusters"),
        (([[0.0], [0.0], [0.0]], 2), {}, "distinct"),
        (([[0.0], [1.0]], 0), {}, "n_clusters"),
        (([[0.0], [np.nan]], 1), {}, "x"),
        (([0.0, 1.0], 1), {}, "x"),
        (([[0.0], [1.0]], 1), {"n_init": 0}, "n_init"),
        (([[0.0], [1.0]], 1), {"n_init": 10**6}, "n_init"),
        (([[0.0], [1.0]], 1), {"max_iter": 0}, "max_iter"),
        (([[0.0], [1.0]], 1), {"init": "forgy"}, "init"),
        (([[0.0], [1.0]], True), {}, "n_clusters"),
    ])
    def test_bad_input(self, args, kw, match):
        with pytest.raises(ValueError, match=match):
            cluster.kmeans(*args, rng=np.random.default_rng(0), **kw)

    def test_bad_rng(self):
        with pytest.raises(TypeError, match="rng"):
            cluster.kmeans([[0.0], [1.0]], 1, rng=None)

    @pytest.mark.parametrize("args, kw, match", [
        (([[0.0], [1.0]], [[0.0, 1.0]]), {}, "centers"),
        (([[0.0], [1.0]], [[0.0], [1.0], [2.0]]), {}, "centers"),
        (([[0.0], [1.0]], [[np.inf]]), {}, "centers"),
        (([[0.0], [1.0]], [[0.0]]), {"max_iter": -1}, "max_iter"),
        (([[0.0], [1.0]], [[1e308]]), {}, "centers"),
    ])
    def test_lloyd_bad_input(self, args, kw, match):
        with pytest.raises(ValueError, match=match):
            cluster.lloyd(*args, **kw)


def within_direct(x, labels, centers):
    return float(sum(np.sum((x[i] - centers[labels[i]]) ** 2)
                     for i in range(len(x))))


class TestKMeansPlusPlus:
    def test_d2_sampling_frequencies(self):
        """Continuing from the centre 0 on points {0, 1, 3}: D^2 = 0, 1, 9,
        so P(1) = 0.1 and P(3) = 0.9. 2,000 draws; tolerance 4 binomial
        standard errors."""
        rng = np.random.default_rng(8)
        x = [[0.0], [1.0], [3.0]]
        picks = np.array([cluster.kmeans_plus_plus(x, 2, rng=rng,
                                                   centers=[[0.0]])[1, 0]
                          for _ in range(2000)])
        assert set(picks.tolist()) <= {1.0, 3.0}       # D = 0 never drawn
        p = np.mean(picks == 1.0)
        assert abs(p - 0.1) < 4 * math.sqrt(0.1 * 0.9 / 2000)

    def test_centres_are_distinct_data_points(self):
        data = separated_blobs(seed=9)
        c = cluster.kmeans_plus_plus(data.x, 5, rng=np.random.default_rng(0))
        assert c.shape == (5, 3)
        assert len(np.unique(c, axis=0)) == 5
        assert all(np.any(np.all(data.x == ci, axis=1)) for ci in c)

    @pytest.mark.parametrize("kw, match", [
        (dict(centers=[[0.0], [1.0]]), "centers"),
        (dict(centers=[[0.0, 1.0]]), "centers"),
    ])
    def test_bad_input(self, kw, match):
        with pytest.raises(ValueError, match=match):
            cluster.kmeans_plus_plus([[0.0], [1.0], [2.0]], 2,
                                     rng=np.random.default_rng(0), **kw)


class TestElbowStudy:
    def test_warm_start_guarantees_monotonicity(self):
        """Even with a single cold restart per k (which alone need not be
        monotone), the warm-started best curve never rises."""
        x = cluster.uniform_ball(300, 2, rng=np.random.default_rng(1))
        for seed in range(5):
            st_ = cluster.elbow_study(x, np.arange(1, 9), n_init=1,
                                      rng=np.random.default_rng(seed))
            assert np.all(np.diff(st_.wcss) <= wcss_tol(st_.wcss, 300, 2))
            assert st_.cold_wcss.shape == (8, 1)

    def test_k1_is_total_sum_of_squares(self):
        x = np.random.default_rng(2).standard_normal((50, 3))
        st_ = cluster.elbow_study(x, [1, 2], rng=np.random.default_rng(0))
        tss = np.sum((x - x.mean(0)) ** 2)
        assert abs(st_.wcss[0] - tss) <= wcss_tol([tss], 50, 3)

    @pytest.mark.parametrize("ks, match", [
        ([2, 1], "ks"), ([0, 1], "ks"), ([1, 2.5], "ks"), ([1, 9], "ks"),
    ])
    def test_bad_ks(self, ks, match):
        x = [[0.0], [1.0], [2.0], [3.0]]
        with pytest.raises(ValueError, match=match):
            cluster.elbow_study(x, ks, rng=np.random.default_rng(0))


class TestWithinClusterSS:
    @settings(max_examples=40)
    @given(seed=st.integers(0, 10_000), k=st.integers(1, 5),
           n=st.integers(5, 40))
    def test_decomposition_and_pair_form(self, seed, k, n):
        """Total SS = WCSS + between SS (eq-unsup-decomp), and the WCSS of
        each cluster is its pairwise form (eq-unsup-pairwise)."""
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, 2)) * 3
        labels = rng.integers(0, k, size=n)
        w = cluster.within_cluster_ss(x, labels)
        xbar = x.mean(0)
        between = sum(np.sum(labels == j)
                      * np.sum((x[labels == j].mean(0) - xbar) ** 2)
                      for j in np.unique(labels))
        tss = np.sum((x - xbar) ** 2)
        tol = wcss_tol([tss], n, 2)
        assert abs(tss - w - between) <= tol
        d2 = cdist(x, x, "sqeuclidean")
        pair = sum(d2[np.ix_(labels == j, labels == j)].sum()
                   / (2 * np.sum(labels == j)) for j in np.unique(labels))
        assert abs(w - pair) <= 4 * n * tol

    def test_given_centres(self):
        x = [[0.0], [2.0], [10.0]]
        assert cluster.within_cluster_ss(x, [0, 0, 1], [[0.0], [9.0]]) == 5.0

    @pytest.mark.parametrize("args, match", [
        (([[0.0], [1.0]], [0]), "labels"),
        (([[0.0], [1.0]], [0.0, 1.0]), "labels"),
        (([[0.0], [1.0]], [0, 2], [[0.0], [1.0]]), "labels"),
        (([[0.0], [1.0]], [0, 1], [[0.0, 1.0]]), "centers"),
    ])
    def test_bad_input(self, args, match):
        with pytest.raises(ValueError, match=match):
            cluster.within_cluster_ss(*args)


# ------------------------------------------------------------------- PCA
class TestPCAMaps:
    def test_transform_matches_centred_projection(self):
        rng = np.random.default_rng(11)
        x = spectral.sample_with_spectrum(200, [5.0, 1.0, 0.2], rng=rng,
                                          mean=[1.0, 2.0, 3.0])
        fit = spectral.pca(x, n_components=2)
        new = rng.standard_normal((7, 3))
        z = cluster.pca_transform(fit, new)
        np.testing.assert_allclose(z, (new - x.mean(0)) @ fit.components.T,
                                   atol=1e-12)
        # the fitted scores are reproduced
        np.testing.assert_allclose(cluster.pca_transform(fit, x), fit.scores,
                                   atol=1e-12)

    def test_round_trip_with_all_components(self):
        rng = np.random.default_rng(12)
        x = rng.standard_normal((30, 4))
        fit = spectral.pca(x)
        back = cluster.pca_reconstruct(fit, cluster.pca_transform(fit, x))
        np.testing.assert_allclose(back, x, atol=1e-12)

    def test_reconstruction_error_is_discarded_variance(self):
        rng = np.random.default_rng(13)
        x = spectral.sample_with_spectrum(400, [4.0, 2.0, 0.5, 0.1],
                                          rng=rng)
        full = spectral.pca(x)
        for k in (1, 2, 3):
            fit = spectral.pca(x, n_components=k)
            rec = cluster.pca_reconstruct(fit, cluster.pca_transform(fit, x))
            sse = np.sum((x - rec) ** 2)
            np.testing.assert_allclose(
                sse, 399 * full.explained_variance[k:].sum(), rtol=1e-10)

    def test_bad_input(self):
        fit = spectral.pca([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
        with pytest.raises(TypeError, match="result"):
            cluster.pca_transform(tuple(fit), [[0.0, 0.0]])
        with pytest.raises(ValueError, match="x"):
            cluster.pca_transform(fit, [[0.0, 0.0, 0.0]])
        with pytest.raises(ValueError, match="x"):
            cluster.pca_transform(fit, [[np.nan, 0.0]])
        with pytest.raises(ValueError, match="scores"):
            cluster.pca_reconstruct(fit, [[0.0, 0.0, 0.0]])
        with pytest.raises(TypeError, match="result"):
            cluster.pca_reconstruct(None, [[0.0, 0.0]])


# ------------------------------------------------------ spectral methods
def moons_data(seed=0, n=200):
    return cluster.two_moons(n, noise=0.08, rng=np.random.default_rng(seed))


class TestBandwidth:
    def test_median_matches_pdist(self):
        x = moons_data().x
        assert cluster.bandwidth_heuristic(x, method="median") == \
            pytest.approx(np.median(pdist(x)), rel=1e-14)

    @pytest.mark.parametrize("m", [1, 3, 7])
    def test_knn_matches_kdtree(self, m):
        x = moons_data(1).x
        dist, _ = cKDTree(x).query(x, k=m + 1)        # first is the point
        assert cluster.bandwidth_heuristic(x, n_neighbors=m) == \
            pytest.approx(np.median(dist[:, m]), rel=1e-14)

    @pytest.mark.parametrize("kw, match", [
        (dict(method="mean"), "method"), (dict(n_neighbors=0), "n_neighbors"),
        (dict(n_neighbors=4), "n_neighbors"),
    ])
    def test_bad_input(self, kw, match):
        with pytest.raises(ValueError, match=match):
            cluster.bandwidth_heuristic([[0.0], [1.0], [2.0], [3.0]], **kw)

    def test_coincident_points(self):
        with pytest.raises(ValueError, match="x"):
            cluster.bandwidth_heuristic([[1.0], [1.0], [1.0]],
                                        method="median")


class TestAffinityAndLaplacian:
    def test_affinity_formula(self):
        x = moons_data(2, 50).x
        w = cluster.gaussian_affinity(x, 0.3)
        ref = np.exp(-cdist(x, x, "sqeuclidean") / (2 * 0.3**2))
        np.fill_diagonal(ref, 0.0)
        # exp of an argument with relative error ~ 4u: relative error of W
        # ~ 4u |argument| <= 4u * 50 (largest argument here), < 1e-13
        np.testing.assert_allclose(w, ref, rtol=1e-13, atol=1e-300)
        np.testing.assert_array_equal(w, w.T)

    def test_laplacian_matches_scipy(self):
        w = cluster.gaussian_affinity(moons_data(3, 60).x, 0.2)
        lap = cluster.normalized_laplacian(w)
        ref = csgraph.laplacian(w, normed=True)
        # entries are w_il / sqrt(d_i d_l) <= 1, each from a degree sum of
        # 60 terms and two square roots: |error| <= (60 + 4) u < 1e-14
        np.testing.assert_allclose(lap, ref, atol=1e-14)
        # self-loops are ignored, as in scipy
        w2 = w + np.diag(np.full(60, 3.0))
        np.testing.assert_allclose(cluster.normalized_laplacian(w2), ref,
                                   atol=1e-14)
        lam = np.linalg.eigvalsh(lap)
        assert lam.min() > -1e-12 and lam.max() < 2 + 1e-12

    def test_laplacian_is_scale_invariant(self):
        w = cluster.gaussian_affinity(moons_data(4, 40).x, 0.2)
        base = cluster.normalized_laplacian(w)
        for s in (2.0**-900, 2.0**900):
            np.testing.assert_allclose(cluster.normalized_laplacian(w * s),
                                       base, atol=1e-14)

    @pytest.mark.parametrize("w, match", [
        ([[0.0, 1.0], [2.0, 0.0]], "symmetric"),
        ([[0.0, -1.0], [-1.0, 0.0]], "non-negative"),
        ([[0.0, 0.0], [0.0, 0.0]], "isolated"),
        ([[0.0, 1.0, 0.0]], "square"),
        ([[np.nan, 1.0], [1.0, 0.0]], "w"),
    ])
    def test_laplacian_bad_input(self, w, match):
        with pytest.raises(ValueError, match=match):
            cluster.normalized_laplacian(w)

    def test_affinity_bad_bandwidth(self):
        for bw in (0.0, -1.0, np.inf):
            with pytest.raises(ValueError, match="bandwidth"):
                cluster.gaussian_affinity([[0.0], [1.0]], bw)


def block_graph(sizes, eps=0.0, seed=0):
    """Dense positive blocks on the diagonal, weight eps between blocks."""
    rng = np.random.default_rng(seed)
    n = sum(sizes)
    w = np.full((n, n), eps)
    start = 0
    for s in sizes:
        b = rng.uniform(0.5, 1.0, size=(s, s))
        w[start:start + s, start:start + s] = (b + b.T) / 2
        start += s
    np.fill_diagonal(w, 0.0)
    return w


class TestSpectralEmbedding:
    def test_eigenpairs(self):
        w = cluster.gaussian_affinity(moons_data(5, 80).x, 0.15)
        emb = cluster.spectral_embedding(w, 3, n_eigenvalues=6)
        lap = csgraph.laplacian(w, normed=True)
        ref = scipy.linalg.eigvalsh(lap)[:6]
        # eigh is backward stable: |error| <= a few n u ||L||, ||L|| <= 2
        np.testing.assert_allclose(emb.eigenvalues, ref, atol=40 * 80 * U)
        v = emb.eigenvectors
        np.testing.assert_allclose(lap @ v, v * emb.eigenvalues[:3],
                                   atol=1e-12)
        np.testing.assert_allclose(v.T @ v, np.eye(3), atol=1e-12)
        np.testing.assert_allclose(np.linalg.norm(emb.embedding, axis=1), 1)

    def test_components_give_zero_eigenvalues(self):
        """k connected components: eigenvalue 0 with multiplicity k, and the
        normalised rows are identical within a component and orthogonal
        across components (von Luxburg 2007, prop. 4)."""
        sizes = [5, 7, 4]
        w = block_graph(sizes)
        emb = cluster.spectral_embedding(w, 3, n_eigenvalues=4)
        np.testing.assert_allclose(emb.eigenvalues[:3], 0.0, atol=1e-12)
        assert emb.eigenvalues[3] > 0.5
        y = emb.embedding
        gram = y @ y.T
        lab = np.repeat([0, 1, 2], sizes)
        same = lab[:, None] == lab[None, :]
        np.testing.assert_allclose(gram[same], 1.0, atol=1e-10)
        np.testing.assert_allclose(gram[~same], 0.0, atol=1e-10)

    def test_bad_input(self):
        w = block_graph([3, 3])
        with pytest.raises(ValueError, match="n_components"):
            cluster.spectral_embedding(w, 7)
        with pytest.raises(ValueError, match="n_eigenvalues"):
            cluster.spectral_embedding(w, 2, n_eigenvalues=0)


class TestEigengapAndNCut:
    def test_eigengap_on_block_graph(self):
        w = block_graph([6, 6, 6, 6], eps=0.01)
        lam = cluster.spectral_embedding(w, 1, n_eigenvalues=8).eigenvalues
        assert cluster.eigengap_k(lam) == 4

    def test_eigengap_bad_input(self):
        with pytest.raises(ValueError, match="eigenvalues"):
            cluster.eigengap_k([0.0, 0.5, 0.2])
        with pytest.raises(ValueError, match="eigenvalues"):
            cluster.eigengap_k([0.0])
        with pytest.raises(ValueError, match="k_max"):
            cluster.eigengap_k([0.0, 0.1, 0.2], k_max=3)

    def test_ncut_by_definition(self):
        rng = np.random.default_rng(14)
        b = rng.uniform(size=(9, 9))
        w = (b + b.T) / 2
        np.fill_diagonal(w, 0.0)
        labels = np.array([3, 3, 7, 7, 7, 1, 1, 1, 1])
        ref = 0.0
        deg = w.sum(1)
        for j in np.unique(labels):
            a = labels == j
            ref += w[np.ix_(a, ~a)].sum() / deg[a].sum()
        assert cluster.normalized_cut(w, labels) == pytest.approx(ref,
                                                                  rel=1e-13)

    @settings(max_examples=40)
    @given(seed=st.integers(0, 10_000), k=st.integers(2, 4),
           n=st.integers(6, 30))
    def test_relaxation_lower_bound(self, seed, k, n):
        """eq-unsup-relax: NCut of every partition into k non-empty parts
        >= sum of the k smallest eigenvalues of L_sym (Ky Fan)."""
        rng = np.random.default_rng(seed)
        b = rng.exponential(size=(n, n))
        w = (b + b.T) / 2
        np.fill_diagonal(w, 0.0)
        labels = np.concatenate([np.arange(k),
                                 rng.integers(0, k, size=n - k)])
        lam = np.linalg.eigvalsh(csgraph.laplacian(w, normed=True))
        # eigvalsh error <= a few n u ||L|| (||L|| <= 2)
        assert cluster.normalized_cut(w, labels) >= lam[:k].sum() \
            - 8 * n * U

    def test_ncut_bad_input(self):
        w = block_graph([3, 3])
        with pytest.raises(ValueError, match="labels"):
            cluster.normalized_cut(w, [0, 1])
        with pytest.raises(ValueError, match="labels"):
            cluster.normalized_cut(w, [0.0] * 6)
        with pytest.raises(ValueError, match="w"):
            cluster.normalized_cut(-w, [0, 0, 0, 1, 1, 1])


class TestSpectralClustering:
    def test_matches_sklearn_on_moons(self):
        """Same affinity (precomputed), both NJW-type pipelines: the same
        partition (ARI 1) on well separated moons."""
        d = moons_data(6, 300)
        ours = cluster.spectral_clustering(d.x, 2,
                                           rng=np.random.default_rng(0))
        w = cluster.gaussian_affinity(d.x, ours.bandwidth)
        sk = skcluster.SpectralClustering(2, affinity="precomputed",
                                          random_state=0).fit(w)
        assert cluster.adjusted_rand_index(ours.labels, sk.labels_) == 1.0
        assert cluster.adjusted_rand_index(d.y, ours.labels) > 0.95

    def test_result_pieces(self):
        d = moons_data(7, 120)
        res = cluster.spectral_clustering(d.x, 2, bandwidth=0.15,
                                          rng=np.random.default_rng(0),
                                          n_eigenvalues=5)
        assert res.bandwidth == 0.15
        assert res.eigenvalues.shape == (5,)
        assert res.embedding.shape == (120, 2)
        np.testing.assert_array_equal(res.labels, res.kmeans.labels)

    def test_isolated_point_names_bandwidth(self):
        x = [[0.0], [0.1], [0.2], [100.0]]
        with pytest.raises(ValueError, match="bandwidth"):
            cluster.spectral_clustering(x, 2, bandwidth=0.1,
                                        rng=np.random.default_rng(0))

    @pytest.mark.parametrize("kw, match", [
        (dict(n_clusters=0), "n_clusters"), (dict(bandwidth=-1.0),
                                             "bandwidth"),
        (dict(n_init=0), "n_init"), (dict(n_eigenvalues=0), "n_eigenvalues"),
    ])
    def test_bad_input(self, kw, match):
        kw = {"n_clusters": 2, **kw}
        with pytest.raises(ValueError, match=match):
            cluster.spectral_clustering(moons_data(8, 20).x,
                                        rng=np.random.default_rng(0), **kw)


# ---------------------------------------------------- comparing partitions
labelings = st.lists(st.integers(0, 4), min_size=2, max_size=60)


class TestRandIndices:
    @settings(max_examples=60)
    @given(a=labelings, seed=st.integers(0, 10_000))
    def test_ari_and_ri_match_sklearn(self, a, seed):
        rng = np.random.default_rng(seed)
        a = np.array(a)
        b = rng.integers(0, rng.integers(1, 6), size=a.size)
        assert cluster.adjusted_rand_index(a, b) == pytest.approx(
            skmetrics.adjusted_rand_score(a, b), rel=1e-12, abs=1e-12)
        assert cluster.rand_index(a, b) == pytest.approx(
            skmetrics.rand_score(a, b), rel=1e-12, abs=1e-12)

    def test_invariance_and_extremes(self):
        a = np.array([0, 0, 1, 1, 2, 2, 2])
        assert cluster.adjusted_rand_index(a, 10 - 3 * a) == 1.0
        assert cluster.adjusted_rand_index([0, 0, 0], [5, 5, 5]) == 1.0
        assert cluster.adjusted_rand_index([0, 1, 2], [2, 0, 1]) == 1.0
        assert cluster.adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == -0.5

    def test_large_labels_exact(self):
        """Pair counts are exact integers: labels beyond 2**40 and n large
        enough that C(n, 2)**2 exceeds int64 still give sklearn's value."""
        rng = np.random.default_rng(15)
        a = rng.integers(0, 3, size=200_000) * 2**40
        b = rng.integers(0, 3, size=200_000)
        assert cluster.adjusted_rand_index(a, b) == pytest.approx(
            skmetrics.adjusted_rand_score(a, b), abs=1e-12)

    @pytest.mark.parametrize("a, b, match", [
        ([0, 1], [0, 1, 1], "labels_true and labels_pred"),
        ([0], [0], "at least 2"),
        ([0.0, 1.0], [0, 1], "labels_true"),
        ([0, 1], [True, False], "labels_pred"),
        ([0, 1], "ab", "labels_pred"),
    ])
    def test_bad_input(self, a, b, match):
        for f in (cluster.adjusted_rand_index, cluster.rand_index):
            with pytest.raises(ValueError, match=match):
                f(a, b)


def brute_force_ari(a, b):
    """ARI from its definition by pair counting: index, expected index
    (Hubert & Arabie's permutation model) and maximum index."""
    n = len(a)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    both = sum(a[i] == a[j] and b[i] == b[j] for i, j in pairs)
    in_a = sum(a[i] == a[j] for i, j in pairs)
    in_b = sum(b[i] == b[j] for i, j in pairs)
    expected = in_a * in_b / len(pairs)
    maximum = (in_a + in_b) / 2
    return 1.0 if maximum == expected else (both - expected) / (
        maximum - expected)


def test_every_pair_of_small_partitions():
    """Exhaustive check on all pairs of labellings of 4 points (3 and 2
    labels) against pair counting from the definition."""
    for a in product(range(3), repeat=4):
        for b in product(range(2), repeat=4):
            assert cluster.adjusted_rand_index(a, b) == pytest.approx(
                brute_force_ari(a, b), abs=1e-14)
