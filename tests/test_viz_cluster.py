"""Tests for execmath.viz.cluster."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection, PathCollection, QuadMesh
from matplotlib.patches import Rectangle

from execmath import cluster, spectral
from execmath.viz import cluster as cviz

RNG_SEED = 0


def _data():
    rng = np.random.default_rng(RNG_SEED)
    blobs = cluster.gaussian_blobs([30, 30, 30],
                                   [[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]],
                                   scale=0.5, rng=rng)
    km = cluster.kmeans(blobs.x, 3, rng=rng, n_init=3)
    return blobs, km


def _scatters(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def _no_new_figure(call):
    before = len(plt.get_fignums())
    with pytest.raises((ValueError, TypeError)):
        call()
    assert len(plt.get_fignums()) == before


class TestPlotElbow:
    def test_curves_and_normalisation(self):
        blobs, _ = _data()
        rng = np.random.default_rng(1)
        st = cluster.elbow_study(blobs.x, np.arange(1, 6), rng=rng, n_init=2)
        st2 = cluster.elbow_study(blobs.x[:40], np.arange(1, 5), rng=rng,
                                  n_init=2)
        fig, ax = plt.subplots()
        assert cviz.plot_elbow([st, st2], ["a", "b"], ax=ax) is ax
        lines = ax.get_lines()
        assert len(lines) == 2
        np.testing.assert_allclose(lines[0].get_ydata(), st.wcss / st.wcss[0])
        np.testing.assert_array_equal(lines[1].get_xdata(), st2.ks)
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a",
                                                                       "b"]

    def test_raw_wcss(self):
        blobs, _ = _data()
        st = cluster.elbow_study(blobs.x, [1, 2, 3],
                                 rng=np.random.default_rng(2), n_init=1)
        fig, ax = plt.subplots()
        cviz.plot_elbow(st, ["only"], normalize=False, ax=ax)
        np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), st.wcss)

    def test_bad_input_leaves_no_figure(self):
        blobs, _ = _data()
        st = cluster.elbow_study(blobs.x, [1, 2], rng=np.random.default_rng(0),
                                 n_init=1)
        _no_new_figure(lambda: cviz.plot_elbow([st], ["a", "b"]))
        _no_new_figure(lambda: cviz.plot_elbow([tuple(st)], ["a"]))
        _no_new_figure(lambda: cviz.plot_elbow([st], ["a"], normalize="yes"))
        _no_new_figure(lambda: cviz.plot_elbow([st], ["a"], ax="axes"))
        with pytest.raises(ValueError, match="names"):
            cviz.plot_elbow([st], "a")


class TestPlotClusters:
    def test_points_centres_and_regions(self):
        blobs, km = _data()
        fig, ax = plt.subplots()
        out = cviz.plot_clusters(blobs.x, km.labels, centers=km.centers,
                                 regions=True, title="t", ax=ax)
        assert out is ax
        pts, cen = _scatters(ax)
        np.testing.assert_allclose(pts.get_offsets(), blobs.x)
        np.testing.assert_allclose(cen.get_offsets(), km.centers)
        assert any(isinstance(c, QuadMesh) for c in ax.collections)
        assert ax.get_title() == "t" and ax.get_aspect() == 1.0
        # the shaded cells are the nearest-centre cells
        mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
        assert set(np.unique(mesh.get_array())) == {0, 1, 2}

    def test_points_only(self):
        blobs, _ = _data()
        fig, ax = plt.subplots()
        cviz.plot_clusters(blobs.x, blobs.y, ax=ax)
        assert len(_scatters(ax)) == 1
        assert not any(isinstance(c, QuadMesh) for c in ax.collections)

    def test_bad_input_leaves_no_figure(self):
        blobs, km = _data()
        x, lab = blobs.x, km.labels
        _no_new_figure(lambda: cviz.plot_clusters(x[:, :1], lab))
        _no_new_figure(lambda: cviz.plot_clusters(x, lab[:-1]))
        _no_new_figure(lambda: cviz.plot_clusters(x, lab.astype(float)))
        _no_new_figure(lambda: cviz.plot_clusters(x, lab, regions=True))
        _no_new_figure(lambda: cviz.plot_clusters(x, np.arange(len(x))))
        _no_new_figure(lambda: cviz.plot_clusters(x, lab, title=3))
        with pytest.raises(ValueError, match="labels"):
            cviz.plot_clusters(x, lab[:-1])
        with pytest.raises(ValueError, match="centers"):
            cviz.plot_clusters(x, lab, centers=[[0.0, 0.0, 0.0]])


class TestPlotPCA:
    def _fit(self):
        rng = np.random.default_rng(3)
        x = spectral.sample_with_spectrum(80, [4.0, 0.3], rng=rng,
                                          mean=[1.0, -1.0])
        return x, spectral.pca(x)

    def test_projection_segments_and_axes(self):
        x, pc = self._fit()
        fig, ax = plt.subplots()
        assert cviz.plot_pca(x, pc, ax=ax) is ax
        (segs,) = [c for c in ax.collections if isinstance(c, LineCollection)]
        s = np.array(segs.get_segments())                 # (n, 2, 2)
        np.testing.assert_allclose(s[:, 0], x)
        # every segment is perpendicular to the first principal axis
        np.testing.assert_allclose((s[:, 1] - s[:, 0]) @ pc.components[0], 0,
                                   atol=1e-12)
        labels = [t.get_text() for t in ax.texts]
        assert any(t.startswith("PC1") for t in labels)
        assert any(t.startswith("PC2") for t in labels)

    def test_scores_histograms(self):
        _, pc = self._fit()
        fig, ax = plt.subplots()
        assert cviz.plot_pca_scores(pc, bins=12, ax=ax) is ax
        bars = [p for p in ax.patches if isinstance(p, Rectangle)]
        assert len(bars) == 24
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert f"{pc.scores[:, 0].var(ddof=1):.2f}" in legend[0]

    def test_bad_input_leaves_no_figure(self):
        x, pc = self._fit()
        pc3 = spectral.pca(np.random.default_rng(0).standard_normal((9, 3)))
        _no_new_figure(lambda: cviz.plot_pca(x, tuple(pc)))
        _no_new_figure(lambda: cviz.plot_pca(x, pc3))
        _no_new_figure(lambda: cviz.plot_pca(x[:, :1], pc))
        _no_new_figure(lambda: cviz.plot_pca_scores(pc, bins=1))
        _no_new_figure(lambda: cviz.plot_pca_scores(None))
        with pytest.raises(TypeError, match="result"):
            cviz.plot_pca_scores(tuple(pc))


class TestPlotEmbeddingAndSpectrum:
    def _result(self):
        d = cluster.two_moons(80, noise=0.05, rng=np.random.default_rng(4))
        return cluster.spectral_clustering(d.x, 2, bandwidth=0.2,
                                           rng=np.random.default_rng(0))

    def test_embedding(self):
        res = self._result()
        fig, ax = plt.subplots()
        out = cviz.plot_embedding(res.embedding, res.labels,
                                  centers=res.kmeans.centers, ax=ax)
        assert out is ax
        pts, cen = _scatters(ax)
        np.testing.assert_allclose(pts.get_offsets(), res.embedding[:, :2])
        np.testing.assert_allclose(cen.get_offsets(), res.kmeans.centers)
        assert len(ax.get_lines()) == 1                   # unit circle

    def test_eigenvalues(self):
        res = self._result()
        fig, ax = plt.subplots()
        assert cviz.plot_eigenvalues(res.eigenvalues, ax=ax) is ax
        np.testing.assert_allclose(ax.get_lines()[0].get_ydata(),
                                   res.eigenvalues)
        k = cluster.eigengap_k(res.eigenvalues)
        assert any(f"k = {k}" in t.get_text() for t in ax.texts)
        fig, ax = plt.subplots()
        cviz.plot_eigenvalues(res.eigenvalues, k=2, ax=ax)
        assert any("k = 2" in t.get_text() for t in ax.texts)

    def test_bad_input_leaves_no_figure(self):
        res = self._result()
        _no_new_figure(lambda: cviz.plot_embedding(res.embedding[:, :1],
                                                   res.labels))
        _no_new_figure(lambda: cviz.plot_embedding(res.embedding,
                                                   res.labels[:3]))
        _no_new_figure(lambda: cviz.plot_embedding(
            res.embedding, res.labels, centers=[[0.0, 0.0, 0.0]]))
        _no_new_figure(lambda: cviz.plot_eigenvalues([0.3, 0.1, 0.2]))
        _no_new_figure(lambda: cviz.plot_eigenvalues(res.eigenvalues, k=0))
        with pytest.raises(ValueError, match="eigenvalues"):
            cviz.plot_eigenvalues([np.nan, 0.1])
