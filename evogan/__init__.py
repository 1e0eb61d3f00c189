"""evogan: evolutionary multiobjective optimisation with GAN-driven variation, on pymoo.

The public API: ``GMOEA``, ``EGANMOEA`` (E-GAN mode), the GAN operator
``GANMating`` with its ``GANOperatorConfig`` and ``GANConfig``,
``make_algorithm`` (algorithms by name), and ``solve`` with its
``SolveResult`` (one run measured by HV and IGD).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

__all__ = [
    "EGANMOEA",
    "GANConfig",
    "GANMating",
    "GANOperatorConfig",
    "GMOEA",
    "SolveResult",
    "__version__",
    "make_algorithm",
    "solve",
]

# Loaded on first use (PEP 562): the command line imports this package for every command,
# and listing problems or printing help must not pay for torch.
_WHERE = {
    "GMOEA": "evogan.algorithms.gmoea",
    "EGANMOEA": "evogan.algorithms.egan",
    "GANMating": "evogan.operators.gan_mating",
    "GANOperatorConfig": "evogan.operators.gan_mating",
    "GANConfig": "evogan.gan.train",
    "make_algorithm": "evogan.algorithms.registry",
    "solve": "evogan.run",
    "SolveResult": "evogan.run",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'evogan' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
