"""A picture of a multitask run: each task's front found beside its true front."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from evogan.plot import draw_front, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def task_fronts_figure(
    fronts_found: Sequence[np.ndarray],
    true_fronts: Sequence[np.ndarray | None],
    titles: Sequence[str],
    label: str = "found",
) -> Figure:
    """One panel per task: the front found over the task's true front.

    Two-objective tasks are scatter plots, three-objective tasks 3-D scatter plots.

    Args:
        fronts_found: per task, ``n x n_obj`` objective vectors found.
        true_fronts: per task, ``m x n_obj`` true front points (or None).
        titles: per task, a panel title (e.g. the task's name and IGD).
        label: legend label of the fronts found.
    """
    fig = new_figure(figsize=(5 * len(fronts_found), 4.5))
    for i, (F, front, title) in enumerate(zip(fronts_found, true_fronts, titles, strict=True)):
        F = np.atleast_2d(np.asarray(F, dtype=float))
        three = F.shape[1] == 3
        ax = fig.add_subplot(1, len(fronts_found), i + 1, projection="3d" if three else None)
        true = None if front is None else np.asarray(front, dtype=float)
        draw_front(ax, F, true, label)
        ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig
