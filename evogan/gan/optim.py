"""The GANs' optimiser: torch's fused Adam, stepped without its per-call wrapper.

The networks are so small that a call to ``torch.optim.Adam.step`` costs more in Python
(the profiler record, the hooks, the grouping of tensors by device) than in arithmetic:
a quarter of a training round at d = 12. ``step`` runs the same two kernels torch's fused
path runs (``_foreach_add_`` on the step counts, then ``_fused_adam_``) on the
optimiser's own state, so the parameters, moments and ``state_dict`` are the same to the
bit as ``opt.step()``'s; where that path does not apply (no state yet, a missing
gradient, settings the shortcut does not cover, a torch without the kernel) it calls
``opt.step()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

import torch


class AdamSettings(TypedDict):
    betas: tuple[float, float]
    fused: bool


#: Fused Adam: one kernel per optimiser step, which matters for networks this small.
ADAM: AdamSettings = {"betas": (0.5, 0.999), "fused": True}

_FUSED = getattr(torch, "_fused_adam_", None)


def adam(params: Iterable[torch.nn.Parameter], lr: float) -> torch.optim.Adam:
    """torch's Adam with ``ADAM``'s settings and learning rate ``lr``."""
    return torch.optim.Adam(params, lr=lr, **ADAM)


def zero_grad(opt: torch.optim.Optimizer) -> None:
    """``opt.zero_grad(set_to_none=True)``: every parameter's gradient dropped."""
    for group in opt.param_groups:
        for p in group["params"]:
            p.grad = None


def step(opt: torch.optim.Adam) -> None:
    """``opt.step()`` with the same result, for less time (see the module)."""
    if _FUSED is None or len(opt.param_groups) != 1:
        opt.step()
        return
    group = opt.param_groups[0]
    params = group["params"]
    states = [opt.state.get(p, {}) for p in params]
    if (
        not group["fused"]
        or group["amsgrad"]
        or group["maximize"]
        or group["capturable"]
        or group["differentiable"]
        or group.get("decoupled_weight_decay", False)
        or not isinstance(group["lr"], float)
        or any(not state or p.grad is None for p, state in zip(params, states, strict=True))
    ):
        opt.step()
        return
    steps = [state["step"] for state in states]
    torch._foreach_add_(steps, 1)
    beta1, beta2 = group["betas"]
    _FUSED(
        params,
        [p.grad for p in params],
        [state["exp_avg"] for state in states],
        [state["exp_avg_sq"] for state in states],
        [],
        steps,
        amsgrad=False,
        lr=group["lr"],
        beta1=beta1,
        beta2=beta2,
        weight_decay=group["weight_decay"],
        eps=group["eps"],
        maximize=False,
        grad_scale=None,
        found_inf=None,
    )
