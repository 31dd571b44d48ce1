"""Tests for execmath.tape: every VJP and JVP rule against finite
differences, PyTorch autograd and mpmath, the sweeps, checkpointing and the
memory count, and hostile input."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from execmath import tape
from execmath.calculus import fd_gradient

U = 2.0**-53                       # unit roundoff of float64


def rng(seed=0):
    return np.random.default_rng(seed)


# one entry per op: (name, builder of the output from leaf Vars, input
# arrays); inputs are moderate so that central differences are accurate
def _ops():
    r = rng(1)
    A, B = r.standard_normal((4, 3)), r.standard_normal((3, 2))
    Z = r.standard_normal((4, 3))
    row, col = r.standard_normal(3), r.standard_normal((4, 1))
    pos = r.uniform(0.5, 2.0, size=(4, 3))
    lab = np.array([0, 2, 1, 1])
    return [
        ("add-broadcast-row", lambda a, b: tape.add(a, b), (Z, row)),
        ("add-broadcast-col", lambda a, b: a + b, (Z, col)),
        ("mul-broadcast", lambda a, b: a * b, (Z, row)),
        ("sub", lambda a, b: a - b, (Z, col)),
        ("neg", lambda a: -a, (Z,)),
        ("matmul", lambda a, b: a @ b, (A, B)),
        ("tanh", tape.tanh, (Z,)),
        ("relu", tape.relu, (Z + 0.05,)),           # away from the kink
        ("exp", tape.exp, (Z,)),
        ("log", tape.log, (pos,)),
        ("sum-all", lambda a: tape.sum(a), (Z,)),
        ("sum-axis0", lambda a: tape.sum(a, axis=0), (Z,)),
        ("sum-keepdims", lambda a: tape.sum(a, axis=1, keepdims=True), (Z,)),
        ("mean-axis1", lambda a: tape.mean(a, axis=1), (Z,)),
        ("mean-all", lambda a: tape.mean(a), (Z,)),
        ("softmax", tape.softmax, (Z,)),
        ("softmax-axis0", lambda a: tape.softmax(a, axis=0), (Z,)),
        ("log_softmax", tape.log_softmax, (Z,)),
        ("cross_entropy", lambda a: tape.cross_entropy(a, lab), (Z,)),
        ("elementwise", lambda a: tape.elementwise(a, np.sin, np.cos), (Z,)),
        ("checkpoint", lambda a, b: tape.checkpoint(
            lambda x, w: tape.tanh(x @ w), a, b), (A, B)),
    ]


OPS = _ops()
IDS = [o[0] for o in OPS]


def _vjp(build, arrays, cot):
    leaves = [tape.Var(a) for a in arrays]
    out = build(*leaves)
    tape.backward(out, cot)
    return out, [v.grad for v in leaves]


# --------------------------------------------------------------------------
# the rules
# --------------------------------------------------------------------------
class TestRules:
    @pytest.mark.parametrize("name,build,arrays", OPS, ids=IDS)
    def test_vjp_matches_central_differences(self, name, build, arrays):
        """<cot, f(x)> is a scalar; its FD gradient is the VJP."""
        out0 = build(*[tape.Var(a) for a in arrays])
        cot = rng(2).standard_normal(out0.shape)
        _, grads = _vjp(build, arrays, cot)
        for i, a in enumerate(arrays):
            def scalar(flat, i=i, a=a):
                args = list(arrays)
                args[i] = flat.reshape(a.shape)
                with tape.no_grad():
                    out = build(*[tape.Var(v, requires_grad=False)
                              for v in args])
                return float(np.sum(cot * out.value))
            fd = fd_gradient(scalar, a.ravel(), h=1e-5, method="central")
            # central differences: |error| ~ h^2 |f'''| / 6 + u |f| / h,
            # about 1e-10 here; 1e-7 leaves a wide margin and still
            # catches any wrong rule (errors of order one)
            np.testing.assert_allclose(grads[i].ravel(), fd, atol=1e-7,
                                       rtol=1e-7)
            assert grads[i].shape == a.shape

    @pytest.mark.parametrize("name,build,arrays", OPS, ids=IDS)
    def test_jvp_is_dual_to_vjp(self, name, build, arrays):
        """The dot-product test <u, J v> = <J^T u, v>."""
        leaves = [tape.Var(a) for a in arrays]
        out = build(*leaves)
        r = rng(3)
        u = r.standard_normal(out.shape)
        vs = [r.standard_normal(a.shape) for a in arrays]
        jv = tape.forward_tangents(out, dict(zip(leaves, vs)))
        tape.backward(out, u)
        lhs = float(np.sum(u * jv))
        rhs = sum(float(np.sum(v.grad * t)) for v, t in zip(leaves, vs))
        scale = (np.linalg.norm(u) * np.linalg.norm(jv)
                 + sum(np.linalg.norm(v.grad) * np.linalg.norm(t)
                       for v, t in zip(leaves, vs)))
        # both sides are sums of at most a few hundred roundings
        assert abs(lhs - rhs) <= 500 * U * scale

    @pytest.mark.parametrize("name,build,arrays", OPS, ids=IDS)
    def test_vjp_matches_torch(self, name, build, arrays):
        torch = pytest.importorskip("torch")
        F = torch.nn.functional
        lab = torch.tensor([0, 2, 1, 1])
        theirs = {
            "add-broadcast-row": lambda a, b: a + b,
            "add-broadcast-col": lambda a, b: a + b,
            "mul-broadcast": lambda a, b: a * b,
            "sub": lambda a, b: a - b,
            "neg": lambda a: -a,
            "matmul": lambda a, b: a @ b,
            "tanh": torch.tanh, "relu": torch.relu, "exp": torch.exp,
            "log": torch.log,
            "sum-all": lambda a: a.sum(),
            "sum-axis0": lambda a: a.sum(0),
            "sum-keepdims": lambda a: a.sum(1, keepdim=True),
            "mean-axis1": lambda a: a.mean(1),
            "mean-all": lambda a: a.mean(),
            "softmax": lambda a: torch.softmax(a, -1),
            "softmax-axis0": lambda a: torch.softmax(a, 0),
            "log_softmax": lambda a: F.log_softmax(a, -1),
            "cross_entropy": lambda a: F.cross_entropy(a, lab),
            "elementwise": torch.sin,
            "checkpoint": lambda a, b: torch.tanh(a @ b),
        }[name]
        out = build(*[tape.Var(a) for a in arrays])
        cot = rng(4).standard_normal(out.shape)
        _, grads = _vjp(build, arrays, cot)
        ins = [torch.tensor(a, requires_grad=True) for a in arrays]
        ref = torch.autograd.grad(theirs(*ins), ins, torch.tensor(cot))
        np.testing.assert_allclose(out.value, theirs(*ins).detach().numpy(),
                                   rtol=50 * U, atol=50 * U)
        for g, r in zip(grads, ref):
            # the same formulas in a different order: a few dozen
            # roundings of quantities of size <= 10
            np.testing.assert_allclose(g, r.numpy(), rtol=100 * U,
                                       atol=1000 * U)


# --------------------------------------------------------------------------
# tanh and its derivative
# --------------------------------------------------------------------------
def _sech2_mp(z):
    with mpmath.workdps(60):
        return float(mpmath.sech(mpmath.mpf(float(z))) ** 2)


class TestTanhDerivative:
    def test_sech2_is_accurate_everywhere(self):
        z = np.r_[np.linspace(-30, 30, 241), [0.0, 1e-8, 100.0, -300.0,
                                              350.0]]
        ref = np.array([_sech2_mp(v) for v in z])
        got = tape.sech2(z)
        # one exp (< 1 ulp) and four roundings: a few u relative
        np.testing.assert_allclose(got, ref, rtol=8 * U, atol=0)

    def test_sech2_underflows_gracefully(self):
        assert tape.sech2(800.0) == 0.0
        assert tape.sech2(-800.0) == 0.0

    def test_naive_formula_cancels(self):
        z = np.array([1.0, 10.0, 18.0])
        rel = np.abs(tape.tanh_derivative_naive(z) / tape.sech2(z) - 1)
        assert rel[0] < 10 * U
        # the model 2u sinh^2 z bounds the error up to a factor ~2
        assert rel[1] < 4 * U * np.sinh(10.0) ** 2
        assert rel[2] > 1e-3

    def test_saturation_band_inverts_sech2(self):
        for tau in (0.5, 0.1, 0.01, 1e-6):
            z = tape.saturation_band(tau)
            assert abs(_sech2_mp(z) - tau) <= 8 * U * tau
        assert tape.saturation_band(1.0) == 0.0

    def test_claim_fig_ad_tanh(self):
        """'the shaded band |z| <= 2.99 is where the derivative is at least
        0.01 ... outside the band a unit passes less than 1 % of the
        gradient it receives ... [1 - tanh^2 z] grows like e^{2z}, is
        already a few per cent at z = 18, and becomes total (the value 0)
        once tanh z rounds to 1.'"""
        zstar = tape.saturation_band(0.01)
        assert f"{zstar:.2f}" == "2.99"
        z = np.linspace(-6, 6, 401)
        d = tape.sech2(z)
        assert np.all(d[np.abs(z) > zstar] < 0.01)
        assert np.all(d[np.abs(z) < zstar] >= 0.01)
        grid = np.linspace(0.0, 25.0, 251)
        naive = tape.tanh_derivative_naive(grid)
        stable = tape.sech2(grid)
        rel = np.abs(naive - stable) / stable
        # grows like e^{2z}: log-slope of the error between z = 4 and 16
        mid = (grid >= 4) & (grid <= 16)
        slope = np.polyfit(grid[mid], np.log(np.maximum(rel[mid], U)), 1)[0]
        assert 1.6 < slope < 2.4
        # a few per cent at z = 18
        assert 1e-2 < rel[grid == 18.0][0] < 1e-1
        zero = grid[naive == 0.0]
        # tanh z rounds to 1 where 2 e^{-2z} < 2^-54, i.e. z > 19.06; the
        # libm tanh may round a little earlier
        assert 18.5 <= zero[0] <= 19.2
        assert np.all(naive[grid >= zero[0]] == 0.0)
        assert np.all(rel[grid >= zero[0]] == 1.0)
        assert np.all(stable > 0)

    def test_tanh_node_uses_sech2(self):
        z = tape.Var([20.0, 30.0])
        tape.backward(tape.sum(tape.tanh(z)))
        assert np.all(z.grad > 0)
        np.testing.assert_allclose(z.grad, [_sech2_mp(20), _sech2_mp(30)],
                                   rtol=8 * U)


# --------------------------------------------------------------------------
# unbroadcast
# --------------------------------------------------------------------------
shapes = st.lists(st.integers(1, 4), min_size=1, max_size=3)


class TestUnbroadcast:
    @given(shape=shapes, data=st.data())
    def test_adjoint_of_broadcasting(self, shape, data):
        """<unbroadcast(g, s), x> = <g, broadcast_to(x, g.shape)>."""
        shape = tuple(shape)
        lead = tuple(data.draw(st.lists(st.integers(1, 3), max_size=2)))
        small = tuple(s if data.draw(st.booleans()) else 1 for s in shape)
        small = small[data.draw(st.integers(0, len(small) - 1)):]
        g = rng(5).standard_normal(lead + shape)
        x = rng(6).standard_normal(small)
        lhs = float(np.sum(tape.unbroadcast(g, small) * x))
        rhs = float(np.sum(g * np.broadcast_to(x, g.shape)))
        # two sums of at most 3*3*4*4*4 products of standard normals
        assert abs(lhs - rhs) <= 1000 * U * float(np.sum(np.abs(g))) * max(
            1.0, float(np.max(np.abs(x))))
        assert tape.unbroadcast(g, small).shape == small

    def test_bias(self):
        g = np.arange(12.0).reshape(4, 3)
        np.testing.assert_array_equal(tape.unbroadcast(g, (3,)),
                                      g.sum(axis=0))
        np.testing.assert_array_equal(tape.unbroadcast(g, ()), g.sum())

    def test_bad_shape(self):
        with pytest.raises(ValueError, match="shape"):
            tape.unbroadcast(np.ones((4, 3)), (2,))
        with pytest.raises(TypeError, match="shape"):
            tape.unbroadcast(np.ones((4, 3)), [3])

    def test_nan(self):
        with pytest.raises(ValueError, match="g"):
            tape.unbroadcast([np.nan, 1.0], (2,))


# --------------------------------------------------------------------------
# graph, sweeps, grad mode
# --------------------------------------------------------------------------
class TestGraph:
    def test_accumulation_for_reused_nodes(self):
        w = tape.Var([2.0, -1.0])
        h = w * w
        tape.backward(tape.sum(h * h + h))         # w^4 + w^2
        np.testing.assert_allclose(w.grad, 4 * w.value**3 + 2 * w.value,
                                   rtol=4 * U)

    def test_gradients_reset_between_calls(self):
        w = tape.Var([3.0])
        loss = tape.sum(w * w)
        tape.backward(loss)
        tape.backward(loss)
        assert w.grad.tolist() == [6.0]

    def test_constants_get_no_gradient(self):
        x = tape.Var(np.ones((2, 2)), requires_grad=False)
        W = tape.Var(np.ones((2, 2)))
        tape.backward(tape.sum(x @ W))
        assert x.grad is None and W.grad is not None

    def test_topological_order(self):
        x = tape.Var(np.ones((3, 2)))
        W = tape.Var(np.ones((2, 2)))
        out = tape.sum(tape.tanh(x @ W) * tape.tanh(x @ W) + x @ W)
        entries = tape.tape_entries(out)
        for e in entries:
            assert all(p < e.index for p in e.parents)
        assert entries[-1].op == "sum"

    def test_deep_graph_has_no_recursion_limit(self):
        x = tape.Var([0.1])
        h = x
        for _ in range(5000):
            h = tape.tanh(h)
        tape.backward(tape.sum(h))
        assert np.isfinite(x.grad).all()

    def test_no_grad(self):
        w = tape.Var([1.0, 2.0])
        assert tape.is_grad_enabled()
        with tape.no_grad():
            assert not tape.is_grad_enabled()
            y = w * w
        assert tape.is_grad_enabled()
        assert y.is_leaf and not y.requires_grad
        with pytest.raises(RuntimeError):
            with tape.no_grad():
                raise RuntimeError("boom")
        assert tape.is_grad_enabled()          # restored after an error

    def test_array_on_the_left(self):
        W = tape.Var(np.ones((3, 2)))
        out = np.ones((4, 3)) @ W
        assert isinstance(out, tape.Var) and out.op == "matmul"
        assert isinstance(2.0 * W, tape.Var)
        assert isinstance(1.0 - W, tape.Var)

    def test_leaf_value_is_a_copy(self):
        a = np.ones(3)
        v = tape.Var(a)
        a[0] = 5.0
        assert v.value[0] == 1.0

    def test_elementwise_wrong_derivative_is_used(self):
        z = tape.Var([0.5, 1.0])
        tape.backward(tape.sum(tape.elementwise(z, np.tanh,
                                                lambda t: 1 - np.tanh(t))))
        np.testing.assert_allclose(z.grad, 1 - np.tanh([0.5, 1.0]))

    def test_forward_tangent_of_a_full_gradient(self):
        x = tape.Var(rng(7).standard_normal((1, 5)))
        W = tape.Var(rng(8).standard_normal((5, 3)), requires_grad=False)
        out = tape.sum(tape.tanh(x @ W))
        tape.backward(out)
        cols = []
        for i in range(5):
            e = np.zeros((1, 5))
            e[0, i] = 1.0
            cols.append(float(tape.forward_tangents(out, {x: e})))
        np.testing.assert_allclose(cols, x.grad.ravel(), rtol=20 * U,
                                   atol=20 * U)

    def test_forward_tangents_unseeded_is_zero(self):
        x = tape.Var([1.0, 2.0])
        y = tape.sum(x * x)
        assert tape.forward_tangents(y, {}) == 0.0

    def test_backward_needs_grad_for_arrays(self):
        with pytest.raises(ValueError, match="grad"):
            tape.backward(tape.Var([1.0, 2.0]) * 2.0)
        with pytest.raises(ValueError, match="grad"):
            tape.backward(tape.Var([1.0, 2.0]) * 2.0, [1.0])

    def test_backward_nonfinite_gradient_refused(self):
        z = tape.Var([1e-300])
        with pytest.raises(ValueError, match="out"):
            tape.backward(tape.sum(tape.log(z) * 1e300 * 1e8))


# --------------------------------------------------------------------------
# memory and checkpointing
# --------------------------------------------------------------------------
class TestMemory:
    def test_graph_memory_counts_saved_arrays_once(self):
        B, n, m = 10, 4, 3
        x = tape.Var(np.ones((B, n)), requires_grad=False)
        W = tape.Var(np.ones((n, m)))
        h = tape.tanh(x @ W)                       # saves z (B, m)
        out = tape.sum(h @ tape.Var(np.ones((m, 1))))   # saves h (B, m)
        rep = tape.graph_memory(out)
        assert rep.activation_bytes == 2 * B * m * 8
        assert rep.saved_bytes == rep.activation_bytes + (B * n + n * m
                                                          + m) * 8
        assert rep.n_ops == 4

    def test_checkpoint_same_gradient_less_memory(self):
        r = rng(9)
        Ws = [tape.Var(r.standard_normal((8, 8)) / 3) for _ in range(6)]
        x = tape.Var(r.standard_normal((5, 8)), requires_grad=False)

        def segment(h, *ws):
            for w in ws:
                h = tape.tanh(h @ w)
            return h

        plain = tape.sum(segment(x, *Ws))
        tape.backward(plain)
        g_plain = [w.grad.copy() for w in Ws]
        mem_plain = tape.graph_memory(plain).activation_bytes
        h = tape.checkpoint(segment, x, *Ws[:3])
        ck = tape.sum(tape.checkpoint(segment, h, *Ws[3:]))
        order = tape.backward(ck)
        for w, g in zip(Ws, g_plain):
            np.testing.assert_array_equal(w.grad, g)   # same operations
        assert tape.graph_memory(ck).activation_bytes < mem_plain
        nodes = [v for v in order if v.op == "checkpoint"]
        assert len(nodes) == 2
        assert all(v.meta["recompute_ops"] == 6 for v in nodes)
        # inside a segment of 3 layers: 3 pre-activations and 2 activations
        assert all(v.meta["recompute_bytes"] == 5 * 5 * 8 * 8 for v in nodes)

    def test_checkpoint_jvp(self):
        r = rng(10)
        W = tape.Var(r.standard_normal((4, 4)))
        x = tape.Var(r.standard_normal((2, 4)))
        v = r.standard_normal((2, 4))
        out_c = tape.checkpoint(lambda h, w: tape.tanh(h @ w), x, W)
        out_p = tape.tanh(x @ W)
        np.testing.assert_allclose(
            tape.forward_tangents(out_c, {x: v}),
            tape.forward_tangents(out_p, {x: v}), rtol=0, atol=0)

    def test_checkpoint_bad_args(self):
        with pytest.raises(TypeError, match="args"):
            tape.checkpoint(lambda a: a, np.ones(3))
        with pytest.raises(TypeError, match="fn"):
            tape.checkpoint(lambda a: 3.0, tape.Var([1.0]))
        with pytest.raises(TypeError, match="fn"):
            tape.checkpoint(3, tape.Var([1.0]))


# --------------------------------------------------------------------------
# stability at extreme inputs
# --------------------------------------------------------------------------
class TestStability:
    def test_cross_entropy_extreme_logits(self):
        z = tape.Var([[1000.0, -1000.0], [-1000.0, 1000.0]])
        loss = tape.cross_entropy(z, [1, 1])
        assert float(loss.value) == pytest.approx(1000.0, rel=1e-15)
        tape.backward(loss)
        np.testing.assert_allclose(z.grad, [[0.5, -0.5], [0.0, 0.0]])

    def test_log_softmax_gradient_without_nan(self):
        z = tape.Var([[0.0, -800.0, 5.0]])
        tape.backward(tape.log_softmax(z), np.array([[0.0, 1.0, 0.0]]))
        p = np.exp(np.array([0.0, -800.0, 5.0]) - 5.0)
        p /= p.sum()
        np.testing.assert_allclose(z.grad[0], np.array([0, 1, 0]) - p,
                                   rtol=4 * U)

    def test_cross_entropy_matches_special(self):
        from execmath import special
        z = rng(11).standard_normal((6, 4)) * 30
        lab = np.array([0, 1, 2, 3, 0, 1])
        assert float(tape.cross_entropy(z, lab).value) == pytest.approx(
            float(np.mean(special.cross_entropy_with_logits(z, lab))),
            rel=4 * U)

    def test_softmax_rows_sum_to_one(self):
        s = tape.softmax(rng(12).standard_normal((5, 7)) * 100).value
        np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=8 * U)

    def test_overflow_is_a_value_error(self):
        with pytest.raises(ValueError, match="a"):
            tape.exp([800.0])
        with pytest.raises(ValueError, match="a"):
            tape.matmul([[1e200]], [[1e200]])
        with pytest.raises(ValueError, match="a"):
            tape.add([1e308], [1e308])


# --------------------------------------------------------------------------
# hostile input
# --------------------------------------------------------------------------
class TestValidation:
    def test_var(self):
        with pytest.raises(ValueError, match="value"):
            tape.Var([np.nan])
        with pytest.raises(TypeError, match="value"):
            tape.Var("abc")
        with pytest.raises(TypeError, match="name"):
            tape.Var([1.0], name=3)
        with pytest.raises(TypeError, match="requires_grad"):
            tape.Var([1.0], requires_grad="yes")

    @pytest.mark.parametrize("fn", [tape.add, tape.mul])
    def test_binary_shapes(self, fn):
        with pytest.raises(ValueError, match="broadcast"):
            fn(np.ones((2, 3)), np.ones(4))
        with pytest.raises(ValueError, match="b"):
            fn(np.ones(2), [np.inf, 1.0])

    def test_matmul(self):
        with pytest.raises(ValueError, match="chain"):
            tape.matmul(np.ones((2, 3)), np.ones((2, 3)))
        with pytest.raises(ValueError, match="2-D"):
            tape.matmul(np.ones(3), np.ones((3, 2)))

    @pytest.mark.parametrize("fn", [tape.tanh, tape.relu, tape.exp,
                                    tape.log, tape.sum, tape.mean,
                                    tape.softmax, tape.log_softmax,
                                    tape.sech2, tape.tanh_derivative_naive])
    def test_unary_rejects_nan_and_strings(self, fn):
        with pytest.raises(ValueError):
            fn([np.nan, 1.0])
        with pytest.raises(TypeError):
            fn("abc")

    def test_log_domain(self):
        with pytest.raises(ValueError, match="a"):
            tape.log([0.0, 1.0])

    def test_axes(self):
        with pytest.raises(ValueError, match="axis"):
            tape.sum(np.ones((2, 3)), axis=2)
        with pytest.raises(TypeError, match="keepdims"):
            tape.sum(np.ones((2, 3)), axis=0, keepdims="yes")
        with pytest.raises(ValueError, match="axis"):
            tape.softmax(np.ones((2, 3)), axis=-3)
        with pytest.raises(ValueError, match="a"):
            tape.softmax(1.0)

    def test_cross_entropy(self):
        with pytest.raises(ValueError, match="labels"):
            tape.cross_entropy(np.zeros((2, 3)), [0, 3])
        with pytest.raises(TypeError, match="labels"):
            tape.cross_entropy(np.zeros((2, 3)), [0.0, 1.0])
        with pytest.raises(ValueError, match="logits"):
            tape.cross_entropy(np.zeros(3), [0])

    def test_elementwise(self):
        with pytest.raises(TypeError, match="fn"):
            tape.elementwise([1.0], None, np.cos)
        with pytest.raises(TypeError, match="dfn"):
            tape.elementwise([1.0], np.sin, 3)
        with pytest.raises(ValueError, match="fn"):
            tape.elementwise([1.0], lambda z: np.ones(2), np.cos)
        with pytest.raises(ValueError, match="fn"):
            tape.elementwise([1.0], lambda z: z * np.nan, np.cos)

    def test_sweeps(self):
        with pytest.raises(TypeError, match="out"):
            tape.backward(None)
        with pytest.raises(TypeError, match="out"):
            tape.topological_order(3)
        x = tape.Var([1.0])
        y = x * 2.0
        with pytest.raises(TypeError, match="seeds"):
            tape.forward_tangents(y, [1.0])
        with pytest.raises(ValueError, match="seeds"):
            tape.forward_tangents(y, {x: [1.0, 2.0]})
        with pytest.raises(ValueError, match="seeds"):
            tape.forward_tangents(y, {tape.Var([1.0]): [1.0]})
        with pytest.raises(TypeError, match="out"):
            tape.graph_memory("x")
        with pytest.raises(TypeError, match="out"):
            tape.tape_entries(None)

    def test_saturation_band(self):
        with pytest.raises(ValueError, match="threshold"):
            tape.saturation_band(1.5)
        with pytest.raises(ValueError, match="threshold"):
            tape.saturation_band(math.nan)
