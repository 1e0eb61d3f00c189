from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace

import numpy as np
import pytest

from evogan.experiment import RunStore, load_campaign, run_campaign
from evogan.experiment.environment import cpu_name
from evogan.experiment.report import campaign_runs, csv_text, indicator_table


def _csv(campaign, store):
    runs = campaign_runs(campaign, store)
    return csv_text([indicator_table(campaign, runs, i, "nsga2") for i in ("hv", "igd")])


def _results(store):
    return {r.key: (r.hv, r.igd, r.n_evals, r.F.tobytes(), r.X.tobytes()) for r in store.runs()}


def _count(db):
    """Rows stored so far (0 while the file or its table does not exist yet)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as con:
            return con.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    except sqlite3.OperationalError:  # the table is being created, or the file is locked
        return 0


@pytest.fixture(scope="module")
def reference(tmp_path_factory, tiny_text):
    """The tiny campaign run without interruption, in this process (once per module)."""
    path = tmp_path_factory.mktemp("reference") / "tiny.toml"
    path.write_text(tiny_text)
    campaign = load_campaign(path)
    store = RunStore(":memory:")
    progress = io.StringIO()
    summary = run_campaign(campaign, store, progress=progress)
    yield campaign, store, summary, progress.getvalue()
    store.close()


def test_campaign_stores_every_run_with_its_record(reference):
    campaign, store, summary, progress = reference
    assert (summary.total, summary.skipped, summary.done) == (12, 0, 12)
    runs = store.runs()
    assert len(runs) == 12
    run = runs[0]
    assert (run.problem, run.algorithm, run.seed) == ("zdt1", "nsga2", 1)
    assert run.config["params"] == {"n_var": 8} and run.config["evals"] == 400
    assert run.n_evals == 400 and run.F.shape[1] == 2 and run.X.shape == (len(run.F), 8)
    assert 0 <= run.hv <= 1.21 and run.igd > 0 and run.seconds > 0
    # HV and IGD every 2 generations of 40, and at the end: 40, 120, 200, 280, 360, 400
    assert [t[0] for t in run.trace] == [40, 120, 200, 280, 360, 400]
    assert run.trace[-1][1:] == (run.hv, run.igd)
    assert run.versions["evogan"] and run.versions["pymoo"] and run.versions["torch"]
    assert run.versions["cpu"] == cpu_name()
    assert run.device == "cpu" and run.finished.endswith("+00:00")
    assert "tiny: 12/12 runs 100.0%" in progress and "ETA 0:00:00" in progress
    assert "\nzdt2 smsemoa seed 3: HV " in progress.replace("\r", "\n")


def test_rerun_skips_finished_runs(reference):
    campaign, store, _, _ = reference
    before = _results(store)
    summary = run_campaign(campaign, store)
    assert (summary.skipped, summary.done) == (12, 0)
    assert _results(store) == before


def test_sigkill_then_resume_gives_the_uninterrupted_table(reference, tiny_toml):
    campaign, store, _, _ = reference
    db = tiny_toml.parent / "tiny.sqlite"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    child = subprocess.Popen(
        [sys.executable, "-m", "evogan.cli", "bench", "run", str(tiny_toml), "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        stored = 0
        deadline = time.monotonic() + 120
        while stored < 2 and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
            stored = _count(db)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    with RunStore(db) as killed:
        assert 2 <= len(killed) < 12, "the kill must land mid-campaign"
        partial = len(killed)
        summary = run_campaign(campaign, killed)
        assert (summary.skipped, summary.done) == (partial, 12 - partial)
        assert _csv(campaign, killed) == _csv(campaign, store)
        assert _results(killed) == _results(store)


def test_process_pool_and_local_cluster_equal_the_serial_run(reference, tiny_toml):
    campaign, store, _, _ = reference
    with RunStore(":memory:") as pooled:
        run_campaign(campaign, pooled, jobs=2)
        assert _results(pooled) == _results(store)
    with RunStore(":memory:") as clustered:
        run_campaign(campaign, clustered, local_cluster=2, cluster_processes=False)
        assert _results(clustered) == _results(store)
    assert np.isfinite([r.hv for r in store.runs()]).all()


def test_dask_scheduler_on_loopback_equals_the_serial_run(reference):
    from dask.distributed import LocalCluster

    campaign, store, _, _ = reference
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    )
    with cluster, RunStore(":memory:") as remote:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        run_campaign(campaign, remote, scheduler=cluster.scheduler_address)
        assert _results(remote) == _results(store)


def test_store_round_trips_arrays_and_nan_exactly(tmp_path):
    from evogan.experiment.store import Run, _from_bytes

    X = np.random.default_rng(0).random((7, 3))
    run = Run("k", "a", "p", 1, {"o": 1}, X, X[:, :2], float("nan"), 0.5, 10, 1.0,
              [(10, float("nan"), 0.5)], {}, "cpu", "h", "t")  # fmt: skip
    with RunStore(tmp_path / "s.sqlite") as store:
        store.add(run)
    with RunStore(tmp_path / "s.sqlite") as store:
        (back,) = store.runs()
    assert back.X.tobytes() == X.tobytes() and back.F.shape == (7, 2)
    assert np.isnan(back.hv) and np.isnan(back.trace[0][1]) and back.config == {"o": 1}
    raw = io.BytesIO()
    np.save(raw, X)
    assert np.array_equal(_from_bytes(raw.getvalue()), X)  # uncompressed .npy still reads


def test_a_failing_run_is_named_and_earlier_runs_stay_stored(reference, monkeypatch):
    import evogan.run
    from evogan.experiment.execute import RunFailed

    campaign, _, _, _ = reference
    solve = evogan.run.solve

    def fail_on_seed_2(*args, **kwargs):
        if args[3] == 2:
            raise FloatingPointError("overflow")
        return solve(*args, **kwargs)

    monkeypatch.setattr(evogan.run, "solve", fail_on_seed_2)
    with RunStore(":memory:") as store:
        with pytest.raises(RunFailed, match="run nsga2 on zdt1 seed 2 failed: FloatingPointError"):
            run_campaign(campaign, store)
        assert [(r.problem, r.algorithm, r.seed) for r in store.runs()] == [("zdt1", "nsga2", 1)]


def test_a_script_without_main_guard_gets_a_clear_error_with_jobs(tmp_path):
    script = tmp_path / "campaign.py"
    script.write_text(
        "from evogan.experiment import AlgorithmEntry, Campaign, ProblemEntry, run_campaign\n"
        "campaign = Campaign(name='g', algorithms=(AlgorithmEntry('nsga2'),),\n"
        "    problems=(ProblemEntry('zdt1', {'n_var': 6}),), seeds=range(1, 6), evals=200,\n"
        f"    store={str(tmp_path / 'g.sqlite')!r})\n"
        "run_campaign(campaign, jobs=2)\n"
    )
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("evogan.experiment.execute.RunFailed: a worker process of the pool")
    assert 'if __name__ == "__main__":' in last


def test_a_campaign_without_x_stores_empty_x_beside_the_same_results(
    reference, tmp_path, tiny_text
):
    campaign, ref_store, *_ = reference
    path = tmp_path / "tiny.toml"
    path.write_text("keep_x = false\n" + tiny_text)
    slim = load_campaign(path)
    assert slim.keep_x is False and campaign.keep_x is True
    store = RunStore(":memory:")
    run_campaign(slim, store, only=["nsga2"])
    ref = {r.key: r for r in ref_store.runs()}
    runs = store.runs()
    assert len(runs) == 6
    for run in runs:
        assert run.X.shape == (0, 8) and run.extra["x_dropped"] is True
        kept = ref[run.key]
        assert len(kept.X) > 0 and "x_dropped" not in kept.extra
        assert (run.hv, run.igd, run.F.tobytes()) == (kept.hv, kept.igd, kept.F.tobytes())


def test_drop_x_empties_x_keeps_the_rest_and_shrinks_the_file(reference, tmp_path):
    _, ref_store, *_ = reference
    runs = ref_store.runs()
    rng = np.random.default_rng(0)
    big = [replace(r, X=rng.random((2000, r.X.shape[1]))) for r in runs]  # X: most of it
    db = tmp_path / "store.sqlite"
    with RunStore(db) as store:
        store.add_all(big)
    before = db.stat().st_size
    with RunStore(db) as store:
        assert store.drop_x([runs[0].key, runs[1].key]) == 2
        assert store.drop_x([runs[0].key]) == 0  # already dropped
        assert store.drop_x() == len(runs) - 2
        after = {r.key: r for r in store.runs()}
    assert db.stat().st_size < before / 5
    for run in runs:
        slim = after[run.key]
        assert slim.X.shape == (0, run.X.shape[1]) and slim.extra["x_dropped"] is True
        assert (slim.hv, slim.igd, slim.F.tobytes(), slim.trace) == (
            run.hv,
            run.igd,
            run.F.tobytes(),
            run.trace,
        )


def test_keep_x_must_be_a_boolean(tmp_path, tiny_text):
    from evogan.experiment.campaign import CampaignError

    path = tmp_path / "tiny.toml"
    path.write_text('keep_x = "no"\n' + tiny_text)
    with pytest.raises(CampaignError, match="keep_x must be a bool, got 'no'"):
        load_campaign(path)
