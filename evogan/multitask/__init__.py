"""Evolutionary multitasking: several problems solved at once, with GAN transfer between them.

``solve_multitask`` runs one pymoo algorithm per task and offers each task solutions
mapped from the others by pairwise GANs; ``solve_separately`` is the same without any
transfer; ``MOMFEA`` is the multifactorial baseline.
"""

from __future__ import annotations

from evogan.multitask.momfea import MOMFEA
from evogan.multitask.solver import TransferConfig, solve_multitask, solve_separately
from evogan.multitask.tasks import task_seeds
from evogan.multitask.transfer import TransferGAN
from evogan.multitask.unified import UnifiedSpace

__all__ = [
    "MOMFEA",
    "TransferConfig",
    "TransferGAN",
    "UnifiedSpace",
    "solve_multitask",
    "solve_separately",
    "task_seeds",
]
