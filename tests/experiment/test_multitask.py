"""Multitask methods as campaign entries: checked like every algorithm, run on a tiny
budget, one stored row per task, reported task by task beside published results."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from evogan.experiment import (
    AlgorithmEntry,
    Campaign,
    CampaignError,
    ProblemEntry,
    RunStore,
    run_campaign,
)
from evogan.experiment.campaign import ReferenceEntry, TableSpec
from evogan.experiment.report import campaign_runs, indicator_table, write_report
from evogan.fronts import reference_front
from evogan.indicators import hv
from problems.cec17_mtmo import cec17_problem

TRANSFER = AlgorithmEntry(
    "transfer", {"algorithm": "nsga2", "period": 5, "epochs": 5, "device": "cpu"}
)


def _campaign(**changes):
    fields = dict(
        name="mt",
        algorithms=(TRANSFER, AlgorithmEntry("momfea", {"rmp": 0.3})),
        problems=(ProblemEntry("cims"),),
        seeds=(1, 2),
        evals=4000,
        pop_size=20,
        indicators=("igd", "hv"),
        baseline="transfer",
    )
    return Campaign(**{**fields, **changes})


@pytest.fixture(scope="module")
def stored():
    campaign = _campaign(references=(ReferenceEntry("cec17-momfea", "momfea"),))
    store = RunStore(":memory:")
    summary = run_campaign(campaign, store)
    yield campaign, store, summary
    store.close()


def test_a_multitask_run_stores_one_row_per_task(stored):
    campaign, store, summary = stored
    assert (summary.total, summary.done) == (4, 4)
    problem = cec17_problem("cims")
    tasks = campaign.tasks()
    assert len(store) == 8 and store.keys() == {k for t in tasks for k in t.row_keys()}
    rows = store.runs(tasks[0].row_keys())
    assert [r.problem for r in rows] == ["cims-t1", "cims-t2"]
    assert [r.key for r in rows] == [tasks[0].key + "-t1", tasks[0].key + "-t2"]
    for t, row in enumerate(rows):
        sub = problem.tasks[t]
        assert row.igd == problem.igd(t, row.F)  # the suite's own IGD
        assert row.hv == hv(row.F, reference_front(sub))
        assert row.X.shape == (len(row.F), sub.n_var) and row.n_evals == 2000
        assert row.extra["task"] == t and row.extra["transfer"]["offered"] > 0
        assert row.config == tasks[0].config() and row.trace == [(2000, row.hv, row.igd)]
    assert rows[0].seconds == rows[1].seconds  # the whole run's
    momfea = store.runs(tasks[2].row_keys())
    assert sum(r.n_evals for r in momfea) == 4000 and "transfer" not in momfea[0].extra
    again = run_campaign(campaign, store)
    assert (again.skipped, again.done) == (4, 0)


def test_the_rows_of_a_run_are_written_in_one_transaction(stored):
    _, store, _ = stored
    good, bad = store.runs()[:2]
    bad.algorithm = None  # NOT NULL: the second row fails
    good.key, bad.key = "new-t1", "new-t2"
    with pytest.raises(sqlite3.IntegrityError):
        store.add_all([good, bad])
    assert "new-t1" not in store.keys()


def test_the_report_gives_each_task_and_the_organisers_momfea(stored, tmp_path):
    campaign, store, _ = stored
    runs = campaign_runs(campaign, store)
    table = indicator_table(campaign, runs, "igd", "transfer")
    assert table.problems == ("cims-t1", "cims-t2")
    cell = table.cells["cims-t2"]["momfea"]
    assert cell.values == tuple(r.igd for r in runs["cims-t2", "momfea"]) and cell.sign in "+-="
    db = tmp_path / "mt.sqlite"
    with RunStore(db) as copy:
        copy.add_all(store.runs())
    paths = write_report(campaign, db, tmp_path, plots=True)
    md = paths[0].read_text()
    assert "| problem | transfer | momfea |" in md and "| cims-t1 | " in md
    assert "## Published reference: organisers' MO-MFEA (30 runs)" in md
    assert "| cims-t1 | 0.04571 ± 0.067 | " in md
    assert "## Transfer offspring kept" in md
    names = sorted(p.name for p in paths if p.suffix == ".png")
    assert names == ["front_cims-t1.png", "front_cims-t2.png", "hv_boxplots.png"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            dict(algorithms=(AlgorithmEntry("transfer", {"fractoin": 0.1}),)),
            "algorithm 'transfer' (transfer): unknown transfer option(s) ['fractoin']",
        ),
        (
            dict(algorithms=(TRANSFER, AlgorithmEntry("momfea", {"rmp": 1.5}))),
            "algorithm 'momfea' (momfea): momfea option rmp must lie in [0, 1], got 1.5",
        ),
        (
            dict(algorithms=(TRANSFER, AlgorithmEntry("single", {"algorithm": "nsga9"}))),
            "algorithm 'single' (single): unknown algorithm 'nsga9'",
        ),
        (
            dict(algorithms=(TRANSFER, AlgorithmEntry("nsga2"))),
            "mixes multitask methods (transfer) with single-task algorithms",
        ),
        (dict(problems=(ProblemEntry("zdt1"),)), "'zdt1' is not a multitask problem"),
        (
            dict(evals=30),
            "budget 30 of problem 'cims' gives each of 2 tasks 15 evaluations, fewer than one "
            "generation (pop_size=20)",
        ),
        (
            dict(algorithms=(AlgorithmEntry("nsga2"),), baseline="nsga2"),
            "'cims' is a multitask problem: solve it with multitask methods",
        ),
        (
            dict(references=(ReferenceEntry("cec17-momfea", "nsga9"),)),
            "unknown algorithm of reference 'cec17-momfea' 'nsga9'",
        ),
        (dict(tables=(TableSpec("main", ("transfer", "single")),)), "algorithm of table 'main'"),
    ],
)
def test_bad_multitask_entries_raise_naming_them(changes, message):
    with pytest.raises(CampaignError) as exc:
        _campaign(**changes)
    assert message in str(exc.value)


def test_a_task_runs_alone_as_a_problem_scored_by_the_suite():
    campaign = Campaign(
        name="task",
        algorithms=(AlgorithmEntry("nsga2"),),
        problems=(ProblemEntry("cims-t2"),),
        seeds=(1,),
        evals=400,
        pop_size=20,
    )
    with RunStore(":memory:") as store:
        run_campaign(campaign, store)
        (run,) = store.runs()
    task = cec17_problem("cims").tasks[1]
    assert run.problem == "cims-t2" and run.igd == task.igd(run.F)
    assert np.isfinite(run.hv) and [g for _, _, g in run.trace][-1] == run.igd
