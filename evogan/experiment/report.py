"""Tables of a campaign's stored runs: mean ± std per algorithm and row, best in bold,
Wilcoxon rank-sum +/-/= against a baseline, summary counts.

One ``Table`` per indicator (and per ``[[table]]`` section of the campaign), rendered
as Markdown, LaTeX, CSV, or plain text (``evogan compare``). The rows are the campaign's
problems, or the tasks of its multitask problems (``cihs-t1``, ``cihs-t2``).

``write_report`` also writes the sections a campaign's runs call for (published reference
results, E-GAN's mutation shares, transfer offspring kept), draws the plots of
``evogan.experiment.plots``, and records the machine, the versions and the command in
the Markdown file.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import numpy as np

from evogan.errors import check_choice
from evogan.experiment.campaign import AlgorithmEntry, Campaign, ReferenceEntry, TableSpec
from evogan.experiment.environment import machine
from evogan.experiment.store import RunsByCell, RunStore
from evogan.stats import ALPHA, count_signs, mean_std, wilcoxon_sign

__all__ = [
    "Cell",
    "Table",
    "campaign_runs",
    "csv_text",
    "indicator_table",
    "latex_table",
    "markdown_table",
    "report_tables",
    "text_table",
    "write_report",
]

#: Whether a higher value of each indicator is better.
HIGHER_IS_BETTER = {"hv": True, "igd": False}
TITLES = {"hv": "HV (higher is better)", "igd": "IGD (lower is better)"}


@dataclass(frozen=True)
class Cell:
    """One (row, algorithm) entry of a table.

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
    """An indicator's table: ``cells[row][algorithm]``, rows and columns in order.

    Attributes:
        indicator: ``"hv"`` or ``"igd"``.
        problems: the row labels (problems, or tasks of multitask problems).
        algorithms: the column labels.
        baseline: the algorithm the marks compare with.
        n_seeds: the campaign's number of seeds.
        cells: the cells, by row and algorithm.
        seeds: the number of seeds of each algorithm that runs its own.
        title: the table's title (a ``[[table]]`` section; ``""`` for the one default).
    """

    indicator: str
    problems: tuple[str, ...]
    algorithms: tuple[str, ...]
    baseline: str
    n_seeds: int
    cells: dict[str, dict[str, Cell]]
    seeds: dict[str, int] = field(default_factory=dict)
    title: str = ""

    def signs(self, algorithm: str) -> str:
        """``"+/-/="`` counts of ``algorithm``'s marks over the rows."""
        return count_signs([self.cells[p][algorithm].sign for p in self.problems])

    def expected(self, algorithm: str) -> int:
        """The seeds ``algorithm`` runs."""
        return self.seeds.get(algorithm, self.n_seeds)


def campaign_runs(campaign: Campaign, store: RunStore) -> RunsByCell:
    """The stored runs of ``campaign`` by ``(row, algorithm)`` label, in seed order."""
    tasks = campaign.tasks()
    by_key = {r.key: r for r in store.runs({k for t in tasks for k in t.row_keys()})}
    runs: RunsByCell = {
        (row.label, a.label): [] for row in campaign.rows() for a in campaign.algorithms
    }
    for t in tasks:
        for key, label in zip(t.row_keys(), t.row_labels(), strict=True):
            if key in by_key:
                runs[label, t.algorithm_label].append(by_key[key])
    return runs


def indicator_table(
    campaign: Campaign,
    runs: RunsByCell,
    indicator: str,
    baseline: str,
    algorithms: Sequence[str] | None = None,
    title: str = "",
    problems: Sequence[str] = (),
) -> Table:
    """The table of ``indicator`` (``"hv"`` or ``"igd"``) with marks against ``baseline``.

    Args:
        campaign: the campaign (its rows, and its algorithms' seeds).
        runs: its stored runs (``campaign_runs``).
        indicator: ``"hv"`` or ``"igd"``.
        baseline: the algorithm label the marks compare with (shown or not).
        algorithms: the columns (default: every algorithm of the campaign).
        title: the table's title.
        problems: the rows' problem labels (default: every problem; a multitask
            problem's rows are its tasks).
    """
    higher = HIGHER_IS_BETTER[indicator]
    problems = tuple(
        row.label for row in campaign.rows() if not problems or row.problem.label in problems
    )
    algorithms = tuple(algorithms or (a.label for a in campaign.algorithms))
    cells: dict[str, dict[str, Cell]] = {}
    for p in problems:
        values = {a: _values(runs[p, a], indicator) for a in {*algorithms, baseline}}
        stats = {a: mean_std(values[a]) for a in algorithms}
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
    own = {a.label: len(a.seeds) for a in campaign.algorithms if a.seeds is not None}
    return Table(indicator, problems, algorithms, baseline, len(campaign.seeds), cells, own, title)


def report_tables(campaign: Campaign, runs: RunsByCell, baseline: str | None = None) -> list[Table]:
    """Every table of the report: each ``[[table]]`` section (or the one default table)
    for each indicator, indicator by indicator.

    ``baseline`` replaces the campaign's (and each section's) baseline.
    """
    specs: Sequence[TableSpec] = campaign.table_specs()
    return [
        indicator_table(
            campaign,
            runs,
            indicator,
            baseline or spec.baseline or campaign.baseline,
            spec.algorithms,
            spec.title,
            spec.problems,
        )
        for indicator in campaign.indicators
        for spec in specs
    ]


def _values(runs: Sequence, indicator: str) -> tuple[float, ...]:
    return tuple(getattr(r, indicator) for r in runs)


def _sign(values: Sequence[float], baseline: Sequence[float], higher: bool) -> str:
    """The Wilcoxon mark, or ``""`` while either side has no finished run (no comparison)."""
    if not values or not baseline:
        return ""
    return wilcoxon_sign(values, baseline, higher)


def _number(x: float) -> str:
    return "n/a" if not np.isfinite(x) else f"{x:.4g}"


def _cell_text(
    cell: Cell, table: Table, algorithm: str, bold: tuple[str, str], minus: str = "-"
) -> str:
    """``mean ± std``, bold when best, the mark, and the seeds where not the usual: ``(k/n)``
    for a cell still missing runs, ``(n=k)`` for an algorithm that runs fewer seeds."""
    if not cell.values:
        return "–"
    text = f"{_number(cell.mean)} ± {cell.std:.2g}"
    if cell.best:
        text = f"{bold[0]}{text}{bold[1]}"
    if cell.sign:
        text += " " + (minus if cell.sign == "-" else cell.sign)
    expected = table.expected(algorithm)
    if len(cell.values) < expected:
        text += f" ({len(cell.values)}/{expected})"
    elif expected != table.n_seeds:
        text += f" (n={len(cell.values)})"
    return text


def markdown_table(table: Table) -> list[str]:
    """The table as Markdown lines, with a last row of +/-/= counts."""
    lines = [
        "| problem | " + " | ".join(table.algorithms) + " |",
        "|---|" + "---|" * len(table.algorithms),
    ]
    for p in table.problems:
        cells = [_cell_text(table.cells[p][a], table, a, ("**", "**")) for a in table.algorithms]
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
            _latex(_cell_text(table.cells[p][a], table, a, ("\\textbf{", "}"), "$-$"))
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
    files): indicator, problem, algorithm, n, mean, std, sign, best; with a first column
    ``table`` (the title) when the tables have titles."""
    titled = any(t.title for t in tables)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    head = ["indicator", "problem", "algorithm", "n", "mean", "std", "sign", "best"]
    writer.writerow(["table", *head] if titled else head)
    for t in tables:
        for p in t.problems:
            for a in t.algorithms:
                c = t.cells[p][a]
                n, best = len(c.values), int(c.best)
                row = [t.indicator, p, a, n, repr(c.mean), repr(c.std), c.sign, best]
                writer.writerow([t.title, *row] if titled else row)
    return buffer.getvalue()


def text_table(tables: Sequence[Table], problem: str, seconds: Mapping[str, float]) -> str:
    """One row of ``tables`` (one table per indicator) as a plain-text table for a
    terminal: an algorithm per line, mean ± std and mark per indicator, median seconds.

    Args:
        tables: tables with the same algorithms and baseline, one per indicator.
        problem: the row shown.
        seconds: median seconds per run of each algorithm.
    """
    first = tables[0]
    names = {"hv": "HV (mean ± std)", "igd": "IGD (mean ± std)"}
    rows = [("algorithm", *(names[t.indicator] for t in tables), "median s")]
    for a in first.algorithms:
        cells = []
        for t in tables:
            c = t.cells[problem][a]
            text = f"{c.mean:.4g} ± {c.std:.2g}" if np.isfinite(c.mean) else "n/a"
            cells.append(text + (f" {c.sign}" if c.sign else ""))
        rows.append((a, *cells, f"{seconds.get(a, float('nan')):.2f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(
        f"+/-/=: Wilcoxon rank-sum (p < {ALPHA}) against {first.baseline}; + = better "
        "(higher HV, lower IGD)"
    )
    return "\n".join(lines)


def seconds_lines(campaign: Campaign, runs: RunsByCell) -> list[str]:
    """Markdown table of the median wall-clock seconds per run."""
    algorithms = [a.label for a in campaign.algorithms]
    lines = ["| problem | " + " | ".join(algorithms) + " |", "|---|" + "---|" * len(algorithms)]
    for row in campaign.rows():
        cells = []
        for a in algorithms:
            secs = [r.seconds for r in runs[row.label, a]]
            cells.append(f"{median(secs):.2f}" if secs else "–")
        lines.append(f"| {row.label} | " + " | ".join(cells) + " |")
    return lines


def reference_lines(campaign: Campaign, runs: RunsByCell, entry: ReferenceEntry) -> list[str]:
    """A section setting published results beside the campaign's ``entry.versus``: per row
    their mean ± std and ours, the ratio of the means, and a rank-sum mark of ours
    against theirs where their runs are published."""
    from evogan.experiment.references import REFERENCES

    source = REFERENCES[entry.source]
    label = entry.label or source.description
    higher = HIGHER_IS_BETTER[source.indicator]
    lines = [
        f"## Published reference: {label}",
        "",
        f"{source.indicator.upper()} of {entry.versus} beside {label}: the ratio of the means "
        f"(ours / theirs), and a Wilcoxon rank-sum mark (p < {ALPHA}) of ours against their "
        "runs where these are published (+ = ours significantly better).",
        "",
        f"| problem | {label} | {entry.versus} | ratio | mark |",
        "|---|---|---|---|---|",
    ]
    ratios, signs = [], []
    for row in campaign.rows():
        theirs = source.cell(row.label)
        if theirs is None:
            continue
        ours = _values(runs[row.label, entry.versus], source.indicator)
        mean, std = mean_std(ours)
        ratio, sign = "n/a", ""
        if ours and np.isfinite(mean):
            ratios.append(mean / theirs.mean)
            ratio = f"{ratios[-1]:.3g}"
            if theirs.values:
                sign = wilcoxon_sign(ours, theirs.values, higher)
                signs.append(sign)
        cell = f"{_number(mean)} ± {std:.2g}" if ours else "–"
        lines.append(
            f"| {row.label} | {theirs.mean:.4g} ± {theirs.std:.2g} | {cell} | {ratio} | {sign} |"
        )
    if ratios:
        within = sum(0.5 <= r <= 2.0 for r in ratios)
        lines.append(
            f"| all | | | median {median(ratios):.2f}, within a factor 2 on "
            f"{within}/{len(ratios)} | {count_signs(signs) if signs else ''} |"
        )
    return [*lines, ""]


def mutation_lines(campaign: Campaign, runs: RunsByCell) -> list[str]:
    """For each E-GAN algorithm: the mean share of its surviving generators made by each
    mutation (over all steps of a run, then over seeds), per row."""
    lines = []
    for a in campaign.algorithms:
        cell_runs = {row.label: runs[row.label, a.label] for row in campaign.rows()}
        recorded = [r for rs in cell_runs.values() for r in rs if "mutation_shares" in r.extra]
        if not recorded:
            continue
        names = list(recorded[0].extra["mutations"])
        lines += [
            f"## Which mutation the survivors of {a.label} came from",
            "",
            "Mean share of surviving generators produced by each mutation (over all steps "
            "of a run, then over seeds).",
            "",
            "| problem | " + " | ".join(names) + " |",
            "|---|" + "---|" * len(names),
        ]
        for label, rs in cell_runs.items():
            shares = [r.extra["mutation_shares"] for r in rs if "mutation_shares" in r.extra]
            if shares:
                means = np.mean(np.asarray(shares, dtype=float), axis=0)
                lines.append(f"| {label} | " + " | ".join(f"{m:.2f}" for m in means) + " |")
        lines.append("")
    return lines


def transfer_lines(campaign: Campaign, runs: RunsByCell) -> list[str]:
    """The share of the transfer offspring offered to each task that survived its
    selection, summed over seeds, for each algorithm whose runs count them."""
    labels = [
        a.label
        for a in campaign.algorithms
        if any("transfer" in r.extra for row in campaign.rows() for r in runs[row.label, a.label])
    ]
    if not labels:
        return []
    lines = [
        "## Transfer offspring kept",
        "",
        "Share of the solutions transferred to each task (over all seeds) that survived the "
        "task's own environmental selection.",
        "",
        "| problem | " + " | ".join(labels) + " |",
        "|---|" + "---|" * len(labels),
    ]
    for row in campaign.rows():
        cells = []
        for a in labels:
            stats = [r.extra["transfer"] for r in runs[row.label, a] if "transfer" in r.extra]
            offered = sum(s["offered"] for s in stats)
            kept = sum(s["survived"] for s in stats)
            cells.append(f"{100 * kept / offered:.1f}%" if offered else "–")
        lines.append(f"| {row.label} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _protocol(campaign: Campaign, runs: RunsByCell) -> list[str]:
    tasks = campaign.tasks()
    stored = {r.key for rs in runs.values() for r in rs}
    done = sum(stored.issuperset(t.row_keys()) for t in tasks)
    total = len(tasks)
    budgets = sorted({p.evals or campaign.evals for p in campaign.problems})
    sizes = sorted({p.pop_size or campaign.pop_size for p in campaign.problems})
    algorithms = ", ".join(_algorithm_text(a) for a in campaign.algorithms)
    lines = [
        f"- runs: {done}/{total} finished ({100 * done / total:.1f}%); a cell with fewer "
        f"seeds shows (n/{len(campaign.seeds)})",
        f"- seeds: {_seed_text(campaign.seeds)}; N = {', '.join(map(str, sizes))}"
        + (" (by problem)" if len(sizes) > 1 else "")
        + "; evaluations: "
        + ", ".join(map(str, budgets)),
        f"- algorithms: {algorithms}",
        "- problems: "
        + ", ".join(p.label + (f" {p.params}" if p.params else "") for p in campaign.problems),
    ]
    if campaign.multitask:
        lines.append(
            "- multitask: N and a row per task; evaluations count all tasks of a problem "
            "together; a run's seconds are those of the whole run"
        )
    imported = [r for rs in runs.values() for r in rs if r.imported]
    if imported:
        origins = sorted({_origin(r.extra["imported"]) for r in imported})
        lines.append(
            f"- {len(imported)} of the rows were imported from {'; '.join(origins)}: records "
            "of an earlier script, without final fronts, traces, versions or machine (the "
            "machine below made this report, not those runs)"
        )
    return lines


def _origin(imported: Mapping[str, object]) -> str:
    """Where imported rows came from: the file, and the settings assumed for them."""
    text = f"`{imported.get('from') or 'records'}`"
    assumed = imported.get("assume") or {}
    if isinstance(assumed, Mapping) and assumed:
        text += " (assuming " + ", ".join(f"{k}={v}" for k, v in assumed.items()) + ")"
    return text


def _algorithm_text(a: AlgorithmEntry) -> str:
    text = a.label + (f" ({a.options})" if a.options else "")
    if a.seeds is not None:
        text += f" (seeds {_seed_text(a.seeds)})"
    return text


def _seed_text(seeds: Sequence[int]) -> str:
    if list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"{seeds[0]}..{seeds[-1]} ({len(seeds)})"
    return ", ".join(map(str, seeds))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "table"


def write_report(
    campaign: Campaign,
    store_path: str | Path,
    out: str | Path,
    *,
    baseline: str | None = None,
    plots: bool = True,
    commands: Sequence[str] = (),
) -> list[Path]:
    """Write ``<name>.md``, ``<name>.csv``, the LaTeX tables and the plots to ``out``.

    The LaTeX files are ``<name>.<indicator>.tex``, or ``<name>.<title>.<indicator>.tex``
    for each ``[[table]]`` section.

    Args:
        campaign: the campaign whose stored runs are reported.
        store_path: its SQLite store.
        out: the folder to write to.
        baseline: algorithm label the marks compare with (default: the campaign's, or
            each table's own).
        plots: also draw the PNG plots.
        commands: the command lines that made the results, recorded in the Markdown file.

    Returns:
        The paths written.
    """
    if baseline is not None:
        check_choice("baseline", baseline, [a.label for a in campaign.algorithms])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with RunStore(store_path, readonly=True) as store:
        runs = campaign_runs(campaign, store)
    tables = report_tables(campaign, runs, baseline)
    stem = out / campaign.name
    written = [stem.with_suffix(".csv")]
    written[0].write_text(csv_text(tables))
    for t in tables:
        middle = f".{_slug(t.title)}" if t.title else ""
        path = out / f"{campaign.name}{middle}.{t.indicator}.tex"
        path.write_text(latex_table(t))
        written.append(path)
    images = []
    if plots:
        from evogan.experiment.plots import draw_all

        images = draw_all(campaign, runs, out)
        written += images
    md = stem.with_suffix(".md")
    md.write_text(_markdown(campaign, runs, tables, images, out, commands))
    return [md, *written]


def _markdown(
    campaign: Campaign,
    runs: RunsByCell,
    tables: Sequence[Table],
    images: Sequence[Path],
    out: Path,
    commands: Sequence[str],
) -> str:
    lines = [f"# Campaign {campaign.name}", "", *_protocol(campaign, runs), ""]
    for indicator in campaign.indicators:
        lines += [f"## {TITLES[indicator]}", ""]
        for t in (t for t in tables if t.indicator == indicator):
            if t.title:
                lines += [f"### {t.title}", ""]
            lines += [*markdown_table(t), ""]
    lines += [_explanation(campaign, tables), ""]
    for entry in campaign.references:
        lines += reference_lines(campaign, runs, entry)
    lines += mutation_lines(campaign, runs)
    lines += transfer_lines(campaign, runs)
    lines += [
        "## Median wall-clock seconds per run",
        "",
        *seconds_lines(campaign, runs),
        "",
    ]
    if images:
        lines += ["## Plots", ""]
        lines += [f"- [{p.name}]({p.relative_to(out)})" for p in images]
        lines.append("")
    lines += ["## Machine and commands", "", *processor_lines(runs)]
    lines += ["- this report was written on:", *(f"  {line}" for line in machine())]
    lines += [f"- command: `{c}`" for c in commands]
    return "\n".join(lines) + "\n"


def processor_lines(runs: RunsByCell) -> list[str]:
    """Markdown bullets naming the processors the stored runs ran on, with how many runs of
    each algorithm: the same seed and versions can end elsewhere on another CPU
    (``evogan.experiment.environment.versions``). Runs stored before runs recorded their
    processor come last."""
    by_cpu: dict[str | None, Counter[str]] = {}
    for (_, algorithm), cell in runs.items():
        for run in cell:
            by_cpu.setdefault(run.versions.get("cpu"), Counter())[algorithm] += 1
    lines = []
    for cpu, counts in sorted(by_cpu.items(), key=lambda kv: (kv[0] is None, -kv[1].total())):
        where = f"made on {cpu}" if cpu else "whose processor was not recorded"
        algorithms = ", ".join(f"{a} {n}" for a, n in counts.items())
        lines.append(f"- runs {where}: {counts.total()} ({algorithms})")
    return lines


def _explanation(campaign: Campaign, tables: Sequence[Table]) -> str:
    """The paragraph under the tables: what the numbers and the marks mean."""
    from evogan.lookup import is_task

    baselines = sorted({t.baseline for t in tables})
    if len(baselines) == 1:
        base = baselines[0]
        against = (
            f"of each algorithm against {base}: + significantly better than {base}, "
            f"- significantly worse"
        )
    else:
        against = (
            "of each algorithm against its table's baseline (the column without marks): "
            "+ significantly better than the baseline, - significantly worse"
        )
    text = (
        f"Mean ± standard deviation over the seeds; the best mean of each row in bold. "
        f"+/-/=: Wilcoxon rank-sum test (p < {ALPHA}) {against}, = no significant "
        "difference. The test compares ranks, not means: where a few runs of one algorithm "
        "fail, its mean can be worse while its mark says better. The last row counts the "
        "marks. HV is normalised by the true front's "
        "ideal and nadir points with the reference point 1.1; IGD uses a 1000-point front."
    )
    if campaign.multitask or any(is_task(p.name) for p in campaign.problems):
        text += (
            " The tasks of multitask problems are scored by their suite's own IGD (CEC 2017: "
            "against the official reference set, normalised, root of the summed squares)."
        )
    return text
