"""Pictures of a result: the front found over the true front; E-GAN's mutation survivors.

Every function builds a matplotlib ``Figure`` with the object API
and returns it; none touches pyplot or the backend, so the caller decides where figures
go (``save_figure`` writes one to a file, a notebook shows it as it is).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from mpl_toolkits.mplot3d import Axes3D

    from evogan.gan.evolve import MutationHistory


def new_figure(**kwargs: Any) -> Figure:
    """A matplotlib Figure made without pyplot (no backend is chosen or changed)."""
    from matplotlib.figure import Figure

    return Figure(**kwargs)


def save_figure(fig: Figure, path: str | Path, dpi: int = 100) -> Path:
    """Write ``fig`` to ``path`` (the format from its suffix; folders are created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi)
    return path


def front_figure(F: np.ndarray, front: np.ndarray | None, label: str, title: str = "") -> Figure:
    """The solutions ``F`` over the true ``front``.

    Two objectives: a scatter plot; three: 3-D axes; more: parallel coordinates.

    Args:
        F: ``n x n_obj`` objective values found (may be empty).
        front: ``m x n_obj`` true Pareto front, or None to draw the solutions alone.
        label: the legend's name for ``F`` (the algorithm).
        title: the axes' title.
    """
    F = np.asarray(F, dtype=float)
    n_obj = _n_obj(F, front)
    fig = new_figure(figsize=(6, 5))
    ax = fig.add_subplot(projection="3d") if n_obj == 3 else fig.add_subplot()
    draw_front(ax, F, front, label)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


def mutations_figure(history: MutationHistory, title: str = "") -> Figure:
    """E-GAN's survivors per mutation over the run, as a stacked area plot.

    Each training round's survivor counts are drawn as shares of that round's survivors
    against the generation.
    """
    fig = new_figure(figsize=(6, 4))
    ax = fig.add_subplot()
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
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


def _n_obj(F: np.ndarray, front: np.ndarray | None) -> int:
    if F.ndim == 2 and F.shape[1]:
        return int(F.shape[1])
    if front is None:
        raise ValueError("nothing to draw: F is empty and there is no front")
    return int(front.shape[1])


def draw_front(ax: Axes, F: np.ndarray, front: np.ndarray | None, label: str) -> None:
    """Draw the solutions ``F`` over the true ``front`` on the matplotlib axes ``ax``.

    Two objectives: a scatter plot; three: a 3-D scatter (``ax`` must be 3-D); more:
    parallel coordinates.
    """
    F = np.asarray(F, dtype=float)
    n_obj = _n_obj(F, front)
    if n_obj == 3:
        ax3 = cast("Axes3D", ax)
        if front is not None:
            ax3.scatter(front[:, 0], front[:, 1], front[:, 2], s=2, c="0.7", label="true front")
        if len(F):
            ax3.scatter(F[:, 0], F[:, 1], F[:, 2], s=12, c="C3", label=label)
        ax3.set_zlabel("$f_3$")
    elif n_obj == 2:
        if front is not None:
            ax.plot(front[:, 0], front[:, 1], ".", ms=2, c="0.6", label="true front")
        if len(F):
            ax.scatter(F[:, 0], F[:, 1], s=12, c="C3", label=label, zorder=3)
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
