"""Tests for execmath.matcalc against PyTorch (torch.func, torch.autograd),
finite differences and analytic formulas.

PyTorch is an optional oracle: the tests that need it skip cleanly without
it (``pytest.importorskip``), the others run on any Python.

Tolerances come from forward error bounds propagated through the layers
(``mlp_bounds``): a dot product of length n errs by gamma_n |a||b|, tanh by
an ulp plus |1 - y^2| times its argument's error, and two implementations
of the same formula differ by at most the sum of their bounds.
"""

import math

import numpy as np
import pytest

from execmath import matcalc as mc

U = np.finfo(np.float64).eps / 2        # unit roundoff


def gamma(k):
    """Higham's gamma_k = k u / (1 - k u): the bound of k roundings."""
    return k * U / (1 - k * U)


def _torch():
    return pytest.importorskip("torch", reason="PyTorch is an optional "
                               "oracle; the NumPy oracles run without it")


def mlp_bounds(layers, x, v=None, u=None):
    """Forward error bounds (one implementation) of the output, a JVP along
    v and a VJP along u of a tanh network, propagated layer by layer.

    z = W h + b errs by gamma_(n+1) (|W||h| + |b|) + |W| dh; y = tanh z by
    (1 - y^2) dz + 2u|y| (tanh within an ulp); the slope d = 1 - y^2 by
    2|y| dy + u. A tangent t -> d (W t) errs by |d|(|W| dt + gamma_n |W||t|)
    + dd |W t| + u |d W t|, and a cotangent symmetrically.
    """
    h, dh = np.asarray(x, float), np.zeros(len(x))
    hs, dhs, ds, dds = [], [], [], []
    for W, b in layers:
        aW, n = np.abs(W), W.shape[1]
        z = W @ h + b
        dz = gamma(n + 1) * (aW @ np.abs(h) + np.abs(b)) + aW @ dh
        h = np.tanh(z)
        dh = (1 - h**2) * dz + 2 * U * np.abs(h)
        hs.append(h), dhs.append(dh)
        ds.append(1 - h**2), dds.append(2 * np.abs(h) * dh + U)
    out = {"y": dh}
    if v is not None:
        t, dt = np.asarray(v, float), np.zeros(len(v))
        for (W, _), d, dd in zip(layers, ds, dds):
            aW, n = np.abs(W), W.shape[1]
            wt = np.abs(W @ t)
            t_new = d * (W @ t)
            dt = d * (aW @ dt + gamma(n) * (aW @ np.abs(t))) + dd * wt \
                + U * np.abs(t_new)
            t = t_new
        out["jvp"] = dt
    if u is not None:
        c, dc = np.asarray(u, float), np.zeros(len(u))
        for (W, _), d, dd in zip(reversed(layers), reversed(ds),
                                 reversed(dds)):
            aW, m = np.abs(W), W.shape[0]
            dcu = d * c
            ddcu = np.abs(d) * dc + dd * np.abs(c) + U * np.abs(dcu)
            c = W.T @ dcu
            dc = aW.T @ ddcu + gamma(m) * (aW.T @ np.abs(dcu))
        out["vjp"] = dc
    return out


def jacobian_bound(layers, x):
    """Bound on the entries of the Jacobian: column j is the JVP along e_j
    (forward sweeps, and the explicit product has the same structure)."""
    n = layers[0][0].shape[1]
    return np.stack([mlp_bounds(layers, x, v=np.eye(n)[j])["jvp"]
                     for j in range(n)], axis=1)

# torch 2.13's forward-mode AD (torch.func.jvp / jacfwd) imports a module
# that calls the deprecated torch.jit.script: torch's internals, not ours.
TORCH_JIT_WARNING = pytest.mark.filterwarnings(
    "ignore:`torch.jit.script` is deprecated:DeprecationWarning")


def _layer(rng, m, n):
    W = rng.standard_normal((m, n)) / np.sqrt(n)
    return W, 0.1 * rng.standard_normal(m), rng.standard_normal(n)


def _torch_layer(W, b):
    torch = _torch()
    Wt, bt = torch.from_numpy(W), torch.from_numpy(b)
    return lambda z: torch.tanh(Wt @ z + bt)


def _torch_mlp(layers):
    torch = _torch()
    params = [(torch.from_numpy(W), torch.from_numpy(b)) for W, b in layers]

    def f(z):
        for W, b in params:
            z = torch.tanh(W @ z + b)
        return z
    return f


def _central_jacobian(f, x, h=1e-6):
    cols = [(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)]
    return np.stack(cols, axis=-1)


SHAPES = [(1, 1), (3, 5), (5, 3), (4, 4), (1, 6), (6, 1)]


# --------------------------------------------------------------------------
# Figure claims
# --------------------------------------------------------------------------
@TORCH_JIT_WARNING
@pytest.mark.parametrize("m, n", SHAPES)
def test_claim_fig_chain_jvp_vjp(m, n):
    """Prose under fig-chain-jvp-vjp: "pairing each answer with the vector
    it was not computed from gives the same number": u^T(Jv) = (u^T J)v,
    although neither product formed J. Checked to
    1e-12 on random inputs, and the JVP and VJP equal torch.func.jvp,
    torch.func.vjp and the products with the explicit Jacobian from
    torch.autograd.functional.jacobian."""
    torch = _torch()
    rng = np.random.default_rng(10 * m + n)
    for _ in range(5):
        W, b, x = _layer(rng, m, n)
        u, v = rng.standard_normal(m), rng.standard_normal(n)
        p = mc.layer_products(W, b, x, u, v)
        assert p.jvp.shape == (m,) and p.vjp.shape == (n,)
        bd = mlp_bounds([(W, b)], x, v, u)
        # both dot products, each with the error of its vector and of the
        # final sum: the caption's "same number" to a bound below 1e-12
        gap_bound = (np.abs(u) @ bd["jvp"] + bd["vjp"] @ np.abs(v)
                     + gamma(m) * np.abs(u) @ np.abs(p.jvp)
                     + gamma(n) * np.abs(p.vjp) @ np.abs(v))
        assert gap_bound <= 1e-12 * max(1.0, abs(p.u_dot_jvp))
        assert abs(p.u_dot_jvp - p.vjp_dot_v) <= gap_bound
        f = _torch_layer(W, b)
        xt = torch.from_numpy(x)
        _, jv = torch.func.jvp(f, (xt,), (torch.from_numpy(v),))
        _, pull = torch.func.vjp(f, xt)
        (uj,) = pull(torch.from_numpy(u))
        J = torch.autograd.functional.jacobian(f, xt).numpy()
        # ours and torch's: each within its bound, so within twice it; the
        # products with J add one dot product (gamma_n |J||v|)
        jb = jacobian_bound([(W, b)], x)
        assert np.all(np.abs(p.jvp - jv.numpy()) <= 2 * bd["jvp"])
        assert np.all(np.abs(p.vjp - uj.numpy()) <= 2 * bd["vjp"])
        assert np.all(np.abs(p.jvp - J @ v) <= bd["jvp"] + jb @ np.abs(v)
                      + gamma(n) * np.abs(J) @ np.abs(v))
        assert np.all(np.abs(p.vjp - u @ J) <= bd["vjp"] + np.abs(u) @ jb
                      + gamma(m) * np.abs(u) @ np.abs(J))
        assert np.all(np.abs(mc.tanh_layer_jacobian(W, b, x) - J) <= 2 * jb)


def test_claim_fig_chain_mode_cost():
    """Caption: "flops counted while running n JVP sweeps (forward mode)
    or m VJP sweeps (reverse mode) ... Observe that the curves cross at
    n = m, that reverse mode wins when inputs outnumber outputs and
    forward mode in the opposite case, and that the gap grows in
    proportion to n/m." Prose: the losing curve has log-log slope 2, the
    winning one slope 1; the Jacobians built both ways agree with each
    other and with PyTorch. (Counts, never timings.)"""
    rng = np.random.default_rng(0)
    dims = [1, 2, 4, 8, 32, 128, 256]
    fixed = 4
    by_n = mc.mode_cost_study(dims, fixed=fixed, varying="n", hidden=16,
                              rng=rng)
    by_m = mc.mode_cost_study(dims, fixed=fixed, varying="m", hidden=16,
                              rng=rng)
    # the study's own networks, rebuilt from the same stream of draws, give
    # the bound on the disagreement of the two builds (twice the Jacobian
    # bound of one of them)
    replay = np.random.default_rng(0)
    bounds = {}
    for varying in ("n", "m"):
        worst = 0.0
        for d in dims:
            nn, mm = (d, fixed) if varying == "n" else (fixed, d)
            layers = mc.init_mlp((nn, 16, mm), rng=replay)
            x = replay.standard_normal(nn)
            worst = max(worst, 2 * float(jacobian_bound(layers, x).max()))
        bounds[varying] = worst
    for st in (by_n, by_m):
        np.testing.assert_array_equal(st.forward_sweeps, st.n)
        np.testing.assert_array_equal(st.reverse_sweeps, st.m)
        assert st.max_disagreement <= bounds[st.varying]
        wide, tall = st.n > st.m, st.n < st.m     # many inputs / outputs
        assert wide.any() and tall.any()
        assert np.all(st.reverse_flops[wide] < st.forward_flops[wide])
        assert np.all(st.forward_flops[tall] < st.reverse_flops[tall])
        equal = st.n == st.m
        np.testing.assert_array_equal(st.forward_flops[equal],
                                      st.reverse_flops[equal])
        lose, win = ((st.forward_flops, st.reverse_flops)
                     if st.varying == "n"
                     else (st.reverse_flops, st.forward_flops))
        gap = lose / win
        assert np.all(np.diff(gap[~tall if st.varying == "n" else ~wide])
                      > 0)                        # the gap keeps growing
        ratio_vs_dims = gap[-1] / (dims[-1] / fixed)
        assert 0.5 < ratio_vs_dims < 1.5          # proportional to n/m
        # Flop counts are exact integers: the slopes are those of the count
        # formulas, 2 and 1 up to their lower-order terms (the caption's
        # "slope 2 / slope 1", read at the two largest sizes).
        slope = np.diff(np.log(np.array([lose[-2:], win[-2:]])), axis=1)
        slope = slope[:, 0] / np.log(dims[-1] / dims[-2])
        np.testing.assert_allclose(slope, [2.0, 1.0], atol=0.1)
    # the Jacobians themselves, both ways and (when it is installed)
    # against torch, for both shapes of problem
    for n, m in [(40, 2), (2, 40)]:
        layers = mc.init_mlp((n, 16, m), rng=rng)
        x = rng.standard_normal(n)
        fwd = mc.jacobian_by_jvps(layers, x)
        rev = mc.jacobian_by_vjps(layers, x)
        assert (fwd.sweeps, rev.sweeps) == (n, m)
        jb = jacobian_bound(layers, x)
        assert np.all(np.abs(fwd.jacobian - rev.jacobian) <= 2 * jb)
        cheaper = rev if n > m else fwd
        assert cheaper.total_flops == min(fwd.total_flops, rev.total_flops)
        assert cheaper.total_flops < max(fwd.total_flops, rev.total_flops)
    torch = _torch()
    for n, m in [(40, 2), (2, 40)]:
        layers = mc.init_mlp((n, 16, m), rng=rng)
        x = rng.standard_normal(n)
        fwd = mc.jacobian_by_jvps(layers, x)
        rev = mc.jacobian_by_vjps(layers, x)
        J = torch.autograd.functional.jacobian(
            _torch_mlp(layers), torch.from_numpy(x)).numpy()
        jb = jacobian_bound(layers, x)
        assert np.all(np.abs(fwd.jacobian - J) <= 2 * jb)
        assert np.all(np.abs(rev.jacobian - J) <= 2 * jb)


# --------------------------------------------------------------------------
# the tanh layer
# --------------------------------------------------------------------------
@pytest.mark.parametrize("m, n", SHAPES)
def test_tanh_layer_and_jacobian_vs_finite_differences(m, n):
    rng = np.random.default_rng(m + 7 * n)
    W, b, x = _layer(rng, m, n)
    y = mc.tanh_layer(W, b, x)
    J_fd = _central_jacobian(lambda z: mc.tanh_layer(W, b, z), x)
    J = mc.tanh_layer_jacobian(W, b, x)
    assert J.shape == (m, n)
    # central difference, h = 1e-6: truncation h^2/6 |tanh3| |W_ij|^3 (third derivative)
    # (<= 2 |W|^3) and rounding of y (its bound) over h, plus the rounding
    # of x + h (u |x| |J| / h)
    h = 1e-6
    dy = mlp_bounds([(W, b)], x)["y"]
    fd = (h**2 / 3 * np.abs(W) ** 3 + dy[:, None] / h
          + U * np.abs(x).max() * np.abs(J) / h)                  # (m, n)
    assert np.all(np.abs(J - J_fd) <= fd + 2 * jacobian_bound([(W, b)], x))
    v, u = rng.standard_normal(n), rng.standard_normal(m)
    assert np.all(np.abs(mc.tanh_layer_jvp(W, b, x, v) - J_fd @ v)
                  <= fd @ np.abs(v) + 2 * mlp_bounds([(W, b)], x, v)["jvp"]
                  + gamma(n) * np.abs(J_fd) @ np.abs(v))
    assert np.all(np.abs(mc.tanh_layer_vjp(W, b, x, u) - u @ J_fd)
                  <= np.abs(u) @ fd + 2 * mlp_bounds([(W, b)], x,
                                                     u=u)["vjp"]
                  + gamma(m) * np.abs(u) @ np.abs(J_fd))
    torch = _torch()
    assert np.all(np.abs(y - _torch_layer(W, b)(torch.from_numpy(x)).numpy())
                  <= 2 * dy)


@pytest.mark.parametrize("m, n", SHAPES)
def test_tanh_layer_grads_vs_torch_autograd(m, n):
    """dL/dW = zbar x^T (outer product), dL/db = zbar, dL/dx = W^T zbar for
    L = u^T tanh(Wx + b)."""
    torch = _torch()
    rng = np.random.default_rng(3 * m + n)
    W, b, x = _layer(rng, m, n)
    u = rng.standard_normal(m)
    g = mc.tanh_layer_grads(W, b, x, u)
    Wt = torch.tensor(W, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    (torch.from_numpy(u) @ torch.tanh(Wt @ xt + bt)).backward()
    assert g.W.shape == (m, n) and g.b.shape == (m,) and g.x.shape == (n,)
    # zbar = (1 - y^2) u errs by dd |u| + u|zbar| (dd from mlp_bounds'
    # slope); dW = zbar x^T by |x| that + u |zbar x^T|; dx is the VJP
    y = np.tanh(W @ x + b)
    dy = mlp_bounds([(W, b)], x)["y"]
    dzb = (2 * np.abs(y) * dy + U) * np.abs(u) + U * np.abs((1 - y**2) * u)
    dW = np.outer(dzb, np.abs(x)) + U * np.abs(np.outer((1 - y**2) * u, x))
    assert np.all(np.abs(g.W - Wt.grad.numpy()) <= 2 * dW)
    assert np.all(np.abs(g.b - bt.grad.numpy()) <= 2 * dzb)
    assert np.all(np.abs(g.x - xt.grad.numpy())
                  <= 2 * mlp_bounds([(W, b)], x, u=u)["vjp"])
    # the same computation: bit for bit
    np.testing.assert_array_equal(g.x, mc.tanh_layer_vjp(W, b, x, u))
    assert np.linalg.matrix_rank(g.W) <= 1             # an outer product


def test_layer_bad_input():
    rng = np.random.default_rng(1)
    W, b, x = _layer(rng, 3, 4)
    with pytest.raises(ValueError, match="x"):
        mc.tanh_layer(W, b, np.ones(3))                # W vs x
    with pytest.raises(ValueError, match="b"):
        mc.tanh_layer(W, np.ones(4), x)
    with pytest.raises(ValueError, match="W"):
        mc.tanh_layer(np.ones(4), b, x)                # wrong ndim
    with pytest.raises(ValueError, match="W"):
        mc.tanh_layer_jacobian(np.full((3, 4), np.nan), b, x)
    with pytest.raises(ValueError, match="x"):
        mc.tanh_layer_jacobian(W, b, x[:, None])       # wrong ndim
    with pytest.raises(ValueError, match="v"):
        mc.tanh_layer_jvp(W, b, x, np.ones(3))         # v like y, not x
    with pytest.raises(ValueError, match="u"):
        mc.tanh_layer_vjp(W, b, x, np.ones(4))         # u like x, not y
    with pytest.raises(ValueError, match="u"):
        mc.tanh_layer_grads(W, b, x, [np.nan, 0.0, 0.0])
    with pytest.raises(ValueError, match="v"):
        mc.layer_products(W, b, x, np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="u"):
        mc.layer_products(W, b, x, np.ones(4), np.ones(4))


# --------------------------------------------------------------------------
# the dot-product (duality) test
# --------------------------------------------------------------------------
def test_dot_product_test_passes_correct_and_catches_transpose_bug():
    rng = np.random.default_rng(5)
    W, b, x = _layer(rng, 4, 4)                         # square: bug fits
    good = mc.dot_product_test(lambda v: mc.tanh_layer_jvp(W, b, x, v),
                               lambda u: mc.tanh_layer_vjp(W, b, x, u),
                               4, 4, rng=rng)
    d = 1.0 - mc.tanh_layer(W, b, x) ** 2
    bad = mc.dot_product_test(lambda v: mc.tanh_layer_jvp(W, b, x, v),
                              lambda u: W @ (d * u),    # forgot the transpose
                              4, 4, rng=rng)
    # A correct pair: each side's products round like a dot product of
    # length 4 (gamma_4, relative to the normalising scale) plus the JVP's
    # and VJP's own bounds (relative gamma_(n+m+2) per entry, roughly)
    assert good <= 2 * gamma(4 + 4 + 2) * 4
    assert bad > 1e-3


def test_dot_product_test_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="jvp"):
        mc.dot_product_test(lambda v: v, lambda u: np.ones(2), 2, 3, rng=rng)
    with pytest.raises(ValueError, match="vjp"):
        mc.dot_product_test(lambda v: np.ones(3), lambda u: u, 2, 3, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        mc.dot_product_test(lambda v: v, lambda u: u, 2, 2, rng=0)
    with pytest.raises(ValueError, match="n"):
        mc.dot_product_test(lambda v: v, lambda u: u, 0, 2, rng=rng)


# --------------------------------------------------------------------------
# networks
# --------------------------------------------------------------------------
def test_init_mlp_shapes_and_scale():
    rng = np.random.default_rng(2)
    layers = mc.init_mlp((500, 300, 2), rng=rng, scale=2.0)
    assert [L.W.shape for L in layers] == [(300, 500), (2, 300)]
    assert [L.b.shape for L in layers] == [(300,), (2,)]
    # sample sd of 150,000 normal draws: relative se 1/sqrt(2N) = 0.18%;
    # 2% is 11 standard errors
    assert layers[0].W.std() == pytest.approx(2.0 / np.sqrt(500), rel=0.02)


def test_init_mlp_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="sizes"):
        mc.init_mlp((3,), rng=rng)
    with pytest.raises(ValueError, match="sizes"):
        mc.init_mlp((3, 0, 2), rng=rng)
    with pytest.raises(ValueError, match="scale"):
        mc.init_mlp((3, 2), rng=rng, scale=-1.0)
    with pytest.raises(ValueError, match="rng"):
        mc.init_mlp((3, 2), rng=None)


@TORCH_JIT_WARNING
def test_mlp_sweeps_vs_torch_func_and_flop_formula():
    """Issue 8: this test asserted rtol=1e-15 between NumPy and PyTorch and
    failed on another machine at 2.6e-15; the tolerances are now the
    propagated error bounds of the two implementations."""
    torch = _torch()
    rng = np.random.default_rng(4)
    sizes = (6, 9, 5, 3)
    layers = mc.init_mlp(sizes, rng=rng)
    x, v, u = (rng.standard_normal(6), rng.standard_normal(6),
               rng.standard_normal(3))
    f = _torch_mlp(layers)
    xt = torch.from_numpy(x)
    acts, primal = mc.mlp_forward(layers, x)
    bd = mlp_bounds(layers, x, v, u)
    assert np.all(np.abs(acts[-1] - f(xt).numpy()) <= 2 * bd["y"])
    assert [a.shape for a in acts] == [(6,), (9,), (5,), (3,)]
    jv = mc.mlp_jvp(layers, x, v)
    uj = mc.mlp_vjp(layers, x, u)
    _, jv_t = torch.func.jvp(f, (xt,), (torch.from_numpy(v),))
    (uj_t,) = torch.func.vjp(f, xt)[1](torch.from_numpy(u))
    assert np.all(np.abs(jv.value - jv_t.numpy()) <= 2 * bd["jvp"])
    assert np.all(np.abs(uj.value - uj_t.numpy()) <= 2 * bd["vjp"])
    pairs = list(zip(sizes[:-1], sizes[1:]))            # (n_l, m_l)
    sweep = sum(2 * q * p + p for q, p in pairs)
    assert jv.flops == uj.flops == sweep
    assert primal == sum(2 * q * p + 2 * p for q, p in pairs)


def test_chain_rule_product_equals_torch_jacobian():
    """J_{g o f}(x) = J_g(f(x)) J_f(x): the explicit product of the layer
    Jacobians is the Jacobian of the composition."""
    torch = _torch()
    rng = np.random.default_rng(6)
    layers = mc.init_mlp((5, 7, 4, 2), rng=rng)
    x = rng.standard_normal(5)
    build = mc.mlp_jacobian(layers, x)
    J = torch.autograd.functional.jacobian(
        _torch_mlp(layers), torch.from_numpy(x)).numpy()
    jb = jacobian_bound(layers, x)
    assert np.all(np.abs(build.jacobian - J) <= 2 * jb)
    assert build.mode == "explicit" and build.sweeps == 0
    # J1 and J2 formed (7*5 + 4*7 + 2*4), J2 @ J1 and J3 @ (J2 J1)
    assert build.sweep_flops == 35 + 28 + 8 + 2 * 28 * 5 + 2 * 8 * 5
    acts, _ = mc.mlp_forward(layers, x)
    J1 = mc.tanh_layer_jacobian(*layers[0], acts[0])
    J2 = mc.tanh_layer_jacobian(*layers[1], acts[1])
    J3 = mc.tanh_layer_jacobian(*layers[2], acts[2])
    assert np.all(np.abs(J3 @ J2 @ J1 - J) <= 2 * jb)


def test_jacobian_builds_record_costs():
    rng = np.random.default_rng(8)
    layers = mc.init_mlp((10, 6, 3), rng=rng)
    x = rng.standard_normal(10)
    fwd, rev = mc.jacobian_by_jvps(layers, x), mc.jacobian_by_vjps(layers, x)
    sweep = 2 * 10 * 6 + 6 + 2 * 6 * 3 + 3
    assert (fwd.sweeps, rev.sweeps) == (10, 3)
    assert (fwd.sweep_flops, rev.sweep_flops) == (10 * sweep, 3 * sweep)
    assert fwd.primal_flops == rev.primal_flops
    assert fwd.total_flops == fwd.primal_flops + fwd.sweep_flops
    assert fwd.jacobian.shape == rev.jacobian.shape == (3, 10)


def test_network_bad_input():
    rng = np.random.default_rng(0)
    layers = mc.init_mlp((4, 3, 2), rng=rng)
    with pytest.raises(ValueError, match="x"):
        mc.mlp_forward(layers, np.ones(3))
    with pytest.raises(ValueError, match="v"):
        mc.mlp_jvp(layers, np.ones(4), np.ones(2))
    with pytest.raises(ValueError, match="u"):
        mc.mlp_vjp(layers, np.ones(4), np.ones(4))
    broken = [layers[0], mc.Layer(np.ones((2, 5)), np.ones(2))]
    with pytest.raises(ValueError, match=r"layers\[1\]\.W"):
        mc.jacobian_by_jvps(broken, np.ones(4))
    with pytest.raises(ValueError, match=r"layers\[0\]\.b"):
        mc.jacobian_by_vjps([(np.ones((2, 4)), np.ones(3))], np.ones(4))
    with pytest.raises(ValueError, match="layers"):
        mc.mlp_jacobian([], np.ones(4))
    with pytest.raises(ValueError, match="layers"):
        mc.mlp_jacobian(3, np.ones(4))
    with pytest.raises(ValueError, match="varying"):
        mc.mode_cost_study([2], fixed=2, varying="k", rng=rng)
    with pytest.raises(ValueError, match="dims"):
        mc.mode_cost_study([], fixed=2, varying="n", rng=rng)
    with pytest.raises(ValueError, match="fixed"):
        mc.mode_cost_study([2], fixed=0, varying="n", rng=rng)


# --------------------------------------------------------------------------
# gradient identities
# --------------------------------------------------------------------------
def _torch_grad(f, x):
    torch = _torch()
    t = torch.tensor(x, requires_grad=True)
    f(t).backward()
    return t.grad.numpy()


def _fd_grad(f, x, h=1e-6):
    flat = x.ravel()
    g = [(f((flat + h * e).reshape(x.shape))
          - f((flat - h * e).reshape(x.shape))) / (2 * h)
         for e in np.eye(flat.size)]
    return np.array(g).reshape(x.shape)


def test_identities_vs_torch_and_finite_differences():
    rng = np.random.default_rng(12)
    n, m = 5, 3
    a, x = rng.standard_normal(n), rng.standard_normal(n)
    A = rng.standard_normal((n, n))                     # not symmetric
    W, y = rng.standard_normal((m, n)), rng.standard_normal(m)
    aA, aW, ax = np.abs(A), np.abs(W), np.abs(x)
    # linear form: a dot product, gamma_n |a||x| on either side
    assert abs(mc.linear_form(a, x) - a @ x) <= 2 * gamma(n) * np.abs(a) @ ax
    np.testing.assert_array_equal(mc.linear_form_grad(a, x), a)
    # quadratic form: (A + A^T) x, not 2 A x
    assert abs(mc.quadratic_form(A, x) - x @ A @ x) <= \
        2 * gamma(2 * n) * ax @ aA @ ax
    g = mc.quadratic_form_grad(A, x)
    dg = gamma(n + 1) * (aA + aA.T) @ ax                 # one side
    # central differences are exact for quadratics: rounding of f (its
    # bound gamma_2n |x||A||x|, plus u|f|) over h, and of x +- h
    h = 1e-6
    df = gamma(2 * n + 1) * (ax + h) @ aA @ (ax + h)
    fd = 2 * df / (2 * h) + U * ax.max() * np.abs(g) / h
    assert np.all(np.abs(g - _fd_grad(lambda z: mc.quadratic_form(A, z), x))
                  <= dg + fd)
    assert np.abs(g - 2 * A @ x).max() > 1e-3
    # least squares in W and in x: r = W x - y errs by
    # gamma_(n+1) (|W||x| + |y|) = dr
    r = W @ x - y
    dr = gamma(n + 1) * (aW @ ax + np.abs(y))
    assert abs(mc.squared_residual(W, x, y) - np.sum(r**2)) <= \
        2 * (2 * np.abs(r) @ dr + gamma(m) * r @ r)
    gW = mc.squared_residual_grad_W(W, x, y)
    assert gW.shape == W.shape
    dgW = 2 * np.outer(dr, ax) + 2 * U * np.abs(np.outer(r, x))
    dfW = 2 * (2 * np.abs(r) @ dr + gamma(m) * r @ r) / (2 * h) \
        + U * np.abs(W).max() * np.abs(gW) / h
    assert np.all(np.abs(gW - _fd_grad(
        lambda w: mc.squared_residual(w, x, y), W)) <= dgW + dfW)
    gx = mc.squared_residual_grad_x(W, x, y)
    dgx = 2 * (aW.T @ dr + gamma(m) * aW.T @ np.abs(r))
    torch = _torch()
    At, Wt, yt = map(torch.from_numpy, (A, W, y))
    np.testing.assert_array_equal(mc.linear_form_grad(a, x), _torch_grad(
        lambda t: torch.from_numpy(a) @ t, x))
    assert np.all(np.abs(g - _torch_grad(lambda t: t @ At @ t, x)) <= 2 * dg)
    assert np.all(np.abs(gW - _torch_grad(
        lambda t: torch.sum((t @ torch.from_numpy(x) - yt) ** 2), W))
        <= 2 * dgW)
    assert np.all(np.abs(gx - _torch_grad(
        lambda t: torch.sum((Wt @ t - yt) ** 2), x)) <= 2 * dgx)


def test_identities_bad_input():
    with pytest.raises(ValueError, match="x"):
        mc.linear_form(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match="a"):
        mc.linear_form_grad(np.ones((3, 1)), np.ones(3))
    with pytest.raises(ValueError, match="A"):
        mc.quadratic_form(np.ones((2, 3)), np.ones(3))
    with pytest.raises(ValueError, match="x"):
        mc.quadratic_form_grad(np.eye(3), np.ones(2))
    with pytest.raises(ValueError, match="y"):
        mc.squared_residual(np.ones((2, 3)), np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="x"):
        mc.squared_residual_grad_W(np.ones((2, 3)), np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="W"):
        mc.squared_residual_grad_x(np.full((2, 3), np.nan), np.ones(3),
                                   np.ones(2))


# --------------------------------------------------------------------------
# issue 8: checks that cannot fail, overflow, memory, argument types
# --------------------------------------------------------------------------
class TestIssue8:
    W = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 1.0]])

    @pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
    def test_dot_product_test_fails_on_broken_products(self, bad):
        """Planted fault (the issue's example): a JVP that returns NaN gave
        gap 0.0 because max(0.0, nan) is 0.0. It must report failure."""
        W = self.W
        broken_jvp = mc.dot_product_test(lambda v: np.full(3, bad),
                                         lambda u: W.T @ u, 2, 3,
                                         rng=np.random.default_rng(0))
        broken_vjp = mc.dot_product_test(lambda v: W @ v,
                                         lambda u: np.array([1.0, bad]),
                                         2, 3, rng=np.random.default_rng(0))
        assert broken_jvp == np.inf and broken_vjp == np.inf
        assert not broken_jvp <= 1e-8           # fails any tolerance test

    def test_dot_product_test_at_extreme_scales(self):
        """The gap is scale invariant: a correct pair passes for J scaled by
        1e300 or 1e-300 (the norms and dot products no longer overflow)."""
        for s in (1e300, 1e-300):
            W = s * self.W
            gap = mc.dot_product_test(lambda v: W @ v, lambda u: W.T @ u, 2,
                                      3, rng=np.random.default_rng(0))
            assert gap <= 2 * gamma(3 + 2 + 2) * 3

    @pytest.mark.parametrize("bad", [None, 3, "f"])
    def test_callables_are_named(self, bad):
        with pytest.raises(TypeError, match="jvp"):
            mc.dot_product_test(bad, lambda u: u, 2, 2,
                                rng=np.random.default_rng(0))

    def test_forms_without_intermediate_overflow(self):
        A = np.array([[1e200, 1e200], [-1e200, 1e200]])
        assert mc.quadratic_form(A, [1e-100, 1e-100]) == pytest.approx(
            2.0, rel=8 * U)
        g = mc.quadratic_form_grad(np.diag([1e308, 1e308]), [1e-10, 0.0])
        assert g[0] == pytest.approx(2e298, rel=8 * U)
        with pytest.raises(ValueError, match="x\\^T A x"):
            mc.quadratic_form(np.eye(2), [1e200, 1e200])

    def test_a_saturated_layer_is_not_nan(self):
        """W x = inf - inf used to give NaN; it saturates the tanh."""
        y = mc.tanh_layer([[1e308, 1e308]], [0.0], [1e10, 1e10])
        np.testing.assert_array_equal(y, [1.0])

    def test_jacobian_by_jvps_needs_no_identity_matrix(self):
        import tracemalloc
        layers = mc.init_mlp((1000, 2, 1), rng=np.random.default_rng(0))
        x = np.zeros(1000)
        tracemalloc.start()
        jb = mc.jacobian_by_jvps(layers, x)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert jb.jacobian.shape == (1, 1000)
        assert peak < 100 * x.nbytes        # an eye(1000) is 1000 times x

    @pytest.mark.parametrize("sizes", [None, 5, "3, 2"])
    def test_init_mlp_of_nonsense(self, sizes):
        """Issue example: init_mlp(None) leaked a TypeError about len()."""
        with pytest.raises(TypeError, match="sizes"):
            mc.init_mlp(sizes, rng=np.random.default_rng(0))

    def test_layers_of_nonsense(self):
        with pytest.raises(TypeError, match=r"layers\[0\]"):
            mc.mlp_forward([None], [1.0])


# --------------------------------------------------------------------------
# Chapter claims added with the issue-9 revision
# --------------------------------------------------------------------------
@pytest.mark.parametrize("m, n", SHAPES)
def test_claim_fig_chain_jvp_vjp_slices(m, n):
    """Caption (fig-chain-jvp-vjp): "Observe that the JVP reproduces
    column 3 (orange frame) and the VJP row 2 (green frame), entry for
    entry: building all of J takes n = 7 JVPs or m = 4 VJPs." Every column
    J e_j from tanh_layer_jvp and every row e_i^T J from tanh_layer_vjp
    equals the explicit Jacobian's slice, to the bound of one product,
    and n JVPs (or m VJPs) rebuild J; jacobian_by_jvps/_by_vjps count
    exactly n and m sweeps."""
    rng = np.random.default_rng(100 + 10 * m + n)
    W, b, x = _layer(rng, m, n)
    J = mc.tanh_layer_jacobian(W, b, x)
    jb = jacobian_bound([(W, b)], x)
    cols = np.stack([mc.tanh_layer_jvp(W, b, x, e) for e in np.eye(n)],
                    axis=1)                                  # (m, n)
    rows = np.stack([mc.tanh_layer_vjp(W, b, x, e) for e in np.eye(m)])
    # a product with e_j picks one entry per row: the same rounding as J
    assert np.all(np.abs(cols - J) <= 2 * jb)
    assert np.all(np.abs(rows - J) <= 2 * jb)
    layers = [mc.Layer(W=W, b=b)]
    assert mc.jacobian_by_jvps(layers, x).sweeps == n
    assert mc.jacobian_by_vjps(layers, x).sweeps == m


def test_claim_chain_softmax_jacobian_and_cross_entropy_gradient():
    """Chapter (chain-softmax, eq-chain-softmax, eq-chain-softmax-ce): the
    softmax Jacobian is diag(p) - p p^T (symmetric, rows summing to zero)
    and the gradient of the cross-entropy of the logits is p - y; both
    agree with PyTorch's autograd to rounding."""
    torch = _torch()
    from execmath import numerics
    rng = np.random.default_rng(4)
    for K in (2, 5, 12):
        z = 3 * rng.standard_normal(K)
        cls = int(rng.integers(K))
        p = numerics.softmax(z)
        J = np.diag(p) - np.outer(p, p)
        zt = torch.tensor(z, requires_grad=True)
        Jt = torch.func.jacrev(lambda t: torch.softmax(t, 0))(zt).detach()
        # entries are products of two probabilities (<= 1), each off by a
        # few u: 8u bounds ours and torch's together
        assert np.abs(J - Jt.numpy()).max() <= 8 * U
        np.testing.assert_array_equal(J, J.T)
        assert np.abs(J.sum(axis=1)).max() <= 2 * K * U
        torch.nn.functional.cross_entropy(zt[None],
                                          torch.tensor([cls])).backward()
        g = p - np.eye(K)[cls]
        assert np.abs(g - zt.grad.numpy()).max() <= 8 * U
        # the VJP formula of eq-chain-softmax, without forming J
        uu = rng.standard_normal(K)
        vjp = p * (uu - uu @ p)
        assert np.abs(vjp - uu @ J).max() <= 4 * K * U * np.abs(uu).max()


def test_claim_chain_sech2_against_naive():
    """Chapter (chain-pitfall-sech2): 1 - tanh(z)**2 is off by about 4% at
    z = 18 and by 100% (it returns 0) at z = 19 and 20, while sech^2
    computed from z keeps full relative accuracy (checked against mpmath
    when installed, else against 1 / cosh(z)**2, exact to a few u here)."""
    from execmath import tape
    z = np.array([5.0, 15.0, 18.0, 19.0, 20.0])
    oracle = 1.0 / np.cosh(z) ** 2       # cosh is accurate, no cancellation
    exact = tape.sech2(z)
    assert np.all(np.abs(exact - oracle) <= 8 * U * oracle)
    rel = np.abs(tape.tanh_derivative_naive(z) - exact) / exact
    assert 0.02 < rel[2] < 0.06
    assert np.all(rel[3:] == 1.0)
    assert rel[0] < 1e-10
