"""Tests for execmath.nn: the model against a NumPy forward pass and a
PyTorch twin with copied weights, initialisation against its formulas,
training, and the claims of the chapter's cost and depth figures."""

import math

import numpy as np
import pytest

from execmath import nn, tape

U = 2.0**-53


def rng(seed=0):
    return np.random.default_rng(seed)


def numpy_logits(params, X, act=np.tanh):
    h = np.asarray(X, dtype=float)
    for p in params[:-1]:
        h = act(h @ p.W + p.b)
    return h @ params[-1].W + params[-1].b


def torch_twin(params, activation="tanh"):
    torch = pytest.importorskip("torch")
    layers = []
    for i, p in enumerate(params):
        lin = torch.nn.Linear(*p.W.shape).double()
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(p.W.T))
            lin.bias.copy_(torch.from_numpy(p.b))
        layers.append(lin)
        if i < len(params) - 1:
            layers.append(torch.nn.Tanh() if activation == "tanh"
                          else torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


# --------------------------------------------------------------------------
# data and initialisation
# --------------------------------------------------------------------------
class TestData:
    def test_two_moons_on_the_arcs_without_noise(self):
        X, y = nn.two_moons(101, noise=0.0, rng=rng(1))
        assert X.shape == (101, 2) and y.shape == (101,)
        assert np.sum(y == 0) == 50
        top, bottom = X[y == 0], X[y == 1]
        np.testing.assert_allclose(np.hypot(*top.T), 1.0, rtol=4 * U)
        np.testing.assert_allclose(
            np.hypot(bottom[:, 0] - 1.0, bottom[:, 1] - 0.5), 1.0,
            rtol=4 * U)
        assert np.all(top[:, 1] >= 0) and np.all(bottom[:, 1] <= 0.5)

    def test_noise_level(self):
        X0, _ = nn.two_moons(4000, noise=0.0, rng=rng(2))
        X1, _ = nn.two_moons(4000, noise=0.3, rng=rng(2))
        d = (X1 - X0).ravel()
        # sample sd of 8000 normals: SE 0.3/sqrt(2*8000) ~ 0.0024; z = 5
        assert abs(np.std(d) - 0.3) < 5 * 0.3 / math.sqrt(2 * d.size)

    def test_reproducible(self):
        a = nn.two_moons(10, rng=rng(3))
        b = nn.two_moons(10, rng=rng(3))
        np.testing.assert_array_equal(a.X, b.X)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="n"):
            nn.two_moons(1, rng=rng())
        with pytest.raises(ValueError, match="noise"):
            nn.two_moons(10, noise=-0.1, rng=rng())
        with pytest.raises(TypeError, match="rng"):
            nn.two_moons(10, rng=42)


class TestInit:
    def test_formulas(self):
        assert nn.init_std(64, 64, "xavier") == pytest.approx(1 / 8, rel=U)
        assert nn.init_std(50, 10, "he") == pytest.approx(0.2, rel=U)
        assert nn.init_std(3, 5, "xavier", gain=2.0) == pytest.approx(
            2 * math.sqrt(2 / 8), rel=U)

    @pytest.mark.parametrize("scheme", ["xavier", "he"])
    def test_sample_std(self, scheme):
        params = nn.init_mlp((200, 300, 100), scheme=scheme, rng=rng(4))
        for p, (n_in, n_out) in zip(params, ((200, 300), (300, 100))):
            sigma = nn.init_std(n_in, n_out, scheme)
            s = np.std(p.W)
            # SE of a sample sd of N normals is sigma / sqrt(2N); z = 5
            assert abs(s - sigma) < 5 * sigma / math.sqrt(2 * p.W.size)
            assert abs(np.mean(p.W)) < 5 * sigma / math.sqrt(p.W.size)
            assert np.all(p.b == 0)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="scheme"):
            nn.init_std(3, 3, "lecun")
        with pytest.raises(ValueError, match="gain"):
            nn.init_std(3, 3, gain=0.0)
        with pytest.raises(ValueError, match="sizes"):
            nn.init_mlp((3,), rng=rng())
        with pytest.raises(ValueError, match="sizes"):
            nn.init_mlp((3, 0), rng=rng())


# --------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------
class TestModel:
    @pytest.fixture
    def setup(self):
        r = rng(5)
        X, y = nn.two_moons(50, rng=r)
        params = nn.init_mlp((2, 8, 8, 2), rng=r)
        return params, X, y

    @pytest.mark.parametrize("activation,act", [("tanh", np.tanh),
                                                ("relu",
                                                 lambda z: np.maximum(z, 0))])
    def test_forward_matches_numpy(self, setup, activation, act):
        params, X, _ = setup
        z = nn.mlp_forward(params, X, activation=activation).value
        np.testing.assert_allclose(z, numpy_logits(params, X, act),
                                   rtol=0, atol=0)

    @pytest.mark.parametrize("activation", ["tanh", "relu"])
    def test_loss_and_grads_match_torch(self, setup, activation):
        torch = pytest.importorskip("torch")
        params, X, y = setup
        model = torch_twin(params, activation)
        loss_t = torch.nn.functional.cross_entropy(
            model(torch.from_numpy(X)), torch.from_numpy(y))
        loss_t.backward()
        res = nn.loss_and_grads(params, X, y, activation=activation)
        # one gradient entry is a batch sum of B = 50 terms whose factors
        # come from dot products of lengths <= 8 through 3 layers: about
        # n = 50 + 2 + 8 + 8 roundings; we allow n u relative to the
        # layer's largest entry, times 4 for the worst-case constants
        n = 50 + 2 + 8 + 8
        assert abs(loss_t.item() - res.loss) <= n * U * res.loss
        lins = [m for m in model if isinstance(m, torch.nn.Linear)]
        for lin, g in zip(lins, res.grads):
            scale = np.abs(g.W).max()
            np.testing.assert_allclose(lin.weight.grad.numpy().T, g.W,
                                       rtol=0, atol=4 * n * U * scale)
            np.testing.assert_allclose(lin.bias.grad.numpy(), g.b, rtol=0,
                                       atol=4 * n * U * np.abs(g.b).max())

    def test_chapter_network_matches_torch(self):
        """The twin of the chapter: 2-16-16-2, 200 moons, Xavier."""
        torch = pytest.importorskip("torch")
        X, y = nn.two_moons(200, noise=0.1, rng=rng(0))
        params = nn.init_mlp((2, 16, 16, 2), scheme="xavier", rng=rng(1))
        model = torch_twin(params)
        torch.nn.functional.cross_entropy(
            model(torch.from_numpy(X)), torch.from_numpy(y)).backward()
        res = nn.loss_and_grads(params, X, y)
        lins = [m for m in model if isinstance(m, torch.nn.Linear)]
        rel = max(np.abs(lin.weight.grad.numpy().T - g.W).max()
                  / np.abs(g.W).max() for lin, g in zip(lins, res.grads))
        assert rel <= (200 + 2 + 16 + 16) * U      # the chapter's budget

    def test_checkpointed_forward_gives_the_same_gradient(self, setup):
        params, X, y = setup
        grads = []
        for every in (None, 1, 2):
            pv = [(tape.Var(p.W), tape.Var(p.b)) for p in params]
            loss = tape.cross_entropy(
                nn.mlp_forward(pv, X, checkpoint_every=every), y)
            tape.backward(loss)
            grads.append([W.grad for W, _ in pv])
        for other in grads[1:]:
            for a, b in zip(grads[0], other):
                np.testing.assert_array_equal(a, b)

    def test_custom_activation(self, setup):
        params, X, y = setup
        act = lambda z: tape.elementwise(z, np.tanh, tape.sech2)   # noqa
        a = nn.loss_and_grads(params, X, y, activation=act)
        b = nn.loss_and_grads(params, X, y)
        for ga, gb in zip(a.grads, b.grads):
            np.testing.assert_array_equal(ga.W, gb.W)

    def test_predict(self, setup):
        params, X, _ = setup
        np.testing.assert_array_equal(
            nn.predict(params, X),
            np.argmax(numpy_logits(params, X), axis=1))

    def test_bad_input(self, setup):
        params, X, y = setup
        with pytest.raises(ValueError, match="X"):
            nn.mlp_forward(params, np.ones((3, 5)))
        with pytest.raises(ValueError, match="y"):
            nn.loss_and_grads(params, X, y[:-1])
        with pytest.raises(ValueError, match="y"):
            nn.loss_and_grads(params, X, y + 5)
        with pytest.raises(TypeError, match="y"):
            nn.loss_and_grads(params, X, y.astype(float))
        with pytest.raises(ValueError, match="params"):
            nn.mlp_forward([params[0], params[0]], X)
        with pytest.raises(TypeError, match="params"):
            nn.mlp_forward(None, X)
        with pytest.raises(ValueError, match="activation"):
            nn.mlp_forward(params, X, activation="sigmoid")
        with pytest.raises(ValueError, match="checkpoint_every"):
            nn.mlp_forward(params, X, checkpoint_every=0)
        with pytest.raises(ValueError, match="X"):
            nn.mlp_forward(params, X * np.nan)
        huge = [nn.Dense(p.W * 1e300, p.b) for p in params]
        with pytest.raises(ValueError, match="params"):
            nn.loss_and_grads(huge, X * 1e10, y)


class TestTraining:
    def test_moons_are_learned(self):
        X, y = nn.two_moons(200, noise=0.1, rng=rng(0))
        params = nn.init_mlp((2, 16, 16, 2), rng=rng(1))
        before = [p.W.copy() for p in params]
        res = nn.train_mlp(params, X, y, lr=1.0, steps=250)
        for p, w in zip(params, before):
            np.testing.assert_array_equal(p.W, w)      # caller untouched
        assert res.losses.shape == (250,)
        assert res.losses[-1] < 0.1 * res.losses[0]
        assert res.accuracy >= 0.95

    def test_first_step_is_a_gradient_step(self):
        X, y = nn.two_moons(20, rng=rng(2))
        params = nn.init_mlp((2, 4, 2), rng=rng(3))
        g = nn.loss_and_grads(params, X, y).grads
        res = nn.train_mlp(params, X, y, lr=0.1, steps=1)
        np.testing.assert_allclose(res.params[0].W,
                                   params[0].W - 0.1 * g[0].W, rtol=0,
                                   atol=0)

    def test_divergence_is_reported(self):
        X, y = nn.two_moons(20, rng=rng(2))
        params = nn.init_mlp((2, 4, 2), rng=rng(3))
        with pytest.raises(ValueError, match="lr"):
            nn.train_mlp(params, X, y, lr=1e308, steps=5)

    def test_bad_input(self):
        X, y = nn.two_moons(20, rng=rng(2))
        params = nn.init_mlp((2, 4, 2), rng=rng(3))
        with pytest.raises(ValueError, match="lr"):
            nn.train_mlp(params, X, y, lr=-1.0)
        with pytest.raises(ValueError, match="steps"):
            nn.train_mlp(params, X, y, steps=0)


class TestFlat:
    def test_round_trip(self):
        params = nn.init_mlp((3, 5, 2), rng=rng(6))
        theta = nn.flatten_params(params)
        assert theta.size == 3 * 5 + 5 + 5 * 2 + 2
        back = nn.unflatten_params(theta, params)
        for a, b in zip(params, back):
            np.testing.assert_array_equal(a.W, b.W)
            np.testing.assert_array_equal(a.b, b.b)

    def test_objective_matches_loss_and_grads(self):
        r = rng(7)
        X, y = nn.two_moons(30, rng=r)
        params = nn.init_mlp((2, 6, 2), rng=r)
        obj = nn.flat_objective(params, X, y)
        res = nn.loss_and_grads(params, X, y)
        # NumPy forward vs engine forward: the same operations
        assert obj.value(obj.theta) == pytest.approx(res.loss, rel=4 * U)
        np.testing.assert_array_equal(obj.gradient(obj.theta),
                                      nn.flatten_params(res.grads))
        relu = nn.flat_objective(params, X, y, activation="relu")
        assert relu.value(relu.theta) == pytest.approx(
            nn.loss_and_grads(params, X, y, activation="relu").loss,
            rel=4 * U)

    def test_bad_input(self):
        params = nn.init_mlp((3, 5, 2), rng=rng(6))
        with pytest.raises(ValueError, match="theta"):
            nn.unflatten_params(np.ones(3), params)
        with pytest.raises(ValueError, match="theta"):
            obj = nn.flat_objective(params, np.ones((2, 3)), [0, 1])
            obj.value(np.ones(4))


# --------------------------------------------------------------------------
# the chapter's figures
# --------------------------------------------------------------------------
class TestDepth:
    def test_jacobian_matches_torch(self):
        torch = pytest.importorskip("torch")
        st = nn.depth_study(8, 4, rng=rng(8), batch=3)
        # rebuild the same network and input from the same seed
        r = rng(8)
        layers = nn.init_mlp([8] * 5, rng=r)
        x0 = r.standard_normal((3, 8))[0]

        def net(x):
            for p in layers:
                x = torch.tanh(x @ torch.from_numpy(p.W)
                               + torch.from_numpy(p.b))
            return x

        J = torch.autograd.functional.jacobian(net, torch.from_numpy(x0))
        sv = np.linalg.svd(J.numpy(), compute_uv=False)
        np.testing.assert_allclose(st.singular_values, sv, rtol=1e-12,
                                   atol=1e-14 * sv[0])

    def test_relu_gain_is_exact(self):
        """ReLU without bias is positively homogeneous: scaling the
        weights by c scales the gradient by c per layer, exactly."""
        base = nn.depth_study(16, 10, scheme="he", activation="relu",
                              rng=rng(9))
        for c in (0.5, 2.0):
            st = nn.depth_study(16, 10, scheme="he", gain=c,
                                activation="relu", rng=rng(9))
            np.testing.assert_allclose(
                st.grad_ratio / base.grad_ratio, c ** np.arange(10, -1, -1),
                rtol=100 * U)

    def test_claim_fig_ad_depth(self):
        """'ReLU with He weights scaled by a gain c ... the gradient changes
        by the factor c per layer, vanishing for c = 0.7, exploding for
        c = 1.4 and staying flat for He (c = 1) ... tanh with Xavier
        weights ... with gain 0.5 the gradient shrinks by a factor of about
        2 per layer, Xavier loses less than one order of magnitude over 30
        layers, and gain 2 makes it grow about a hundredfold.'"""
        runs = {g: nn.depth_study(64, 30, scheme="he", gain=g,
                                  activation="relu", rng=rng(5))
                for g in (0.7, 1.0, 1.4)}
        # alt text (chapter seed 5, width 64, 30 layers): gain 1.4 "rises to
        # about 1e4", gain 0.7 "falls to about 1e-5"
        assert round(np.log10(runs[1.4].grad_ratio[0])) == 4
        assert round(np.log10(runs[0.7].grad_ratio[0])) == -5
        # over 30 seeds, log10(ratio at He) had mean -0.07 and sd 0.16;
        # 4 sd bounds a single seed
        he = np.log10(runs[1.0].grad_ratio)
        assert np.all(np.abs(he) < 4 * 0.16 + 0.07)
        for g in (0.7, 1.4):
            dev = np.log10(runs[g].grad_ratio[0]) - 30 * np.log10(g)
            assert abs(dev) < 4 * 0.16 + 0.07
        assert runs[0.7].grad_ratio[0] < 1e-4
        assert runs[1.4].grad_ratio[0] > 1e3
        tanh = {g: nn.depth_study(64, 30, scheme="xavier", gain=g,
                                  rng=rng(5)) for g in (0.5, 1.0, 2.0)}
        # 30 seeds: log10 ratios -9.14 +- 0.12, -0.81 +- 0.07, 1.96 +- 0.08
        assert tanh[0.5].grad_ratio[0] < 10 ** (-9.14 + 4 * 0.12)
        assert 0.1 < tanh[1.0].grad_ratio[0] < 1.0
        assert 10 ** 1.5 < tanh[2.0].grad_ratio[0] < 10 ** 2.5
        # "a factor of about 2 per layer": log10 slope near log10(2)
        slope = np.polyfit(np.arange(31),
                           np.log10(tanh[0.5].grad_ratio), 1)[0]
        assert abs(slope - (-np.log10(0.5))) < 0.05

    def test_bad_input(self):
        with pytest.raises(ValueError, match="activation"):
            nn.depth_study(8, 3, activation="gelu", rng=rng())
        with pytest.raises(ValueError, match="width"):
            nn.depth_study(1, 3, rng=rng())
        with pytest.raises(ValueError, match="gain"):
            nn.depth_study(8, 400, gain=100.0, activation="relu",
                           scheme="he", rng=rng())


class TestModeCost:
    def test_counts_and_agreement(self):
        st = nn.mode_cost_study([1, 4, 16], repeats=1, rng=rng(10))
        n_ops = 6                 # matmul, tanh, matmul, tanh, matmul, sum
        np.testing.assert_array_equal(st.forward_rules,
                                      n_ops * (1 + st.dims))
        np.testing.assert_array_equal(st.reverse_rules, 2 * n_ops)
        # d sweeps and one reverse sweep: the same derivatives, each a
        # product through 3 layers of width 32 (about 100 roundings)
        assert st.max_disagreement < 100 * U * 32

    def test_claim_fig_ad_mode_cost(self):
        """'forward mode grows in proportion to d while reverse mode stays
        flat.' CPU times vary between machines, so the assertions leave a
        factor of several: the cost model says forward time = d sweeps of
        about the cost of one reverse sweep."""
        st = nn.mode_cost_study(2 ** np.arange(2, 10), rng=rng(4))
        big = st.dims >= 16
        slope = np.polyfit(np.log(st.dims[big]),
                           np.log(st.forward_seconds[big]), 1)[0]
        assert 0.7 < slope < 1.3
        ratio = st.forward_seconds[-1] / st.reverse_seconds[-1]
        assert ratio > st.dims[-1] / 8
        assert st.reverse_seconds.max() < 10 * st.reverse_seconds.min() + 1e-3

    def test_bad_input(self):
        with pytest.raises(ValueError, match="dims"):
            nn.mode_cost_study([4, 2], rng=rng())
        with pytest.raises(ValueError, match="repeats"):
            nn.mode_cost_study([2], repeats=0, rng=rng())


class TestMemory:
    def test_exact_bytes(self):
        B, w, K = 8, 6, 2
        st = nn.memory_study([1, 4, 9, 10], width=w, batch=B, rng=rng(11))
        a = B * w * 8                      # one (B, w) float64 array
        tail = B * K * 8 + B * 8           # softmax output and labels
        L = st.depths
        np.testing.assert_array_equal(st.plain_bytes, 2 * L * a + tail)
        s = np.ceil(np.sqrt(L)).astype(int)
        np.testing.assert_array_equal(st.segments, s)
        n_seg = np.ceil(L / s).astype(int)
        np.testing.assert_array_equal(st.checkpoint_bytes, n_seg * a + tail)
        # a rebuilt segment keeps s pre-activations and s - 1 activations
        np.testing.assert_array_equal(st.checkpoint_peak_bytes,
                                      st.checkpoint_bytes + (2 * s - 1) * a)
        np.testing.assert_array_equal(st.checkpoint_ops,
                                      st.plain_ops + 3 * L)
        assert st.max_disagreement == 0.0

    def test_per_layer_bytes_against_torch(self):
        """PyTorch keeps one (B, w) array per tanh layer (the output, reused
        by the next product); the tape keeps two (input and output)."""
        torch = pytest.importorskip("torch")
        F = torch.nn.functional
        B, w = 16, 8
        counts = []
        for depth in (2, 3):
            seen = {}

            def pack(t):
                seen[t.untyped_storage().data_ptr()] = (
                    t.untyped_storage().nbytes())
                return t

            net = nn.init_mlp([w] * (depth + 1) + [2], rng=rng(12))
            Ws = [torch.from_numpy(p.W).requires_grad_() for p in net]
            with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
                h = torch.from_numpy(rng(13).standard_normal((B, w)))
                for Wl in Ws[:-1]:
                    h = torch.tanh(h @ Wl)
                F.cross_entropy(h @ Ws[-1], torch.zeros(B, dtype=torch.long))
            params = {Wl.untyped_storage().data_ptr() for Wl in Ws}
            counts.append(sum(v for k, v in seen.items() if k not in params))
        assert counts[1] - counts[0] == B * w * 8
        st = nn.memory_study([2, 3], width=w, batch=B, rng=rng(12))
        assert st.plain_bytes[1] - st.plain_bytes[0] == 2 * B * w * 8

    def test_claim_fig_ad_mode_cost_memory(self):
        """'the plain graph grows like L (slope 1) while checkpointing keeps
        about sqrt(L) segment boundaries and, even at its peak during the
        backward pass, stays well below, for about twice the forward
        operations.'"""
        st = nn.memory_study(2 ** np.arange(7), rng=rng(4))
        # caption: "a tanh network of width 64 on a batch of 32" (the
        # defaults the chapter relies on); alt text: "layers from 1 to 64"
        import inspect
        defaults = inspect.signature(nn.memory_study).parameters
        assert (defaults["width"].default, defaults["batch"].default) == \
            (64, 32)
        assert (st.depths[0], st.depths[-1]) == (1, 64)
        big = st.depths >= 4
        logL = np.log(st.depths[big])
        s_plain = np.polyfit(logL, np.log(st.plain_bytes[big]), 1)[0]
        s_ck = np.polyfit(logL, np.log(st.checkpoint_bytes[big]), 1)[0]
        assert abs(s_plain - 1.0) < 0.02
        assert abs(s_ck - 0.5) < 0.15
        assert np.all(st.checkpoint_peak_bytes[big] < st.plain_bytes[big])
        assert st.plain_bytes[-1] > 5 * st.checkpoint_peak_bytes[-1]
        extra = st.checkpoint_ops[-1] / st.plain_ops[-1]
        assert 1.9 < extra < 2.0

    def test_bad_input(self):
        with pytest.raises(ValueError, match="depths"):
            nn.memory_study([0, 2], rng=rng())
        with pytest.raises(ValueError, match="width"):
            nn.memory_study([2], width=1, rng=rng())
