from __future__ import annotations

from pathlib import Path

import pytest

from evogan.cli import main
from evogan.experiment import AlgorithmEntry, Campaign, CampaignError, ProblemEntry, load_campaign


def _campaign(**changes):
    fields = dict(
        name="c",
        algorithms=(AlgorithmEntry("nsga2"), AlgorithmEntry("moead", label="MOEA/D")),
        problems=(ProblemEntry("zdt1", {"n_var": 5}), ProblemEntry("dtlz2", evals=300)),
        seeds=(1, 2),
        evals=200,
        pop_size=20,
    )
    return Campaign(**{**fields, **changes})


def test_toml_gives_the_runs_in_cell_order(tiny_toml):
    campaign = load_campaign(tiny_toml)
    tasks = campaign.tasks()
    assert len(tasks) == 2 * 2 * 3
    assert [(t.problem_label, t.algorithm_label, t.seed) for t in tasks[:4]] == [
        ("zdt1", "nsga2", 1),
        ("zdt1", "nsga2", 2),
        ("zdt1", "nsga2", 3),
        ("zdt1", "smsemoa", 1),
    ]
    assert tasks[0].params == {"n_var": 8} and tasks[0].evals == 400 and tasks[0].pop_size == 40
    assert campaign.store == tiny_toml.parent / "tiny.sqlite"
    assert len({t.key for t in tasks}) == len(tasks)


def test_python_campaign_budget_per_problem_and_default_baseline():
    campaign = _campaign()
    assert campaign.baseline == "MOEA/D"  # the last algorithm unless named
    assert {t.problem: t.evals for t in campaign.tasks()} == {"zdt1": 200, "dtlz2": 300}


def test_key_depends_on_what_determines_the_run_only():
    a, b = _campaign().tasks()[0], _campaign(name="other").tasks()[0]
    assert a.key == b.key  # the campaign's name does not change a run
    c = _campaign(evals=201).tasks()[0]
    assert c.key != a.key


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (dict(algorithms=(AlgorithmEntry("nsga4"),)), "unknown algorithm 'nsga4'; valid choices"),
        (dict(problems=(ProblemEntry("zdt9"),)), "unknown problem 'zdt9'; valid choices"),
        (
            dict(problems=(ProblemEntry("zdt1", {"m": 2}),)),
            "unknown parameter(s) 'm' for problem 'zdt1'",
        ),
        (
            dict(algorithms=(AlgorithmEntry("nsga2", {"popsize": 10}),)),
            "algorithm 'nsga2' (nsga2): unknown nsga2 option(s) ['popsize']; valid options:",
        ),
        (
            dict(algorithms=(AlgorithmEntry("gmoea", {"n_elite": 3}),)),
            "unknown GMOEA option(s) ['n_elite']",
        ),
        (dict(seeds=(1, 1)), "duplicate seed 1"),
        (
            dict(algorithms=(AlgorithmEntry("nsga2", {"mutation": object()}),)),
            "options of algorithm 'nsga2' must be plain data",
        ),
        (dict(evals=10), "budget 10 of problem 'zdt1' is smaller than one population"),
        (dict(indicators=("hv", "gd")), "unknown indicator 'gd'; valid choices: 'hv', 'igd'"),
        (dict(baseline="spea2"), "unknown baseline 'spea2'"),
    ],
)
def test_bad_campaign_raises_a_clear_error(changes, message):
    with pytest.raises(CampaignError) as exc:
        _campaign(**changes)
    assert message in str(exc.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[[algorithm]]", "[[algorithm]", "is not valid TOML"),
        ('name = "smsemoa"', 'name = "smsemo"', "unknown algorithm 'smsemo'"),
        ("zdt2", "zdt9", "unknown problem 'zdt9'"),
        ("trace_every", "trace_evry", "unknown key(s) 'trace_evry' in campaign"),
        ("seeds = 3", "seeds = 'three'", "seeds must be a list"),
        ('names = ["zdt1", "zdt2"]', "", "needs exactly one of 'name' or 'names'"),
    ],
)
def test_bad_toml_fails_before_anything_runs(tiny_toml, tmp_path, capsys, old, new, message):
    path = tmp_path / "bad.toml"
    path.write_text(tiny_toml.read_text().replace(old, new, 1))
    with pytest.raises(CampaignError) as exc:
        load_campaign(path)
    assert message in str(exc.value) and str(path) in str(exc.value)
    assert main(["bench", "run", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "tiny.sqlite").exists()  # nothing ran, no store was made


CAMPAIGNS = sorted((Path(__file__).parents[2] / "benchmarks" / "campaigns").glob("*.toml"))
#: Baseline and seeds of the campaigns that took over the benchmark scripts' runs; the
#: protocol's own campaigns have GMOEA as the baseline and 30 seeds.
SCRIPTS = {
    "gmoea_imf": ("nsga2", 10, 680),
    "egan_imf": ("gmoea", 10, 1200),
    "cec17_nsga2": ("nsga2", 3, 54),
    "multitask_cec17": ("transfer nsga2", 10, 900),
    # 39 problems, 10 seeds: 8 algorithms, GMOEA's 3 ablations, its lead (shrinkage 0) and
    # the lead's frozen generator everywhere, SMS-EMOA on the 22 3-objective ones, 4 GMOEA
    # variants on the 19 large-scale
    "heldout": ("gmoea", 10, 39 * 13 * 10 + 22 * 10 + 4 * 19 * 10),
    "gmoea_v2": ("p10 fitness", 10, 37 * 22 * 10),
    "survival_m4": ("gmoea", 5, 6 * 2 * 5),
}


@pytest.mark.parametrize("path", CAMPAIGNS, ids=lambda p: p.stem)
def test_standard_campaigns_load(path):
    campaign = load_campaign(path)
    baseline, seeds, runs = SCRIPTS.get(path.stem, ("gmoea", 30, None))
    assert campaign.baseline == baseline and len(campaign.seeds) == seeds
    assert runs is None or len(campaign.tasks()) == runs
    assert campaign.store.parent.name == "results"


def test_a_problem_may_set_its_own_population_size(tmp_path):
    problems = (ProblemEntry("zdt1", {"n_var": 5}), ProblemEntry("dtlz2", pop_size=30))
    tasks = _campaign(problems=problems, evals=300).tasks()
    assert {t.problem: t.pop_size for t in tasks} == {"zdt1": 20, "dtlz2": 30}
    with pytest.raises(CampaignError, match="smaller than one population"):
        _campaign(problems=(ProblemEntry("dtlz2", pop_size=400),), evals=300)
    toml = tmp_path / "m.toml"
    toml.write_text(
        'name = "m"\nevals = 600\n[[algorithm]]\nname = "nsga3"\n'
        '[[problem]]\nname = "dtlz2"\nparams = { n_obj = 5 }\npop_size = 212\n'
    )
    assert load_campaign(toml).tasks()[0].pop_size == 212


def test_an_algorithm_may_run_on_some_problems_and_a_table_show_some_rows(tmp_path):
    from evogan.experiment import RunStore, run_campaign
    from evogan.experiment.campaign import TableSpec
    from evogan.experiment.report import report_tables

    campaign = _campaign(
        algorithms=(AlgorithmEntry("nsga2"), AlgorithmEntry("smsemoa", problems=("zdt1",))),
        problems=(ProblemEntry("zdt1", {"n_var": 5}), ProblemEntry("dtlz2", trace_every=3)),
        tables=(
            TableSpec("all", ("nsga2", "smsemoa")),
            TableSpec("dtlz", ("nsga2",), "", ("dtlz2",)),
        ),
        evals=300,
    )
    tasks = campaign.tasks()
    assert {(t.algorithm, t.problem) for t in tasks} == {
        ("nsga2", "zdt1"),
        ("nsga2", "dtlz2"),
        ("smsemoa", "zdt1"),
    }
    assert {t.problem: t.trace_every for t in tasks} == {"zdt1": 5, "dtlz2": 3}
    with RunStore(":memory:") as store:
        summary = run_campaign(campaign, store, only=["smsemoa"])
        assert summary.done == 2 and {r.algorithm for r in store.runs()} == {"smsemoa"}
        from evogan.experiment.report import campaign_runs

        tables = report_tables(campaign, campaign_runs(campaign, store))
    assert [t.problems for t in tables[:2]] == [("zdt1", "dtlz2"), ("dtlz2",)]
    assert tables[0].cells["dtlz2"]["smsemoa"].values == ()  # it does not run there
    with pytest.raises(CampaignError, match="unknown problem of algorithm 'smsemoa' 'zdt9'"):
        _campaign(algorithms=(AlgorithmEntry("smsemoa", problems=("zdt9",)),))


def test_bench_forget_removes_one_algorithms_runs(tiny_toml, capsys):
    from evogan.experiment import RunStore, load_campaign, run_campaign

    campaign = load_campaign(tiny_toml)
    run_campaign(campaign)
    code = main(["bench", "forget", str(tiny_toml), "--algorithm", "smsemoa", "--problems", "zdt2"])
    assert code == 0 and "removed 3 stored runs of smsemoa" in capsys.readouterr().out
    with RunStore(campaign.store) as store:
        assert len(store) == 9 and run_campaign(campaign, store).done == 3


def test_bench_rekey_keeps_runs_whose_entry_now_names_its_old_default(tiny_toml, capsys):
    from evogan.experiment import RunStore, load_campaign, run_campaign

    campaign = load_campaign(tiny_toml)
    run_campaign(campaign)
    old = tiny_toml.with_name("old.toml")
    old.write_text(tiny_toml.read_text())
    # smsemoa's entry now names the SBX index its runs had by default
    tiny_toml.write_text(
        tiny_toml.read_text().replace(
            'name = "smsemoa"\n', 'name = "smsemoa"\noptions = { eta_c = 20.0 }\n'
        )
    )
    changed = load_campaign(tiny_toml)
    with RunStore(changed.store) as store:
        before = {r.key: r for r in store.runs()}
        keys = {t.key for t in changed.tasks() if t.algorithm_label == "smsemoa"}
        assert len(keys) == 6 and not keys & store.keys()  # they would all run again
    code = main(["bench", "rekey", str(tiny_toml), "--old", str(old), "--algorithm", "smsemoa"])
    assert code == 0 and "6 stored runs of smsemoa now have the keys" in capsys.readouterr().out
    with RunStore(changed.store) as store:
        after = {r.key: r for r in store.runs()}
        assert len(after) == 12 and run_campaign(changed, store).done == 0
    moved = [r for r in after.values() if r.algorithm == "smsemoa"]
    assert all(r.config["options"] == {"eta_c": 20.0} for r in moved)
    assert sorted(r.hv for r in moved) == sorted(
        r.hv for r in before.values() if r.algorithm == "smsemoa"
    )
    # a second rekey finds nothing to move
    again = ["bench", "rekey", str(tiny_toml), "--old", str(old), "--algorithm", "smsemoa"]
    assert main(again) == 0
    assert "0 stored runs" in capsys.readouterr().out


def test_bench_rekey_from_keeps_runs_whose_entry_was_renamed(tiny_toml, capsys):
    from evogan.experiment import RunStore, load_campaign, run_campaign

    run_campaign(load_campaign(tiny_toml))
    old = tiny_toml.with_name("old.toml")
    old.write_text(tiny_toml.read_text())
    renamed = 'label = "smsemoa eta 20"\nname = "smsemoa"\noptions = { eta_c = 20.0 }\n'
    tiny_toml.write_text(tiny_toml.read_text().replace('name = "smsemoa"\n', renamed))
    command = ["bench", "rekey", str(tiny_toml), "--old", str(old)]
    assert main([*command, "--algorithm", "smsemoa eta 20"]) != 0  # no such label in old
    assert "unknown algorithm label of tiny 'smsemoa eta 20'" in capsys.readouterr().err
    code = main([*command, "--algorithm", "smsemoa eta 20", "--from", "smsemoa"])
    out = capsys.readouterr().out
    assert code == 0 and "6 stored runs of smsemoa now have the keys" in out
    assert "for smsemoa eta 20" in out
    changed = load_campaign(tiny_toml)
    with RunStore(changed.store) as store:
        assert {r.algorithm for r in store.runs()} == {"nsga2", "smsemoa eta 20"}
        assert run_campaign(changed, store).done == 0


def test_bench_run_only_may_repeat(tiny_toml, capsys):
    from evogan.experiment import RunStore, load_campaign

    code = main(["bench", "run", str(tiny_toml), "--quiet", "--only", "smsemoa"])
    assert code == 0 and "6 runs done now, 0 were stored" in capsys.readouterr().out
    # a repeated --only adds its labels (it used to keep only the last)
    code = main(["bench", "run", str(tiny_toml), "--quiet", "--only", "nsga2", "--only", "smsemoa"])
    assert code == 0 and "6 runs done now, 6 were stored, 12 in all" in capsys.readouterr().out
    with RunStore(load_campaign(tiny_toml).store) as store:
        assert {r.algorithm for r in store.runs()} == {"nsga2", "smsemoa"}
