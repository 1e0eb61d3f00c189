"""PNG plots of a campaign's stored runs: HV convergence (median and interquartile band
against evaluations), the final front of each algorithm's median run over the true front,
and box plots of the final HV; one panel per row (a problem, or a task of a multitask
problem).

Runs without a trace (imported from records) or with a single point (multitask runs,
scored at the end) draw no convergence line; runs without a front (imported) no front.
A plot with nothing to draw is left out."""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from evogan.experiment.campaign import Campaign, Row
from evogan.experiment.store import Run, RunsByCell
from evogan.plot import draw_front, new_figure, save_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from pymoo.core.problem import Problem

__all__ = ["draw_all", "hv_band", "median_run", "row_problem"]

#: Points of the common evaluation grid the convergence traces are interpolated on.
GRID_POINTS = 60


def median_run(runs: Sequence[Run]) -> Run | None:
    """The run of median final HV (the lower middle one for an even count; nan ranks last)."""
    if not runs:
        return None
    ordered = sorted(runs, key=lambda r: (np.nan_to_num(r.hv, nan=-np.inf), r.seed))
    return ordered[(len(ordered) - 1) // 2]


def hv_band(runs: Sequence[Run]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """HV quartiles over ``runs`` on a common grid of evaluations.

    Each run's trace is interpolated linearly on the grid (held constant after its last
    point); before a run's first record it has no value.

    Returns:
        ``(evals, q25, median, q75)``, each of length ``GRID_POINTS``.
    """
    end = max(r.trace[-1][0] for r in runs)
    start = min(r.trace[0][0] for r in runs)
    grid = np.linspace(start, end, GRID_POINTS)
    curves = []
    for r in runs:
        t = np.asarray(r.trace, dtype=float)
        curve = np.interp(grid, t[:, 0], np.nan_to_num(t[:, 1], nan=0.0), left=np.nan)
        curves.append(curve)
    q25, q50, q75 = np.nanpercentile(np.vstack(curves), [25, 50, 75], axis=0)
    return grid, q25, q50, q75


def _grid(n: int, size: float = 3.2, projection: str | None = None) -> tuple[Figure, list[Axes]]:
    cols = min(n, 5)
    rows = ceil(n / cols)
    fig = new_figure(figsize=(size * cols, size * rows * 0.9))
    axes = [fig.add_subplot(rows, cols, i + 1, projection=projection) for i in range(n)]
    return fig, axes


def convergence_plot(campaign: Campaign, runs: RunsByCell, path: Path) -> Path | None:
    """One panel per row: median HV and interquartile band against evaluations."""
    rows = campaign.rows()
    traced = {
        (row.label, a.label): [r for r in runs[row.label, a.label] if len(r.trace) > 1]
        for row in rows
        for a in campaign.algorithms
    }
    if not any(traced.values()):
        return None
    fig, axes = _grid(len(rows))
    for ax, row in zip(axes, rows, strict=True):
        for i, a in enumerate(campaign.algorithms):
            cell = traced[row.label, a.label]
            if not cell:
                continue
            evals, q25, q50, q75 = hv_band(cell)
            ax.plot(evals, q50, c=f"C{i}", lw=1.2, label=a.label)
            ax.fill_between(evals, q25, q75, color=f"C{i}", alpha=0.2, lw=0)
        ax.set_title(row.label, fontsize=9)
        ax.set_xlabel("evaluations", fontsize=8)
        ax.set_ylabel("HV", fontsize=8)
        ax.tick_params(labelsize=7)
    handles: dict[str, Any] = {}  # label -> artist, one entry per algorithm
    for ax in axes:
        artists, labels = ax.get_legend_handles_labels()
        handles.update(zip(labels, artists, strict=True))
    fig.legend(list(handles.values()), list(handles), loc="lower right", fontsize=8)
    return _save(fig, path)


def box_plot(campaign: Campaign, runs: RunsByCell, path: Path) -> Path | None:
    """One panel per row: box plots of the final HV of each algorithm."""
    rows = campaign.rows()
    labels = [a.label for a in campaign.algorithms]
    if not any(np.isfinite(r.hv) for cell in runs.values() for r in cell):
        return None
    fig, axes = _grid(len(rows))
    for ax, row in zip(axes, rows, strict=True):
        data = [[r.hv for r in runs[row.label, a] if np.isfinite(r.hv)] or [np.nan] for a in labels]
        ax.boxplot(data)
        ax.set_xticks(range(1, len(labels) + 1), labels, rotation=45, fontsize=7)
        ax.set_title(row.label, fontsize=9)
        ax.set_ylabel("final HV", fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
    return _save(fig, path)


def row_problem(row: Row) -> Problem:
    """The problem of a report row: the problem itself, or the task of a multitask one."""
    from evogan.lookup import get_multitask_problem, get_problem

    p = row.problem
    if row.task is None:
        return get_problem(p.name, **p.params)
    return get_multitask_problem(p.name, **p.params).tasks[row.task]


def front_plot(campaign: Campaign, runs: RunsByCell, row: Row, path: Path) -> Path | None:
    """One panel per algorithm: its median run's final front over the true front (runs
    without a stored front left out)."""
    from evogan.fronts import reference_front

    chosen = []
    for a in campaign.algorithms:
        run = median_run([r for r in runs[row.label, a.label] if len(r.F)])
        if run is not None:
            chosen.append((a.label, run))
    if not chosen:
        return None
    problem = row_problem(row)
    front = reference_front(problem)
    projection = "3d" if problem.n_obj == 3 else None
    fig, axes = _grid(len(chosen), size=3.6, projection=projection)
    for ax, (label, run) in zip(axes, chosen, strict=True):
        draw_front(ax, run.F, front, label)
        ax.set_title(f"{label}, seed {run.seed}: HV {run.hv:.4f}", fontsize=9)
    fig.suptitle(f"{row.label}: final front of the median-HV run", fontsize=10)
    return _save(fig, path)


def _save(fig: Figure, path: Path) -> Path:
    fig.tight_layout()
    return save_figure(fig, path, dpi=90)


def draw_all(campaign: Campaign, runs: RunsByCell, out: Path) -> list[Path]:
    """Every plot of the campaign, in ``out/<name>_plots/``; returns the paths written."""
    folder = Path(out) / f"{campaign.name}_plots"
    paths = [
        convergence_plot(campaign, runs, folder / "hv_convergence.png"),
        box_plot(campaign, runs, folder / "hv_boxplots.png"),
    ]
    paths += [
        front_plot(campaign, runs, row, folder / f"front_{row.label}.png")
        for row in campaign.rows()
    ]
    return [p for p in paths if p is not None]
