"""Tests for execmath.matcalc against PyTorch (torch.func, torch.autograd),
finite differences and analytic formulas."""

import numpy as np
import pytest
import torch

from execmath import matcalc as mc

# torch 2.13's forward-mode AD (torch.func.jvp / jacfwd) imports a module
# that calls the deprecated torch.jit.script: torch's internals, not ours.
TORCH_JIT_WARNING = pytest.mark.filterwarnings(
    "ignore:`torch.jit.script` is deprecated:DeprecationWarning")


def _layer(rng, m, n):
    W = rng.standard_normal((m, n)) / np.sqrt(n)
    return W, 0.1 * rng.standard_normal(m), rng.standard_normal(n)


def _torch_layer(W, b):
    Wt, bt = torch.from_numpy(W), torch.from_numpy(b)
    return lambda z: torch.tanh(Wt @ z + bt)


def _torch_mlp(layers):
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
    """Caption: "Observe that both titles end in the same number:
    u^T(Jv) = (u^T J)v, although neither product formed J." Checked to
    1e-12 on random inputs, and the JVP and VJP equal torch.func.jvp,
    torch.func.vjp and the products with the explicit Jacobian from
    torch.autograd.functional.jacobian."""
    rng = np.random.default_rng(10 * m + n)
    for _ in range(5):
        W, b, x = _layer(rng, m, n)
        u, v = rng.standard_normal(m), rng.standard_normal(n)
        p = mc.layer_products(W, b, x, u, v)
        assert p.jvp.shape == (m,) and p.vjp.shape == (n,)
        assert abs(p.u_dot_jvp - p.vjp_dot_v) <= 1e-12 * max(
            1.0, abs(p.u_dot_jvp))
        f = _torch_layer(W, b)
        xt = torch.from_numpy(x)
        _, jv = torch.func.jvp(f, (xt,), (torch.from_numpy(v),))
        _, pull = torch.func.vjp(f, xt)
        (uj,) = pull(torch.from_numpy(u))
        J = torch.autograd.functional.jacobian(f, xt).numpy()
        np.testing.assert_allclose(p.jvp, jv.numpy(), rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(p.vjp, uj.numpy(), rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(p.jvp, J @ v, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(p.vjp, u @ J, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(mc.tanh_layer_jacobian(W, b, x), J,
                                   rtol=1e-13, atol=1e-15)


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
    for st in (by_n, by_m):
        np.testing.assert_array_equal(st.forward_sweeps, st.n)
        np.testing.assert_array_equal(st.reverse_sweeps, st.m)
        assert st.max_disagreement <= 1e-10
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
        slope = np.diff(np.log(np.array([lose[-2:], win[-2:]])), axis=1)
        slope = slope[:, 0] / np.log(dims[-1] / dims[-2])
        np.testing.assert_allclose(slope, [2.0, 1.0], atol=0.1)
    # the Jacobians themselves, against torch, for both shapes of problem
    for n, m in [(40, 2), (2, 40)]:
        layers = mc.init_mlp((n, 16, m), rng=rng)
        x = rng.standard_normal(n)
        fwd = mc.jacobian_by_jvps(layers, x)
        rev = mc.jacobian_by_vjps(layers, x)
        J = torch.autograd.functional.jacobian(
            _torch_mlp(layers), torch.from_numpy(x)).numpy()
        assert (fwd.sweeps, rev.sweeps) == (n, m)
        np.testing.assert_allclose(fwd.jacobian, J, rtol=0, atol=1e-10)
        np.testing.assert_allclose(rev.jacobian, J, rtol=0, atol=1e-10)
        np.testing.assert_allclose(fwd.jacobian, rev.jacobian, atol=1e-10)
        cheaper = rev if n > m else fwd
        assert cheaper.total_flops == min(fwd.total_flops, rev.total_flops)
        assert cheaper.total_flops < max(fwd.total_flops, rev.total_flops)


# --------------------------------------------------------------------------
# the tanh layer
# --------------------------------------------------------------------------
@pytest.mark.parametrize("m, n", SHAPES)
def test_tanh_layer_and_jacobian_vs_finite_differences(m, n):
    rng = np.random.default_rng(m + 7 * n)
    W, b, x = _layer(rng, m, n)
    y = mc.tanh_layer(W, b, x)
    np.testing.assert_allclose(y, _torch_layer(W, b)(
        torch.from_numpy(x)).numpy(), rtol=1e-15, atol=1e-16)
    J_fd = _central_jacobian(lambda z: mc.tanh_layer(W, b, z), x)
    J = mc.tanh_layer_jacobian(W, b, x)
    assert J.shape == (m, n)
    np.testing.assert_allclose(J, J_fd, atol=1e-9)
    v, u = rng.standard_normal(n), rng.standard_normal(m)
    np.testing.assert_allclose(mc.tanh_layer_jvp(W, b, x, v), J_fd @ v,
                               atol=1e-9)
    np.testing.assert_allclose(mc.tanh_layer_vjp(W, b, x, u), u @ J_fd,
                               atol=1e-9)


@pytest.mark.parametrize("m, n", SHAPES)
def test_tanh_layer_grads_vs_torch_autograd(m, n):
    """dL/dW = zbar x^T (outer product), dL/db = zbar, dL/dx = W^T zbar for
    L = u^T tanh(Wx + b)."""
    rng = np.random.default_rng(3 * m + n)
    W, b, x = _layer(rng, m, n)
    u = rng.standard_normal(m)
    g = mc.tanh_layer_grads(W, b, x, u)
    Wt = torch.tensor(W, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    (torch.from_numpy(u) @ torch.tanh(Wt @ xt + bt)).backward()
    assert g.W.shape == (m, n) and g.b.shape == (m,) and g.x.shape == (n,)
    np.testing.assert_allclose(g.W, Wt.grad.numpy(), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(g.b, bt.grad.numpy(), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(g.x, xt.grad.numpy(), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(g.x, mc.tanh_layer_vjp(W, b, x, u))
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
    assert good < 1e-14
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
    rng = np.random.default_rng(4)
    sizes = (6, 9, 5, 3)
    layers = mc.init_mlp(sizes, rng=rng)
    x, v, u = (rng.standard_normal(6), rng.standard_normal(6),
               rng.standard_normal(3))
    f = _torch_mlp(layers)
    xt = torch.from_numpy(x)
    acts, primal = mc.mlp_forward(layers, x)
    np.testing.assert_allclose(acts[-1], f(xt).numpy(), rtol=1e-15)
    assert [a.shape for a in acts] == [(6,), (9,), (5,), (3,)]
    jv = mc.mlp_jvp(layers, x, v)
    uj = mc.mlp_vjp(layers, x, u)
    _, jv_t = torch.func.jvp(f, (xt,), (torch.from_numpy(v),))
    (uj_t,) = torch.func.vjp(f, xt)[1](torch.from_numpy(u))
    np.testing.assert_allclose(jv.value, jv_t.numpy(), rtol=1e-13)
    np.testing.assert_allclose(uj.value, uj_t.numpy(), rtol=1e-13)
    pairs = list(zip(sizes[:-1], sizes[1:]))            # (n_l, m_l)
    sweep = sum(2 * q * p + p for q, p in pairs)
    assert jv.flops == uj.flops == sweep
    assert primal == sum(2 * q * p + 2 * p for q, p in pairs)


def test_chain_rule_product_equals_torch_jacobian():
    """J_{g o f}(x) = J_g(f(x)) J_f(x): the explicit product of the layer
    Jacobians is the Jacobian of the composition."""
    rng = np.random.default_rng(6)
    layers = mc.init_mlp((5, 7, 4, 2), rng=rng)
    x = rng.standard_normal(5)
    build = mc.mlp_jacobian(layers, x)
    J = torch.autograd.functional.jacobian(
        _torch_mlp(layers), torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(build.jacobian, J, rtol=1e-13, atol=1e-15)
    assert build.mode == "explicit" and build.sweeps == 0
    # J1 and J2 formed (7*5 + 4*7 + 2*4), J2 @ J1 and J3 @ (J2 J1)
    assert build.sweep_flops == 35 + 28 + 8 + 2 * 28 * 5 + 2 * 8 * 5
    acts, _ = mc.mlp_forward(layers, x)
    J1 = mc.tanh_layer_jacobian(*layers[0], acts[0])
    J2 = mc.tanh_layer_jacobian(*layers[1], acts[1])
    J3 = mc.tanh_layer_jacobian(*layers[2], acts[2])
    np.testing.assert_allclose(J3 @ J2 @ J1, J, rtol=1e-13, atol=1e-15)


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
    At, Wt, yt = map(torch.from_numpy, (A, W, y))
    # linear form
    assert mc.linear_form(a, x) == pytest.approx(a @ x)
    np.testing.assert_allclose(mc.linear_form_grad(a, x), _torch_grad(
        lambda t: torch.from_numpy(a) @ t, x))
    # quadratic form: (A + A^T) x, not 2 A x
    assert mc.quadratic_form(A, x) == pytest.approx(x @ A @ x)
    g = mc.quadratic_form_grad(A, x)
    np.testing.assert_allclose(g, _torch_grad(lambda t: t @ At @ t, x),
                               rtol=1e-13)
    np.testing.assert_allclose(
        g, _fd_grad(lambda z: mc.quadratic_form(A, z), x), atol=1e-8)
    assert np.abs(g - 2 * A @ x).max() > 1e-3
    # least squares in W and in x
    assert mc.squared_residual(W, x, y) == pytest.approx(
        np.sum((W @ x - y) ** 2))
    gW = mc.squared_residual_grad_W(W, x, y)
    assert gW.shape == W.shape
    np.testing.assert_allclose(gW, _torch_grad(
        lambda t: torch.sum((t @ torch.from_numpy(x) - yt) ** 2), W),
        rtol=1e-13)
    np.testing.assert_allclose(
        gW, _fd_grad(lambda w: mc.squared_residual(w, x, y), W), atol=1e-7)
    gx = mc.squared_residual_grad_x(W, x, y)
    np.testing.assert_allclose(gx, _torch_grad(
        lambda t: torch.sum((Wt @ t - yt) ** 2), x), rtol=1e-13)


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
