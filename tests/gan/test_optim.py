import pickle

import pytest
import torch
from torch import nn

from evogan.gan import optim
from evogan.gan.nets import Discriminator, Generator, init_weights


def _net(seed: int) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 1))


def _train(net: nn.Module, opt: torch.optim.Adam, stepper, steps: int, gen=None) -> list[float]:
    gen = gen or torch.Generator().manual_seed(3)
    losses = []
    for _ in range(steps):
        x = torch.randn(16, 5, generator=gen)
        loss = net(x).square().mean()
        optim.zero_grad(opt)
        loss.backward()
        stepper(opt)
        losses.append(float(loss.detach()))
    return losses


@pytest.mark.parametrize("lr", [1e-3, 0.05])
def test_step_equals_torch_adam_step_to_the_bit(lr):
    ours, theirs = _net(1), _net(1)
    opt_ours, opt_theirs = optim.adam(ours.parameters(), lr), optim.adam(theirs.parameters(), lr)
    gen = torch.Generator().manual_seed(3)
    losses_ours = _train(ours, opt_ours, optim.step, 1, gen)  # torch's step makes the state

    def refuse(*args, **kwargs):
        raise AssertionError("the shortcut should not call Adam.step")

    opt_ours.step = refuse  # type: ignore[method-assign]
    losses_ours += _train(ours, opt_ours, optim.step, 24, gen)
    losses_theirs = _train(theirs, opt_theirs, lambda o: o.step(), 25)
    assert len(set(losses_theirs)) > 20  # the loss moves
    assert losses_ours == losses_theirs
    for a, b in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert torch.equal(a, b)
    state_ours, state_theirs = opt_ours.state_dict()["state"], opt_theirs.state_dict()["state"]
    for i in state_theirs:
        for key in ("step", "exp_avg", "exp_avg_sq"):
            assert torch.equal(state_ours[i][key], state_theirs[i][key])
    assert float(state_ours[0]["step"]) == 25.0


def test_step_falls_back_to_torch_for_a_parameter_without_gradient():
    net = _net(2)
    opt = optim.adam(net.parameters(), 0.01)
    _train(net, opt, optim.step, 2)
    frozen = net[2].bias.detach().clone()
    net[2].bias.requires_grad_(False)  # no gradient: torch's step skips it
    net[2].bias.grad = None
    before = net[0].weight.detach().clone()
    _train(net, opt, optim.step, 1)
    assert torch.equal(net[2].bias, frozen)
    assert not torch.equal(net[0].weight, before)
    assert float(opt.state[net[0].weight]["step"]) == 3.0
    assert float(opt.state[net[2].bias]["step"]) == 2.0


def test_step_after_a_pickle_round_trip_matches_the_uninterrupted_one():
    a = _net(4)
    opt_a = optim.adam(a.parameters(), 0.01)
    _train(a, opt_a, optim.step, 3)
    b, opt_b = pickle.loads(pickle.dumps((a, opt_a)))
    _train(a, opt_a, optim.step, 4)
    _train(b, opt_b, optim.step, 4)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(p, q)


@pytest.mark.parametrize("residual", [False, True])
def test_direct_forward_equals_the_module_calls(residual):
    gen = torch.Generator().manual_seed(5)
    G, D = Generator(6, 6, residual=residual), Discriminator(6)
    init_weights(G, gen), init_weights(D, gen)
    z = torch.rand(9, 6, generator=gen)
    h = G.body(z)
    expected = (z + h).clamp(0, 1) if residual else torch.sigmoid(h)
    assert torch.equal(G(z), expected)
    assert torch.equal(D(z), D.net(z))
