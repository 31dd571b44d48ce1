"""Tests for execmath.autodiff against PyTorch autograd, analytic partial
derivatives and finite differences.

PyTorch is an optional oracle: its tests skip cleanly without it.

Tolerances: reverse and forward mode both sum, over the paths from a leaf
to the output, products of local derivatives. Each local derivative and
each product rounds (relatively u, and tanh's 1 - y^2 carries the extra
relative error 2 y^2 u / (1 - y^2)), so the error of an adjoint is bounded
by gamma_(c k) times the sum of the |path products| (``abs_adjoints``),
with k the number of nodes: the same bound for PyTorch's implementation.
"""

import math

import numpy as np
import pytest

from execmath import autodiff as ad

try:
    import torch
except ImportError:          # the torch tests skip; the others still run
    torch = None

U = np.finfo(np.float64).eps / 2        # unit roundoff


def gamma(k):
    """Higham's gamma_k = k u / (1 - k u): the bound of k roundings."""
    return k * U / (1 - k * U)


def _need_torch():
    if torch is None:
        pytest.skip("PyTorch is an optional oracle and is not installed")


def abs_adjoints(output):
    """Sum over paths of |products of local derivatives|, per leaf, and the
    bound factor: gamma_(4 k) (1 + max 2y^2/(1 - y^2) over tanh nodes)."""
    order = ad.topological_order(output)
    adj = {id(n): 0.0 for n in order}
    adj[id(output)] = 1.0
    amp = 1.0
    for node in reversed(order):
        if node.op == "tanh":
            y = node.value
            amp = max(amp, 1 + 2 * y * y / max(1 - y * y, 1e-300))
        for p, g in zip(node.parents, node.local_grads):
            adj[id(p)] += abs(g) * adj[id(node)]
    leaves = [n for n in order if not n.parents]
    return {id(n): adj[id(n)] for n in leaves}, \
        2 * gamma(4 * len(order)) * amp


def grad_bound(fn, x):
    """Per-input bound on |computed - exact| gradient entries of fn at x."""
    leaves = [ad.variable(float(v)) for v in x]
    out = fn(*leaves)
    adj, factor = abs_adjoints(out)
    return factor * np.array([adj.get(id(leaf), 0.0) for leaf in leaves])


def _torch_grad(fn_torch, x):
    """Gradient of a scalar torch function at the float64 point x."""
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    fn_torch(*t).backward()
    return t.grad.numpy()


def _tanh_sin(a, b):
    return ad.tanh(a * b + ad.sin(a))


def _tanh_sin_torch(a, b):
    _need_torch()
    return torch.tanh(a * b + torch.sin(a))


# --------------------------------------------------------------------------
# Figure claim
# --------------------------------------------------------------------------
def test_claim_fig_chain_graph():
    """Caption: "Observe that x_1 feeds two nodes, so its adjoint is the
    sum of two paths, and that the input adjoints are the gradient that
    PyTorch's autograd returns." The adjoints equal the analytic partials
    df/dx_1 = (1 - f^2)(x_2 + cos x_1), df/dx_2 = (1 - f^2) x_1 and
    torch.autograd's gradient, at the figure's point and others."""
    for x1, x2 in [(0.8, -0.5), (-1.3, 2.0), (0.1, 0.7), (2.5, -1.5)]:
        f, (n1, n2) = ad.tanh_sin_graph(x1, x2)
        summary = ad.describe_graph(f)
        fv = math.tanh(x1 * x2 + math.sin(x1))
        analytic = np.array([(1 - fv**2) * (x2 + math.cos(x1)),
                             (1 - fv**2) * x1])
        ours = np.array([n1.grad, n2.grad])
        bound = grad_bound(_tanh_sin, [x1, x2])        # per side
        assert np.all(np.abs(ours - analytic) <= 2 * bound)
        if torch is not None:
            assert np.all(np.abs(ours - _torch_grad(_tanh_sin_torch,
                                                    [x1, x2])) <= 2 * bound)
        # the summary the figure draws carries the same numbers
        idx = {name: k for k, name in enumerate(summary.names)}
        assert summary.adjoints[idx["x_1"]] == n1.grad
        assert summary.adjoints[idx["f"]] == 1.0
        # the same operations as math: bit for bit
        assert summary.values[idx["f"]] == fv
        # fan-out: x_1's adjoint is the sum over its two outgoing edges
        # (one rounded addition against the exact sum: u |sum of |paths||)
        paths = [summary.adjoints[c] * g for p, c, g in summary.edges
                 if p == idx["x_1"]]
        assert len(paths) == 2
        assert math.fsum(paths) == pytest.approx(
            n1.grad, abs=2 * U * math.fsum(map(abs, paths)))


# --------------------------------------------------------------------------
# Node arithmetic and elementary functions
# --------------------------------------------------------------------------
_CASES = [
    (lambda a, b: a + b, lambda a, b: a + b),
    (lambda a, b: a - b, lambda a, b: a - b),
    (lambda a, b: a * b, lambda a, b: a * b),
    (lambda a, b: a / b, lambda a, b: a / b),
    (lambda a, b: -a + 2.0 * b, lambda a, b: -a + 2.0 * b),
    (lambda a, b: 3.0 - a * 0.5 + b, lambda a, b: 3.0 - a * 0.5 + b),
    (lambda a, b: 1.0 / (a * a + b * b), lambda a, b: 1.0 / (a * a + b * b)),
    (lambda a, b: (a * a + 1.0) ** 1.5, lambda a, b: (a * a + 1.0) ** 1.5),
    (lambda a, b: a ** 3 * b ** 0, lambda a, b: a ** 3 * b ** 0),
    (lambda a, b: ad.sin(a) * ad.cos(b), lambda a, b: torch.sin(a)
     * torch.cos(b)),
    (lambda a, b: ad.exp(a - b) + ad.log(b * b + 1.0),
     lambda a, b: torch.exp(a - b) + torch.log(b * b + 1.0)),
    (_tanh_sin, _tanh_sin_torch),
]


@pytest.mark.parametrize("k", range(len(_CASES)))
def test_gradient_matches_torch(k):
    _need_torch()
    ours_fn, torch_fn = _CASES[k]
    rng = np.random.default_rng(k)
    for _ in range(5):
        x = rng.uniform(0.3, 1.5, size=2) * rng.choice([-1.0, 1.0], size=2)
        g = ad.gradient(ours_fn, x)
        assert g.shape == (2,)
        # both within grad_bound of the exact gradient
        assert np.all(np.abs(g - _torch_grad(torch_fn, x))
                      <= 2 * grad_bound(ours_fn, x))


# torch 2.13's forward-mode AD imports a module that calls the deprecated
# torch.jit.script; the warning is about torch's internals, not ours.
TORCH_JIT_WARNING = pytest.mark.filterwarnings(
    "ignore:`torch.jit.script` is deprecated:DeprecationWarning")


@TORCH_JIT_WARNING
@pytest.mark.parametrize("k", range(len(_CASES)))
def test_jvp_matches_torch_func_jvp(k):
    _need_torch()
    ours_fn, torch_fn = _CASES[k]
    rng = np.random.default_rng(100 + k)
    x = rng.uniform(0.3, 1.5, size=2)
    v = rng.standard_normal(2)
    _, ref = torch.func.jvp(lambda t: torch_fn(*t),
                            (torch.from_numpy(x),), (torch.from_numpy(v),))
    # the tangent sums the same path products, weighted by |v|
    tol = 2 * grad_bound(ours_fn, x) @ np.abs(v) + 4 * U * abs(float(ref))
    assert ad.jvp(ours_fn, x, v) == pytest.approx(float(ref), rel=0,
                                                  abs=tol)
    _, ref2 = torch.autograd.functional.jvp(
        lambda t: torch_fn(*t), torch.from_numpy(x), torch.from_numpy(v))
    assert ad.jvp(ours_fn, x, v) == pytest.approx(float(ref2), rel=0,
                                                  abs=tol)


def test_values_match_math():
    a, b = ad.variable(0.7), ad.variable(-1.2)
    assert (a * b).value == 0.7 * -1.2
    assert ad.tanh(a).value == math.tanh(0.7)
    assert ad.exp(b).value == math.exp(-1.2)
    assert ad.log(a).value == math.log(0.7)
    assert (a ** 2).value == 0.7 ** 2
    assert (2.0 / a).value == 2.0 / 0.7


def test_fan_out_accumulates():
    """f = x * x * x uses x three times; the adjoint is 3 x^2."""
    x = ad.variable(1.7, "x")
    f = x * x * x
    ad.backward(f)
    # three products of two rounded factors, added twice: <= 5 roundings
    assert x.grad == pytest.approx(3 * 1.7**2, rel=gamma(6))


def test_backward_is_repeatable():
    f, (n1, n2) = ad.tanh_sin_graph(0.3, 0.9)
    ad.backward(f)
    first = (n1.grad, n2.grad)
    ad.backward(f)                               # grads reset, not doubled
    assert (n1.grad, n2.grad) == first


def test_forward_tangent_equals_gradient_dot_seed():
    """One forward sweep per direction, one reverse sweep for all: the
    two agree (the scalar case of u^T (J v) = (u^T J) v)."""
    rng = np.random.default_rng(3)
    for _ in range(10):
        x1, x2 = rng.standard_normal(2)
        v = rng.standard_normal(2)
        f, (n1, n2) = ad.tanh_sin_graph(x1, x2)
        tangent = ad.forward_tangents(f, {n1: v[0], n2: v[1]})
        ad.backward(f)
        # both within grad_bound . |v| of the exact directional derivative
        tol = 2 * grad_bound(_tanh_sin, [x1, x2]) @ np.abs(v)
        assert tangent == pytest.approx(n1.grad * v[0] + n2.grad * v[1],
                                        rel=0, abs=tol + 4 * U * abs(tangent))


def test_gradient_matches_central_differences():
    x = np.array([0.4, -0.9])
    h = 1e-6
    fd = [(_value(x + h * e) - _value(x - h * e)) / (2 * h)
          for e in np.eye(2)]
    # central difference: truncation h^2/6 |f3| with |f3| <= 2 (|g'|^3 +
    # 3|g'||g''| + |g3|) <= 30 for f = tanh(g), |x| <= 1 (third
    # derivatives); rounding of f (|f| <= 1, ~3u) over h and of x +- h
    # (u |x| |f'| / h); plus the gradient's own bound
    fd_err = h**2 / 6 * 30 + (3 * U + U * 1.0 * 2.0) / h
    np.testing.assert_allclose(ad.gradient(_tanh_sin, x), fd,
                               atol=fd_err + np.max(grad_bound(_tanh_sin, x)))


def _value(x):
    return _tanh_sin(ad.variable(x[0]), ad.variable(x[1])).value


def test_topological_order_parents_first_and_deep_graph():
    f, _ = ad.tanh_sin_graph(0.5, 0.5)
    order = ad.topological_order(f)
    pos = {id(n): i for i, n in enumerate(order)}
    assert order[-1] is f and len(order) == 6
    for node in order:
        for p in node.parents:
            assert pos[id(p)] < pos[id(node)]
    # a chain deeper than Python's recursion limit
    x = ad.variable(0.1)
    y = x
    for _ in range(5000):
        y = y * 1.0 + 0.0
    ad.backward(y)
    assert x.grad == 1.0


def test_describe_graph_structure():
    f, _ = ad.tanh_sin_graph(0.8, -0.5)
    s = ad.describe_graph(f)
    assert set(s.names) == {"x_1", "x_2", "a", "b", "c", "f"}
    lev = dict(zip(s.names, s.levels))
    assert lev == {"x_1": 0, "x_2": 0, "a": 1, "b": 1, "c": 2, "f": 3}
    assert len(s.edges) == 6
    assert s.values.shape == s.adjoints.shape == (6,)
    ops = dict(zip(s.names, s.ops))
    assert ops["a"] == "mul" and ops["f"] == "tanh" and ops["x_1"] == "input"
    # unnamed nodes get a default label
    s2 = ad.describe_graph(ad.variable(1.0) * 2.0)
    assert all(name for name in s2.names)


def test_repr_mentions_value():
    assert "value=0.5" in repr(ad.variable(0.5, "x"))


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------
def test_bad_values():
    with pytest.raises(ValueError, match="value"):
        ad.variable(float("nan"))
    with pytest.raises(ValueError, match="value"):
        ad.Node("abc")
    with pytest.raises(ValueError, match="other"):
        ad.variable(1.0) + float("inf")
    with pytest.raises(ValueError, match="x"):
        ad.log(ad.variable(0.0))
    with pytest.raises(ValueError, match="x"):
        ad.exp(ad.variable(800.0))
    with pytest.raises(ValueError, match="other"):
        ad.variable(1.0) / 0.0
    with pytest.raises(ValueError, match="power"):
        ad.variable(-2.0) ** 0.5
    with pytest.raises(ValueError, match="power"):
        ad.variable(0.0) ** -1


def test_bad_structure():
    with pytest.raises(ValueError, match="local_grads"):
        ad.Node(1.0, (ad.variable(1.0),), ())
    with pytest.raises(ValueError, match="parents"):
        ad.Node(1.0, (1.0,), (1.0,))
    with pytest.raises(ValueError, match="output"):
        ad.topological_order(3.0)
    with pytest.raises(ValueError, match="output"):
        ad.backward("f")


def test_bad_seeds():
    f, (n1, _) = ad.tanh_sin_graph(0.1, 0.2)
    inner = f.parents[0]
    with pytest.raises(ValueError, match="seeds"):
        ad.forward_tangents(f, {inner: 1.0})
    with pytest.raises(ValueError, match="seeds"):
        ad.forward_tangents(f, {ad.variable(1.0): 1.0})
    with pytest.raises(ValueError, match="seeds"):
        ad.forward_tangents(f, {n1: float("nan")})


def test_bad_array_helpers():
    with pytest.raises(ValueError, match="x"):
        ad.gradient(_tanh_sin, np.ones((2, 1)))
    with pytest.raises(ValueError, match="x"):
        ad.gradient(_tanh_sin, [1.0, np.nan])
    with pytest.raises(ValueError, match="v"):
        ad.jvp(_tanh_sin, [1.0, 2.0], [1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="fn"):
        ad.gradient(lambda a, b: 1.0, [1.0, 2.0])


# --------------------------------------------------------------------------
# issue 8: messages that name the right argument, leaking exceptions
# --------------------------------------------------------------------------
@pytest.mark.parametrize("fn", [ad.sin, ad.cos, ad.tanh, ad.exp, ad.log])
@pytest.mark.parametrize("bad", [float("nan"), "1.0", None, True, [1.0]])
def test_elementary_functions_name_x(fn, bad):
    """Issue: sin/cos/tanh/exp/log said "other" for their argument x."""
    with pytest.raises((TypeError, ValueError), match="x"):
        fn(bad)
    with pytest.raises((TypeError, ValueError)) as info:
        fn(bad)
    assert "other" not in str(info.value)


def test_overflowing_operation_is_named():
    big = ad.variable(1e200)
    with pytest.raises(ValueError, match="mul is not finite"):
        big * big


def test_array_helpers_name_fn_and_x():
    with pytest.raises(TypeError, match="fn"):
        ad.gradient(None, [1.0, 2.0])
    with pytest.raises(ValueError, match="fn failed on the 1 inputs of x"):
        ad.gradient(_tanh_sin, [1.0])
    with pytest.raises(ValueError, match="fn failed.*mul is not finite"):
        ad.gradient(_tanh_sin, [1e200, 1e200])


def test_structure_arguments_of_the_wrong_type():
    with pytest.raises(TypeError, match="parents"):
        ad.Node(1.0, None, ())
    with pytest.raises(TypeError, match="local_grads"):
        ad.Node(1.0, (), 3)
    f, _ = ad.tanh_sin_graph(0.1, 0.2)
    with pytest.raises(TypeError, match="seeds"):
        ad.forward_tangents(f, None)
    with pytest.raises((TypeError, ValueError), match="x1"):
        ad.tanh_sin_graph("0.1", 0.2)
