"""Pictures of a result: the front found over the true front; E-GAN's mutation survivors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from evogan.run import SolveResult


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_front(result: SolveResult, front: np.ndarray | None, path: str | Path) -> Path:
    """Write a PNG of ``result.F`` over the true ``front``.

    Two objectives: a scatter plot; three: 3-D axes; more: parallel coordinates. The title
    names the problem and algorithm and gives HV and IGD.

    Args:
        result: the run to draw.
        front: ``m x n_obj`` true Pareto front, or None to draw the solutions alone.
        path: where to write the PNG (parent folders are created).

    Returns:
        The path written.
    """
    plt = _pyplot()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    F = np.asarray(result.F, dtype=float)
    n_obj = F.shape[1] if F.ndim == 2 and F.shape[1] else np.shape(front)[1]
    fig = plt.figure(figsize=(6, 5))
    ax = fig.add_subplot(projection="3d") if n_obj == 3 else fig.add_subplot()
    draw_front(ax, F, front, result.algorithm)
    ax.set_title(
        f"{result.problem} / {result.algorithm}: HV {result.hv:.4f}, IGD {result.igd:.4g}",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def plot_mutations(result: SolveResult, path: str | Path) -> Path:
    """Write a PNG of E-GAN's survivors per mutation over the run (a stacked area plot).

    Each training round's survivor counts (``result.mutation_history``) are drawn as
    shares of that round's survivors against the generation.

    Args:
        result: a run whose ``mutation_history`` is set (E-GAN mode).
        path: where to write the PNG (parent folders are created).

    Returns:
        The path written.

    Raises:
        ValueError: if the result has no mutation history.
    """
    history = result.mutation_history
    if history is None:
        raise ValueError(f"{result.algorithm} recorded no mutation history (not E-GAN mode)")
    plt = _pyplot()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    gens, shares = history.generations, history.shares()
    if len(gens):
        # Each round holds until the next; the last one for as long as the one before it.
        width = gens[-1] - gens[-2] if len(gens) > 1 else 1
        gens, shares = np.append(gens, gens[-1] + width), np.vstack([shares, shares[-1:]])
        ax.stackplot(gens, shares.T, labels=history.mutations, step="post")
        ax.set_xlim(gens[0], gens[-1])
    ax.set_ylim(0, 1)
    ax.set_xlabel("generation")
    ax.set_ylabel("share of surviving generators")
    ax.legend(loc="upper right", fontsize=8, title="mutation")
    ax.set_title(f"{result.problem} / {result.algorithm}: E-GAN survivors", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def draw_front(ax, F: np.ndarray, front: np.ndarray | None, label: str) -> None:
    """Draw the solutions ``F`` over the true ``front`` on the matplotlib axes ``ax``.

    Two objectives: a scatter plot; three: a 3-D scatter (``ax`` must be 3-D); more:
    parallel coordinates.
    """
    F = np.asarray(F, dtype=float)
    n_obj = F.shape[1] if F.ndim == 2 and F.shape[1] else np.shape(front)[1]
    if n_obj == 3:
        if front is not None:
            ax.scatter(*front.T, s=2, c="0.7", label="true front")
        ax.scatter(*F.T, s=12, c="C3", label=label)
        ax.set_zlabel("$f_3$")
    elif n_obj == 2:
        if front is not None:
            ax.plot(*front.T, ".", ms=2, c="0.6", label="true front")
        ax.scatter(*F.T, s=12, c="C3", label=label, zorder=3)
    else:
        axes = np.arange(1, n_obj + 1)
        if front is not None:
            ax.plot(axes, front.T, c="0.8", lw=0.5)
        ax.plot(axes, F.T, c="C3", lw=0.8, alpha=0.6)
        ax.plot([], [], c="0.8", label="true front")
        ax.plot([], [], c="C3", label=label)
        ax.set_xticks(axes, [f"$f_{{{i}}}$" for i in axes])
    if n_obj <= 3:
        ax.set_xlabel("$f_1$")
        ax.set_ylabel("$f_2$")
    ax.legend(loc="best", fontsize=8)
