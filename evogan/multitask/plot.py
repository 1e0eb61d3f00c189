"""A picture of a multitask run: each task's front found beside its true front."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np


def plot_task_fronts(
    fronts_found: Sequence[np.ndarray],
    true_fronts: Sequence[np.ndarray | None],
    titles: Sequence[str],
    path: str | Path,
    label: str = "found",
) -> Path:
    """Write a PNG with one panel per task: the front found over the task's true front.

    Two-objective tasks are scatter plots, three-objective tasks 3-D scatter plots.

    Args:
        fronts_found: per task, ``n x n_obj`` objective vectors found.
        true_fronts: per task, ``m x n_obj`` true front points (or None).
        titles: per task, a panel title (e.g. the task's name and IGD).
        path: where to write the PNG (parent folders are created).
        label: legend label of the fronts found.

    Returns:
        The path written.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig = plt.figure(figsize=(5 * len(fronts_found), 4.5))
    for i, (F, front, title) in enumerate(zip(fronts_found, true_fronts, titles, strict=True)):
        F = np.atleast_2d(np.asarray(F, dtype=float))
        three = F.shape[1] == 3
        ax = fig.add_subplot(1, len(fronts_found), i + 1, projection="3d" if three else None)
        if front is not None:
            ax.scatter(*np.asarray(front).T, s=1, c="0.7", label="true front")
        ax.scatter(*F.T, s=10, c="C3", label=label)
        ax.set_xlabel("$f_1$")
        ax.set_ylabel("$f_2$")
        if three:
            ax.set_zlabel("$f_3$")
        ax.set_title(title, fontsize=10)
        ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
