"""Tests for execmath.viz.distributions: the right artists on the given Axes,
and the claims of the chapter's two figures read off the drawn artists."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy import stats

from execmath import distributions as dist
from execmath.viz import distributions as dviz

U = 2.0**-53
MIX = ([0.3, 0.7], [-2.0, 1.5], [0.6, 1.0])


def scipy_frozen(family, q):
    return {
        "normal": lambda: stats.norm(q["mu"], q["sigma"]),
        "gamma": lambda: stats.gamma(q["shape"], scale=q["scale"]),
        "poisson": lambda: stats.poisson(q["lam"]),
        "beta": lambda: stats.beta(q["a"], q["b"]),
    }[family]()


def marked(ax):
    """(mean x, height) of the mean dots and (lo, hi, height) of the bars."""
    dots = [ln for ln in ax.get_lines() if ln.get_gid() == "mean"]
    bars = [c for c in ax.collections if c.get_gid() == "spread"]
    means = [(ln.get_xdata()[0], ln.get_ydata()[0]) for ln in dots]
    spreads = [(seg[0][0], seg[1][0], seg[0][1])
               for c in bars for seg in c.get_segments()]
    return means, spreads


@pytest.mark.parametrize("family", ["normal", "gamma", "poisson", "beta"])
def test_claim_fig_dist_families(family):
    """Normal, Gamma, Poisson and Beta densities/masses with each curve's
    mean marked by a dot and its spread by a bar from mean - sd to
    mean + sd: the marked means and standard deviations equal scipy's.
    The mean sits at the peak of the normal curves, right of the peak for
    the gamma curves and beta(2, 5), left of it for beta(6, 1.5), and the
    Poisson bars widen like the square root of the mean."""
    # caption: "beta(2, 5)", "beta(6, 1.5)"; alt text: Poisson "means 1, 4
    # and 10" (the settings the chapter's figure draws by default)
    assert [(q["a"], q["b"]) for q in dviz.FAMILY_EXAMPLES["beta"]][::2] \
        == [(2.0, 5.0), (6.0, 1.5)]
    assert [q["lam"] for q in dviz.FAMILY_EXAMPLES["poisson"]] == \
        [1.0, 4.0, 10.0]
    fig, ax = plt.subplots()
    dviz.plot_family(family, ax=ax)
    means, spreads = marked(ax)
    curves = [ln for ln in ax.get_lines() if ln.get_gid() is None]
    peaks = [c.get_xdata()[np.argmax(c.get_ydata())] for c in curves]
    grid_step = [np.max(np.diff(c.get_xdata())) for c in curves]
    side = {"normal": [0, 0, 0], "gamma": [1, 1, 1], "beta": [1, 0, -1]}
    if family in side:
        for (mx, _), pk, step, s in zip(means, peaks, grid_step, side[family]):
            if s == 0:
                assert abs(mx - pk) <= step           # at the peak
            else:
                assert s * (mx - pk) > step           # off the peak
    else:   # Poisson: half-widths sqrt(lambda)
        half = [(hi - lo) / 2 for lo, hi, _ in spreads]
        lams = [q["lam"] for q in dviz.FAMILY_EXAMPLES["poisson"]]
        np.testing.assert_allclose(half, np.sqrt(lams), rtol=4 * U)
    settings = dviz.FAMILY_EXAMPLES[family]
    assert len(means) == len(spreads) == len(settings) == 3
    for (mx, my), (lo, hi, h), q in zip(means, spreads, settings):
        frozen = scipy_frozen(family, q)
        # closed-form moments vs scipy's: a few roundings (16 u)
        assert mx == pytest.approx(frozen.mean(), rel=16 * U)
        assert (hi - lo) / 2 == pytest.approx(frozen.std(), rel=16 * U)
        assert (hi + lo) / 2 == pytest.approx(frozen.mean(), rel=16 * U,
                                              abs=16 * U)
        # the dot and the bar sit on the curve at the mean
        assert my == h
        if family != "poisson":
            assert my == pytest.approx(frozen.pdf(frozen.mean()), rel=1e-3)
        else:  # between the two stems around the mean
            k0 = math.floor(frozen.mean())
            lo_h, hi_h = sorted(frozen.pmf([k0, k0 + 1]))
            assert lo_h - 1e-12 <= my <= hi_h + 1e-12


class TestPlotFamily:
    def test_returns_given_axes_and_curves(self):
        fig, ax = plt.subplots()
        assert dviz.plot_family("gamma", ax=ax) is ax
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == [r"$k=1,\ \theta=2$", r"$k=3,\ \theta=1$",
                          r"$k=9,\ \theta=0.5$"]
        assert ax.get_title() == "Gamma"
        assert ax.get_ylim()[0] == 0.0

    def test_curve_is_the_density(self):
        fig, ax = plt.subplots()
        dviz.plot_family("beta", [{"a": 2.0, "b": 3.0}], ax=ax)
        curve = ax.get_lines()[0]
        x, y = curve.get_xdata(), curve.get_ydata()
        np.testing.assert_allclose(y, stats.beta.pdf(x, 2.0, 3.0),
                                   rtol=1e-12, atol=1e-12)

    def test_discrete_uses_integer_support(self):
        fig, ax = plt.subplots()
        dviz.plot_family("poisson", [{"lam": 2.0}], ax=ax)
        x = ax.get_lines()[0].get_xdata()
        np.testing.assert_array_equal(x, np.arange(x.size))
        assert ax.get_xlabel() == "$k$"

    def test_new_axes_when_none(self):
        ax = dviz.plot_family("normal")
        assert ax is not None and ax.get_title() == "Normal"

    @pytest.mark.parametrize("family, settings, match", [
        ("cauchy", None, "^family must be one of"),
        ("normal", [], "^settings must be a list"),
        ("normal", [{"mu": 0.0}], "missing"),
        ("normal", [{"mu": 0.0, "sigma": -1.0}], "^sigma must be > 0"),
        ("normal", ["mu"], "^settings must hold dicts"),
    ])
    def test_bad_input_before_any_figure(self, family, settings, match):
        before = len(plt.get_fignums())
        with pytest.raises(ValueError, match=match):
            dviz.plot_family(family, settings)
        assert len(plt.get_fignums()) == before

    def test_bad_ax(self):
        with pytest.raises(TypeError, match="^ax must be"):
            dviz.plot_family("normal", ax="axes")

    def test_bad_legend_loc(self):
        before = len(plt.get_fignums())
        with pytest.raises(ValueError, match="^legend_loc"):
            dviz.plot_family("normal", legend_loc="nowhere")
        assert len(plt.get_fignums()) == before


@pytest.fixture(scope="module")
def study():
    g = np.random.default_rng(0)
    comp = dist.sample("categorical", 600, g, probs=MIX[0])
    x = g.normal(np.array(MIX[1])[comp], np.array(MIX[2])[comp])
    acc = dist.accumulate_likelihood(dist.mixture_logpdf(x, *MIX))
    return acc, dist.mixture_loglik_reference(x, *MIX)


class TestPlotLikelihoodAccumulation:
    def test_artists(self, study):
        acc, _ = study
        fig, ax = plt.subplots()
        assert dviz.plot_likelihood_accumulation(acc, ax=ax) is ax
        lines = ax.get_lines()
        stable, naive = lines[0], lines[1]
        np.testing.assert_allclose(stable.get_ydata(),
                                   acc.loglik / math.log(10.0))
        # the naive curve stops where the product is 0
        assert naive.get_xdata()[-1] == acc.n_zero - 1
        cross = [ln for ln in lines if ln.get_gid() == "underflow"]
        assert len(cross) == 1 and cross[0].get_xdata()[0] == acc.n_zero
        assert cross[0].get_ydata()[0] == pytest.approx(
            -1074 * math.log10(2.0))
        assert f"n$ = {acc.n_zero}" in ax.texts[0].get_text()

    def test_bad_acc(self):
        before = len(plt.get_fignums())
        with pytest.raises(ValueError, match="^acc must be"):
            dviz.plot_likelihood_accumulation(np.zeros(3))
        assert len(plt.get_fignums()) == before


class TestPlotLoglikError:
    def test_artists(self, study):
        acc, ref = study
        fig, ax = plt.subplots()
        assert dviz.plot_loglik_error(acc, ref, ax=ax) is ax
        bound, worst = ax.get_lines()
        np.testing.assert_array_equal(bound.get_ydata(), acc.n + 24.0)
        assert bound.get_label() == r"bound $(n + 24)\,u$"
        assert np.all(np.diff(worst.get_ydata()) >= 0)    # running maximum
        assert ax.get_xscale() == ax.get_yscale() == "log"
        # the drawn errors stay below the drawn bound
        n_w = worst.get_xdata().astype(int)
        assert np.all(worst.get_ydata() <= n_w + 24.0)

    @pytest.mark.parametrize("ref, exc, match", [
        (np.zeros(3), ValueError, "^reference must be"),
        ([1.0, np.nan], ValueError, "^reference must be finite"),
        ("ref", TypeError, "^reference must be a real"),
    ])
    def test_bad_reference(self, study, ref, exc, match):
        acc, _ = study
        before = len(plt.get_fignums())
        with pytest.raises(exc, match=match):
            dviz.plot_loglik_error(acc, ref)
        assert len(plt.get_fignums()) == before

    def test_bad_per_term(self, study):
        acc, ref = study
        with pytest.raises(ValueError, match="^per_term"):
            dviz.plot_loglik_error(acc, ref, per_term=-1.0)
