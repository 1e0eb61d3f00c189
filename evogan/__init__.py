"""evogan: evolutionary multiobjective optimisation with GAN-driven variation, on pymoo."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["GMOEA", "EGANMOEA", "GANMating", "GANOperatorConfig", "GANConfig", "__version__"]

_LAZY = {
    "GMOEA": "evogan.algorithms.gmoea",
    "EGANMOEA": "evogan.algorithms.egan",
    "GANMating": "evogan.operators.gan_mating",
    "GANOperatorConfig": "evogan.operators.gan_mating",
    "GANConfig": "evogan.gan.train",
}


def __getattr__(name: str):
    # Imported on first use, so that `import problems` (which needs evogan.errors) does
    # not pay for torch.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'evogan' has no attribute {name!r}")
