"""Device choice and the bridge from pymoo's numpy random state to torch generators."""

from __future__ import annotations

import numpy as np
import torch

from evogan.errors import OptionError, check_choice

DEVICES = ("auto", "cpu", "cuda")


def resolve_device(device: str | torch.device = "auto") -> torch.device:
    """Map ``"auto"`` to CUDA when available, else CPU; check explicit choices.

    Raises:
        OptionError: for an unknown name, or ``"cuda"`` on a machine without CUDA.
    """
    if isinstance(device, torch.device):
        return device
    check_choice("device", device, DEVICES)
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device == "cuda" and not torch.cuda.is_available():
        raise OptionError(
            "device 'cuda' was asked for but torch sees no CUDA device; use 'cpu' or 'auto'"
        )
    return torch.device(device)


def torch_generator(random_state: np.random.Generator, device: torch.device) -> torch.Generator:
    """A torch.Generator on ``device`` seeded by one draw from ``random_state``.

    All randomness of a GAN step flows from pymoo's random state through this call, so a
    run with a fixed seed is reproducible without touching torch's global RNG.
    """
    if not isinstance(random_state, np.random.Generator):
        raise TypeError(
            f"random_state must be a numpy.random.Generator, got {type(random_state).__name__}"
        )
    gen = torch.Generator(device=device)
    gen.manual_seed(int(random_state.integers(0, 2**63 - 1)))
    return gen
