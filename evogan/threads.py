"""Torch's CPU threads for the small GANs."""

from __future__ import annotations


def init_worker() -> None:
    """Process-pool initializer: one torch thread per worker, so that workers do not compete."""
    import torch

    torch.set_num_threads(1)
