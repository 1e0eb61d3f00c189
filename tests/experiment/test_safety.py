"""Safe campaigns: claims shared by several runners, WAL and schema version, checkpoints of
runs in flight, and workers that end with their parent."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evogan.experiment import RunStore, load_campaign, run_campaign
from evogan.experiment.execute import run_task
from evogan.experiment.store import SCHEMA_VERSION, Runner, StoreError

ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def _bench(toml: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "evogan.cli", "bench", "run", str(toml), "--quiet", *extra],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_runners_on_one_store_split_the_work_and_compute_no_run_twice(tiny_toml):
    runners = [_bench(tiny_toml), _bench(tiny_toml)]
    outputs = [r.communicate(timeout=300) for r in runners]
    assert [r.returncode for r in runners] == [0, 0], outputs
    done = [int(re.search(r"(\d+) runs done now", out).group(1)) for out, _ in outputs]
    campaign = load_campaign(tiny_toml)
    assert sum(done) == len(campaign.tasks()) == 12  # each run computed exactly once
    with RunStore(campaign.store) as store:
        assert len(store) == 12 and store.claimed() == {}


def test_a_claim_is_refused_while_its_runner_lives_and_taken_over_when_it_dies(tmp_path):
    with RunStore(tmp_path / "s.sqlite") as store:
        alive = Runner("alive", os.uname().nodename, os.getpid())
        other = Runner.here()
        assert store.claim(["k1"], alive)
        assert not store.claim(["k1"], other)  # alive and beating
        assert store.claim(["k1"], other, ttl=-1.0)  # a heartbeat older than ttl expires
        assert store.claimed()["k1"] == other.id
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        gone = Runner("gone", os.uname().nodename, dead.pid)
        assert store.claim(["k2"], gone)
        assert store.claim(["k2"], other)  # its process is gone: taken over at once
        assert store.claimed()["k2"] == other.id


def test_the_store_uses_wal_records_its_schema_and_refuses_a_newer_one(tmp_path):
    path = tmp_path / "v.sqlite"
    with RunStore(path) as store:
        assert store.schema == SCHEMA_VERSION
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer than this evogan's"):
        RunStore(path)


def test_a_store_of_the_first_schema_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE runs (key TEXT PRIMARY KEY, algorithm TEXT NOT NULL, problem TEXT NOT "
        "NULL, seed INTEGER NOT NULL, config TEXT NOT NULL, X BLOB NOT NULL, F BLOB NOT NULL, "
        "hv REAL, igd REAL, n_evals INTEGER NOT NULL, seconds REAL NOT NULL, trace TEXT NOT "
        "NULL, versions TEXT NOT NULL, device TEXT NOT NULL, host TEXT NOT NULL, finished TEXT "
        "NOT NULL)"
    )
    db.commit()
    db.close()
    with RunStore(path, readonly=True) as store:
        assert store.schema == 0 and len(store) == 0  # a report reads it as it is
    with RunStore(path) as store:
        assert store.schema == SCHEMA_VERSION and store.claimed() == {}


def test_a_run_in_flight_resumes_from_its_checkpoint(tiny_toml, tmp_path):
    task = load_campaign(tiny_toml).tasks()[0]
    whole = run_task(task)[0]
    checkpoint = tmp_path / "run.ckpt"
    from evogan import checkpoint as checkpoints

    # stop the run after 3 generations, as a kill would, leaving the checkpoint
    original = checkpoints.run

    def stopped(*args, **kwargs):
        calls = iter(range(100))
        return original(*args, **{**kwargs, "every": 1, "stop": lambda: next(calls) >= 2})

    checkpoints.run = stopped
    try:
        with pytest.raises(KeyboardInterrupt, match="resumes from"):
            run_task(task, checkpoint)
    finally:
        checkpoints.run = original
    assert checkpoint.exists()
    resumed = run_task(task, checkpoint)[0]
    assert (resumed.F == whole.F).all() and resumed.trace == whole.trace


def test_a_finished_campaign_leaves_no_checkpoints(tiny_toml):
    campaign = load_campaign(tiny_toml)
    run_campaign(campaign)
    folder = Path(str(campaign.store) + ".checkpoints")
    assert not folder.exists() or list(folder.iterdir()) == []


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found |= {int(c) for c in text}
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_the_parent_stops_its_workers(tiny_toml):
    parent = _bench(tiny_toml, "--jobs", "2")
    try:
        deadline, workers = time.monotonic() + 60, set()
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = {w for w in _children(parent.pid) if _is_python(w)}
        assert len(workers) >= 2, "the pool's workers never started"
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_exists(w) for w in workers):
        time.sleep(0.1)
    assert not any(_exists(w) for w in workers)


def _is_python(pid: int) -> bool:
    try:
        return "python" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


def _exists(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def test_a_store_opens_while_another_connection_holds_the_write_lock(tmp_path):
    # SQLite refuses the switch to WAL at once (no busy wait) while another connection
    # writes; two runners opening one new store together met that in CI.
    import threading

    path = tmp_path / "runs.sqlite"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    start = time.monotonic()
    store = RunStore(path)
    release.join()
    assert time.monotonic() - start >= 0.25  # it waited for the lock instead of failing
    assert store.schema == SCHEMA_VERSION
    store.close()
    other.close()
    with sqlite3.connect(path) as db:  # WAL is a property of the file
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
