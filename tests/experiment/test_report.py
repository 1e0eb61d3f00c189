from __future__ import annotations

import csv

import numpy as np
import pytest

from evogan.cli import main
from evogan.experiment import AlgorithmEntry, Campaign, ProblemEntry, Run, RunStore, load_campaign
from evogan.experiment.environment import cpu_name
from evogan.experiment.plots import hv_band, median_run
from evogan.experiment.report import indicator_table, latex_table, markdown_table

PNG = b"\x89PNG\r\n\x1a\n"


def _run(problem, algorithm, seed, hv, trace=()):
    return Run(
        key=f"{problem}-{algorithm}-{seed}",
        algorithm=algorithm,
        problem=problem,
        seed=seed,
        config={},
        X=np.zeros((1, 2)),
        F=np.zeros((1, 2)),
        hv=hv,
        igd=1 - hv,
        n_evals=100,
        seconds=1.0,
        trace=list(trace),
        versions={},
        device="cpu",
        host="h",
        finished="",
    )


@pytest.fixture
def campaign():
    return Campaign(
        name="t",
        algorithms=(AlgorithmEntry("nsga2", label="a"), AlgorithmEntry("nsga2", label="b")),
        problems=(ProblemEntry("zdt1"), ProblemEntry("zdt2")),
        seeds=tuple(range(1, 11)),
        evals=200,
        baseline="a",
    )


def test_table_marks_bold_and_counts(campaign):
    seeds = range(1, 11)
    runs = {
        ("zdt1", "a"): [_run("zdt1", "a", s, 0.50 + 0.001 * s) for s in seeds],
        ("zdt1", "b"): [_run("zdt1", "b", s, 0.60 + 0.001 * s) for s in seeds],
        ("zdt2", "a"): [_run("zdt2", "a", s, 0.70 + 0.001 * s) for s in seeds],
        ("zdt2", "b"): [_run("zdt2", "b", s, 0.70 + 0.001 * s) for s in seeds[:4]],
    }
    hv = indicator_table(campaign, runs, "hv", "a")
    igd = indicator_table(campaign, runs, "igd", "a")
    assert hv.cells["zdt1"]["b"].sign == "+" and igd.cells["zdt1"]["b"].sign == "+"
    assert hv.cells["zdt1"]["b"].mean == pytest.approx(0.6055)
    assert hv.cells["zdt1"]["b"].best and not hv.cells["zdt1"]["a"].best
    assert hv.cells["zdt2"]["b"].sign == "="
    assert hv.signs("b") == "1/0/1"
    runs["zdt2", "a"] = []  # no baseline runs: no comparison, not counted as '='
    assert indicator_table(campaign, runs, "hv", "a").signs("b") == "1/0/0"
    md = markdown_table(hv)
    assert md[2] == "| zdt1 | 0.5055 ± 0.003 | **0.6055 ± 0.003** + |"
    assert md[3] == "| zdt2 | **0.7055 ± 0.003** | 0.7025 ± 0.0013 = (4/10) |"
    assert md[-1] == "| +/-/= |  | 1/0/1 |"
    tex = latex_table(hv)
    assert "\\textbf{0.6055 $\\pm$ 0.003} +" in tex and "+/-/= &  & 1/0/1" in tex
    against_b = latex_table(indicator_table(campaign, runs, "hv", "b"))
    assert "zdt1 & 0.5055 $\\pm$ 0.003 $-$ & \\textbf{0.6055 $\\pm$ 0.003} \\\\" in against_b


def test_report_names_the_processors_the_runs_ran_on():
    from evogan.experiment.report import processor_lines

    old = [_run("zdt1", "a", seed, 0.5) for seed in (1, 2, 3)]  # stored before the CPU was
    new = [_run("zdt1", "b", seed, 0.5) for seed in (1, 2)]
    new[1].versions = {"cpu": "AMD EPYC"}
    for run in new[:1] + old[:1]:
        run.versions = {"cpu": "Intel Xeon"}
    lines = processor_lines({("zdt1", "a"): old, ("zdt1", "b"): new})
    assert lines == [
        "- runs made on Intel Xeon: 2 (a 1, b 1)",
        "- runs made on AMD EPYC: 1 (b 1)",
        "- runs whose processor was not recorded: 2 (a 2)",
    ]


def test_median_run_and_interquartile_band():
    runs = [
        _run("p", "a", s, hv, [(10, 0.0, 1.0), (20, hv, 1.0)]) for s, hv in enumerate([3, 1, 2, 4])
    ]
    assert median_run(runs).hv == 2  # lower middle of 1, 2, 3, 4
    evals, q25, q50, q75 = hv_band(runs)
    assert evals[0] == 10 and evals[-1] == 20
    assert (q25[-1], q50[-1], q75[-1]) == (1.75, 2.5, 3.25)
    assert q50[len(evals) // 2] == pytest.approx(2.5 * (evals[len(evals) // 2] - 10) / 10)


def test_bench_run_and_report_write_tables_and_plots(tiny_toml, tmp_path, capsys):
    assert main(["bench", "run", str(tiny_toml), "--quiet"]) == 0
    assert "12 runs done now, 0 were stored, 12 in all" in capsys.readouterr().out
    out = tmp_path / "report"
    assert main(["bench", "report", str(tiny_toml), "--out", str(out)]) == 0
    md = (out / "tiny.md").read_text()
    assert "runs: 12/12 finished (100.0%)" in md
    assert "| problem | nsga2 | smsemoa |" in md and "**" in md and "| +/-/= |" in md
    assert f"command: `evogan bench run {tiny_toml}`" in md
    assert f"- runs made on {cpu_name()}: 12 (nsga2 6, smsemoa 6)" in md
    assert f"command: `evogan bench report {tiny_toml} --out {out}`" in md
    rows = list(csv.DictReader((out / "tiny.csv").open()))
    assert len(rows) == 2 * 2 * 2 and {r["n"] for r in rows} == {"3"}
    with RunStore(tiny_toml.parent / "tiny.sqlite") as store:
        hvs = [r.hv for r in store.runs() if (r.problem, r.algorithm) == ("zdt2", "smsemoa")]
    row = next(
        r
        for r in rows
        if (r["indicator"], r["problem"], r["algorithm"]) == ("hv", "zdt2", "smsemoa")
    )
    assert float(row["mean"]) == pytest.approx(np.mean(hvs))
    assert "\\begin{tabular}{lcc}" in (out / "tiny.igd.tex").read_text()
    plots = out / "tiny_plots"
    names = ["hv_convergence.png", "hv_boxplots.png", "front_zdt1.png", "front_zdt2.png"]
    for name in names:
        assert (plots / name).read_bytes()[:8] == PNG
    assert main(["bench", "report", str(tiny_toml), "--baseline", "moead"]) == 2
    assert "unknown baseline 'moead'" in capsys.readouterr().err


def test_report_of_an_empty_store_shows_dashes(tiny_toml, tmp_path):
    campaign = load_campaign(tiny_toml)
    from evogan.experiment.report import write_report

    paths = write_report(campaign, tmp_path / "empty.sqlite", tmp_path, plots=False)
    md = paths[0].read_text()
    assert "runs: 0/12 finished (0.0%)" in md and "| zdt1 | – | – |" in md
