"""Records of the old benchmark scripts imported into a campaign's store: matched by their
settings, stored under the runs' keys, skipped by the next run, reported as they were."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from evogan.cli import main
from evogan.errors import OptionError
from evogan.experiment import Campaign, RunStore, load_campaign, run_campaign
from evogan.experiment.campaign import AlgorithmEntry, ProblemEntry
from evogan.experiment.importer import import_records, read_records
from evogan.experiment.report import campaign_runs, indicator_table, write_report

DATA = Path(__file__).parent / "data"


def _mean(records, **where):
    values = [r["igd"] for r in records if all(r.get(k) == v for k, v in where.items())]
    return np.mean(values), np.std(values, ddof=1)


def test_records_are_stored_under_the_campaigns_keys_and_not_run_again(tiny_toml):
    campaign = load_campaign(tiny_toml)
    records = read_records(DATA / "tiny.runs.jsonl")
    assert len(records) == 14  # the torn last line is skipped
    with RunStore(":memory:") as store:
        # the scripts traced every 5 generations, the tiny campaign every 2
        assert import_records(campaign, store, records).imported == 0
        assume = {"trace_every": 2}
        summary = import_records(campaign, store, records, assume=assume, source="tiny.runs.jsonl")
        counts = (summary.imported, summary.rows, summary.duplicates, summary.missing)
        assert counts == (12, 12, 1, 0)
        assert [line for line, _ in summary.unmatched] == [13]
        assert "evals=500" in summary.unmatched[0][1]
        assert store.keys() == {t.key for t in campaign.tasks()}
        run = store.runs([campaign.tasks()[0].key])[0]
        assert run.imported and run.F.size == 0 and run.trace == []
        assert run.extra["imported"]["from"] == "tiny.runs.jsonl"
        assert "X" in run.extra["imported"]["missing"] and run.n_evals == 400

        done = run_campaign(campaign, store)
        assert (done.skipped, done.done) == (12, 0)

        runs = campaign_runs(campaign, store)
        table = indicator_table(campaign, runs, "igd", "nsga2")
        for problem in ("zdt1", "zdt2"):
            for alg in ("nsga2", "smsemoa"):
                cell = table.cells[problem][alg]
                wanted = _mean(records[:12], problem=problem, algorithm=alg)
                assert (cell.mean, cell.std) == pytest.approx(wanted)

        again = import_records(campaign, store, records, assume=assume)
        assert (again.imported, again.stored) == (0, 12)


def test_report_of_imported_runs_has_tables_and_no_front_plots(tiny_toml, tmp_path):
    campaign = load_campaign(tiny_toml)
    db = tmp_path / "imported.sqlite"
    with RunStore(db) as store:
        records = read_records(DATA / "tiny.runs.jsonl")
        import_records(campaign, store, records, assume={"trace_every": 2}, source="x.jsonl")
    paths = write_report(campaign, db, tmp_path / "out")
    md = paths[0].read_text()
    assert "| zdt1 | **0.12 ± 0.01** | 0.15 ± 0.01 = |" in md  # 3 seeds: exact p = 0.1
    assert "12 of the rows were imported from `x.jsonl`" in md
    names = {p.name for p in paths}
    assert "hv_boxplots.png" in names  # the records have HV
    assert not any(n.startswith("front_") or n == "hv_convergence.png" for n in names)


def _multitask_campaign(**changes):
    fields = dict(
        name="mt",
        algorithms=(
            AlgorithmEntry("transfer", {"algorithm": "nsga2", "device": "cpu"}),
            AlgorithmEntry("momfea"),
        ),
        problems=(ProblemEntry("cims"),),
        seeds=(1, 2),
        evals=4000,
        pop_size=20,
        indicators=("igd",),
    )
    return Campaign(**{**fields, **changes})


def test_multitask_records_give_a_row_per_task():
    campaign = _multitask_campaign()
    records = read_records(DATA / "multitask.runs.jsonl")
    with RunStore(":memory:") as store:
        with pytest.raises(OptionError, match="unknown setting 'rmq' to assume"):
            import_records(campaign, store, records, assume={"rmq": "0.3"})
        # transfer records from before `direct` and `device` were recorded: say what they were
        bare = import_records(campaign, store, records)
        assert (bare.imported, len(bare.unmatched)) == (2, 2)  # only MO-MFEA's match
        assume = {"device": "cpu", "direct": "0.5"}
        summary = import_records(campaign, store, records, assume=assume)
        assert (summary.imported, summary.rows, summary.stored) == (2, 4, 2)
        assert run_campaign(campaign, store).done == 0
        runs = campaign_runs(campaign, store)
        first = runs["cims-t2", "transfer"][1]
        assert first.key == campaign.tasks()[1].key + "-t2" and first.igd == 0.04
        assert first.extra["transfer"] == {"offered": 100, "survived": 5}
        assert first.extra["imported"]["assume"] == {"device": "cpu", "direct": 0.5}
        assert first.n_evals == 2000  # the task's share of the budget
        table = indicator_table(campaign, runs, "igd", "transfer")
        assert table.cells["cims-t1"]["momfea"].mean == pytest.approx(0.45)


def test_records_of_single_tasks_with_assumed_settings(tmp_path, capsys):
    toml = tmp_path / "tasks.toml"
    toml.write_text(
        'name = "tasks"\nseeds = 2\nevals = 1000\npop_size = 20\nindicators = ["igd"]\n'
        'store = "tasks.sqlite"\n[[algorithm]]\nname = "nsga2"\noptions = { prob_c = 0.9 }\n'
        '[[problem]]\nnames = ["cims-t1", "cims-t2"]\n[[reference]]\nsource = "cec17-nsga2"\n'
        'versus = "nsga2"\n'
    )
    records = str(DATA / "tasks.runs.jsonl")
    assert main(["bench", "import", records, str(toml)]) == 0
    assert "imported 0 runs" in capsys.readouterr().out  # no algorithm or budget in them
    assume = ["--assume", "algorithm=nsga2:prob_c=0.9", "--assume", "evals=1000"]
    assert main(["bench", "import", records, str(toml), *assume, "--assume", "pop_size=20"]) == 0
    out = capsys.readouterr().out
    assert "imported 4 runs (4 rows) of 4 records" in out and "0 runs of the campaign have" in out
    assert main(["bench", "run", str(toml), "--quiet"]) == 0
    assert "0 runs done now, 4 were stored" in capsys.readouterr().out
    assert main(["bench", "report", str(toml), "--no-plots"]) == 0
    md = (tmp_path / "tasks.md").read_text()
    assert "| cims-t2 | **0.03 ± 0.014** |" in md
    assert "| cims-t1 | 0.1004 ± 0.076 | 0.015 ± 0.0071 | 0.149 |  |" in md
    assert main(["bench", "import", records, str(toml), "--assume", "evals"]) == 2
    assert "--assume takes KEY=VALUE" in capsys.readouterr().err


def test_a_record_file_that_cannot_be_read_is_named(tmp_path):
    from evogan.errors import EvoganError

    with pytest.raises(EvoganError, match="cannot read records"):
        read_records(tmp_path / "none.jsonl")
