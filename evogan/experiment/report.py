"""Tables of a campaign's stored runs: mean ± std per algorithm and problem, best in bold,
Wilcoxon rank-sum +/-/= against a baseline, summary counts; as Markdown, CSV and LaTeX.

``write_report`` also draws the plots of :mod:`evogan.experiment.plots` and records the
machine, the versions and the command in the Markdown file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import numpy as np

from evogan.errors import check_choice
from evogan.experiment.campaign import Campaign
from evogan.experiment.environment import machine
from evogan.experiment.store import RunsByCell, RunStore
from evogan.stats import ALPHA, count_signs, mean_std, wilcoxon_sign

__all__ = ["Cell", "Table", "campaign_runs", "indicator_table", "write_report"]

#: Whether a higher value of each indicator is better.
HIGHER_IS_BETTER = {"hv": True, "igd": False}
TITLES = {"hv": "HV (higher is better)", "igd": "IGD (lower is better)"}


@dataclass(frozen=True)
class Cell:
    """One (problem, algorithm) entry of a table.

    Attributes:
        values: the indicator of each finished seed, in seed order.
        mean: mean of the finite values (nan when none).
        std: their sample standard deviation.
        sign: Wilcoxon mark against the baseline (``""`` for the baseline itself, and while
            either cell has no finished run).
        best: this cell has the best mean of its row.
    """

    values: tuple[float, ...]
    mean: float
    std: float
    sign: str
    best: bool


@dataclass(frozen=True)
class Table:
    """An indicator's table: ``cells[problem][algorithm]``, rows and columns in order."""

    indicator: str
    problems: tuple[str, ...]
    algorithms: tuple[str, ...]
    baseline: str
    n_seeds: int
    cells: dict[str, dict[str, Cell]]

    def signs(self, algorithm: str) -> str:
        """``"+/-/="`` counts of ``algorithm``'s marks over the problems."""
        return count_signs([self.cells[p][algorithm].sign for p in self.problems])


def campaign_runs(campaign: Campaign, store: RunStore) -> RunsByCell:
    """The stored runs of ``campaign`` by ``(problem, algorithm)`` label, in seed order."""
    tasks = campaign.tasks()
    by_key = {r.key: r for r in store.runs({t.key for t in tasks})}
    runs: RunsByCell = {
        (p.label, a.label): [] for p in campaign.problems for a in campaign.algorithms
    }
    for t in tasks:
        if t.key in by_key:
            runs[t.problem_label, t.algorithm_label].append(by_key[t.key])
    return runs


def indicator_table(campaign: Campaign, runs: RunsByCell, indicator: str, baseline: str) -> Table:
    """The table of ``indicator`` (``"hv"`` or ``"igd"``) with marks against ``baseline``."""
    higher = HIGHER_IS_BETTER[indicator]
    problems = tuple(p.label for p in campaign.problems)
    algorithms = tuple(a.label for a in campaign.algorithms)
    cells: dict[str, dict[str, Cell]] = {}
    for p in problems:
        values = {a: tuple(getattr(r, indicator) for r in runs[p, a]) for a in algorithms}
        stats = {a: mean_std(v) for a, v in values.items()}
        means = [m for m, _ in stats.values() if np.isfinite(m)]
        best = (max(means) if higher else min(means)) if means else None
        cells[p] = {
            a: Cell(
                values=values[a],
                mean=stats[a][0],
                std=stats[a][1],
                sign=_sign(values[a], values[baseline], higher) if a != baseline else "",
                best=best is not None and stats[a][0] == best,
            )
            for a in algorithms
        }
    return Table(indicator, problems, algorithms, baseline, len(campaign.seeds), cells)


def _sign(values: Sequence[float], baseline: Sequence[float], higher: bool) -> str:
    """The Wilcoxon mark, or ``""`` while either side has no finished run (no comparison)."""
    if not values or not baseline:
        return ""
    return wilcoxon_sign(values, baseline, higher)


def _number(x: float) -> str:
    return "n/a" if not np.isfinite(x) else f"{x:.4g}"


def _cell_text(cell: Cell, n_seeds: int, bold: tuple[str, str], minus: str = "-") -> str:
    if not cell.values:
        return "–"
    text = f"{_number(cell.mean)} ± {cell.std:.2g}"
    if cell.best:
        text = f"{bold[0]}{text}{bold[1]}"
    if cell.sign:
        text += " " + (minus if cell.sign == "-" else cell.sign)
    if len(cell.values) < n_seeds:
        text += f" ({len(cell.values)}/{n_seeds})"
    return text


def markdown_table(table: Table) -> list[str]:
    """The table as Markdown lines, with a last row of +/-/= counts."""
    lines = [
        "| problem | " + " | ".join(table.algorithms) + " |",
        "|---|" + "---|" * len(table.algorithms),
    ]
    for p in table.problems:
        cells = [
            _cell_text(table.cells[p][a], table.n_seeds, ("**", "**")) for a in table.algorithms
        ]
        lines.append(f"| {p} | " + " | ".join(cells) + " |")
    counts = [("" if a == table.baseline else table.signs(a)) for a in table.algorithms]
    lines.append("| +/-/= | " + " | ".join(counts) + " |")
    return lines


def latex_table(table: Table) -> str:
    """The table as a LaTeX ``tabular`` (best mean in ``\\textbf``), with the counts row."""
    cols = "l" + "c" * len(table.algorithms)
    lines = [
        f"\\begin{{tabular}}{{{cols}}}",
        "\\hline",
        "Problem & " + " & ".join(_latex(a) for a in table.algorithms) + " \\\\",
        "\\hline",
    ]
    for p in table.problems:
        cells = [
            _latex(_cell_text(table.cells[p][a], table.n_seeds, ("\\textbf{", "}"), "$-$"))
            for a in table.algorithms
        ]
        lines.append(f"{_latex(p)} & " + " & ".join(cells) + " \\\\")
    counts = [("" if a == table.baseline else table.signs(a)) for a in table.algorithms]
    lines += ["\\hline", "+/-/= & " + " & ".join(counts) + " \\\\", "\\hline", "\\end{tabular}"]
    return "\n".join(lines) + "\n"


def _latex(text: str) -> str:
    return text.replace("±", "$\\pm$").replace("_", "\\_").replace("–", "--")


def csv_text(tables: Sequence[Table]) -> str:
    """Every cell of ``tables`` as CSV rows (no timings, so identical runs give identical
    files): indicator, problem, algorithm, n, mean, std, sign, best."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["indicator", "problem", "algorithm", "n", "mean", "std", "sign", "best"])
    for t in tables:
        for p in t.problems:
            for a in t.algorithms:
                c = t.cells[p][a]
                n, best = len(c.values), int(c.best)
                writer.writerow([t.indicator, p, a, n, repr(c.mean), repr(c.std), c.sign, best])
    return buffer.getvalue()


def seconds_lines(campaign: Campaign, runs: RunsByCell) -> list[str]:
    """Markdown table of the median wall-clock seconds per run."""
    algorithms = [a.label for a in campaign.algorithms]
    lines = ["| problem | " + " | ".join(algorithms) + " |", "|---|" + "---|" * len(algorithms)]
    for p in campaign.problems:
        cells = []
        for a in algorithms:
            secs = [r.seconds for r in runs[p.label, a]]
            cells.append(f"{median(secs):.2f}" if secs else "–")
        lines.append(f"| {p.label} | " + " | ".join(cells) + " |")
    return lines


def _protocol(campaign: Campaign, runs: RunsByCell) -> list[str]:
    done = sum(len(v) for v in runs.values())
    total = len(campaign.tasks())
    budgets = sorted({p.evals or campaign.evals for p in campaign.problems})
    algorithms = ", ".join(
        a.label + (f" ({a.options})" if a.options else "") for a in campaign.algorithms
    )
    return [
        f"- runs: {done}/{total} finished ({100 * done / total:.1f}%); a cell with fewer "
        f"seeds shows (n/{len(campaign.seeds)})",
        f"- seeds: {_seed_text(campaign.seeds)}; N = {campaign.pop_size}; evaluations: "
        + ", ".join(map(str, budgets)),
        f"- algorithms: {algorithms}",
        "- problems: "
        + ", ".join(p.label + (f" {p.params}" if p.params else "") for p in campaign.problems),
    ]


def _seed_text(seeds: Sequence[int]) -> str:
    if list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"{seeds[0]}..{seeds[-1]} ({len(seeds)})"
    return ", ".join(map(str, seeds))


def write_report(
    campaign: Campaign,
    store_path: str | Path,
    out: str | Path,
    *,
    baseline: str | None = None,
    plots: bool = True,
    commands: Sequence[str] = (),
) -> list[Path]:
    """Write ``<name>.md``, ``<name>.csv``, ``<name>.<indicator>.tex`` and the plots to ``out``.

    Args:
        campaign: the campaign whose stored runs are reported.
        store_path: its SQLite store.
        out: the folder to write to.
        baseline: algorithm label the marks compare with (default: the campaign's).
        plots: also draw the PNG plots.
        commands: the command lines that made the results, recorded in the Markdown file.

    Returns:
        The paths written.
    """
    baseline = baseline or campaign.baseline
    check_choice("baseline", baseline, [a.label for a in campaign.algorithms])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with RunStore(store_path) as store:
        runs = campaign_runs(campaign, store)
    tables = [indicator_table(campaign, runs, i, baseline) for i in campaign.indicators]
    stem = out / campaign.name
    written = [stem.with_suffix(".csv")]
    written[0].write_text(csv_text(tables))
    for t in tables:
        path = out / f"{campaign.name}.{t.indicator}.tex"
        path.write_text(latex_table(t))
        written.append(path)
    images = []
    if plots:
        from evogan.experiment.plots import draw_all

        images = draw_all(campaign, runs, out)
        written += images
    md = stem.with_suffix(".md")
    md.write_text(_markdown(campaign, runs, tables, baseline, images, out, commands))
    return [md, *written]


def _markdown(
    campaign: Campaign,
    runs: RunsByCell,
    tables: Sequence[Table],
    baseline: str,
    images: Sequence[Path],
    out: Path,
    commands: Sequence[str],
) -> str:
    lines = [f"# Campaign {campaign.name}", "", *_protocol(campaign, runs), ""]
    for t in tables:
        lines += [f"## {TITLES[t.indicator]}", "", *markdown_table(t), ""]
    lines += [
        f"Mean ± standard deviation over the seeds; the best mean of each row in bold. "
        f"+/-/=: Wilcoxon rank-sum test (p < {ALPHA}) of each algorithm against {baseline}: "
        f"+ significantly better than {baseline}, - significantly worse, = no significant "
        "difference. The test compares ranks, not means: where a few runs of one algorithm "
        "fail, its mean can be worse while its mark says better. The last row counts the "
        "marks. HV is normalised by the true front's "
        "ideal and nadir points with the reference point 1.1; IGD uses a 1000-point front.",
        "",
        "## Median wall-clock seconds per run",
        "",
        *seconds_lines(campaign, runs),
        "",
    ]
    if images:
        lines += ["## Plots", ""]
        lines += [f"- [{p.name}]({p.relative_to(out)})" for p in images]
        lines.append("")
    lines += ["## Machine and commands", "", *machine()]
    lines += [f"- command: `{c}`" for c in commands]
    return "\n".join(lines) + "\n"
