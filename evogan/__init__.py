"""evogan: evolutionary multiobjective optimisation with GAN-driven variation, on pymoo."""

from __future__ import annotations

__version__ = "0.1.0"
