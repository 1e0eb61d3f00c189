"""Finished runs in one SQLite file: a row per run, written in its own transaction.

Only the processes that run a campaign write (workers return their results to them), and
each run is committed as soon as it arrives, so a killed campaign loses only the runs
still in flight (and of those only the generations since their last checkpoint). Several
runners may share one store: each claims a run before it starts it, and a claim of a
runner that died expires. The row is keyed by ``evogan.experiment.campaign.Task.key``, the
digest of everything that determines the run, so that a rerun skips exactly the runs
already done. A multitask run stores one row per task (keys ``<key>-t1``, ``<key>-t2``),
all in one transaction.

Runs imported from the benchmark scripts' records (``evogan.experiment.importer``)
have no final front: their ``X`` and ``F`` are empty, their trace too, and ``extra``
says what is missing under ``"imported"``.
"""

from __future__ import annotations

import io
import json
import os
import platform
import sqlite3
import time
import uuid
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from evogan.errors import EvoganError

__all__ = [
    "CLAIM_TTL",
    "SCHEMA_VERSION",
    "Run",
    "RunStore",
    "Runner",
    "RunsByCell",
    "StoreError",
    "without_x",
]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    key TEXT PRIMARY KEY,
    algorithm TEXT NOT NULL,
    problem TEXT NOT NULL,
    seed INTEGER NOT NULL,
    config TEXT NOT NULL,
    X BLOB NOT NULL,
    F BLOB NOT NULL,
    hv REAL,
    igd REAL,
    n_evals INTEGER NOT NULL,
    seconds REAL NOT NULL,
    trace TEXT NOT NULL,
    versions TEXT NOT NULL,
    device TEXT NOT NULL,
    host TEXT NOT NULL,
    finished TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}'
)
"""
_CLAIMS = """
CREATE TABLE IF NOT EXISTS claims (
    key TEXT PRIMARY KEY,
    runner TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    heartbeat REAL NOT NULL
)
"""
#: The store's layout: 1 (implicit, 0 in the file) had runs without ``extra`` and no
#: claims; 2 added both. Opening an older store for writing migrates it.
SCHEMA_VERSION = 2
#: Seconds after its last heartbeat that a runner's claims expire.
CLAIM_TTL = 120.0
_NPY_MAGIC = b"\x93NUMPY"
_COLUMNS = (
    "key, algorithm, problem, seed, config, X, F, hv, igd, n_evals, seconds, trace, "
    "versions, device, host, finished, extra"
)
#: Stores written before ``extra`` existed get the column when migrated.
_ADD_EXTRA = "ALTER TABLE runs ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'"


@dataclass
class Run:
    """One finished run as stored.

    Attributes:
        key: the run's identity (``Task.key``).
        algorithm: algorithm label.
        problem: problem label.
        seed: the seed.
        config: every setting of the run (``Task.config()``), options included.
        X: ``n x n_var`` final non-dominated decision vectors (stored as compressed
            ``.npy`` bytes, like ``F``).
        F: ``n x n_obj`` their objective values.
        hv: normalised hypervolume of ``F`` (nan if the problem has no front).
        igd: IGD of ``F``.
        n_evals: evaluations used.
        seconds: wall-clock seconds of the optimisation.
        trace: ``(n_evals, hv, igd)`` every ``trace_every`` generations and at the end.
        versions: evogan, pymoo, torch, numpy and Python versions of the worker.
        device: the torch device of the run (``"cpu"`` for the baselines).
        host: the machine that ran it.
        finished: UTC time the run was stored (ISO 8601).
        extra: further measurements, as JSON-ready data: ``"mutation_shares"`` (E-GAN:
            the share of surviving generators each of ``"mutations"`` made), ``"task"``
            and ``"transfer"`` (a task of a multitask run: its index, and the transfer
            offspring offered to it and kept), ``"imported"`` (a run imported from
            records, and what they lacked), ``"x_dropped"`` (its X was not kept: ``X``
            is an empty ``0 x n_var`` array; see ``drop_x``).
    """

    key: str
    algorithm: str
    problem: str
    seed: int
    config: dict[str, Any]
    X: np.ndarray
    F: np.ndarray
    hv: float
    igd: float
    n_evals: int
    seconds: float
    trace: list[tuple[int, float, float]]
    versions: dict[str, str]
    device: str
    host: str
    finished: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def imported(self) -> bool:
        """Whether it was imported from records (then it has no front and no trace)."""
        return "imported" in self.extra


@dataclass(frozen=True)
class Runner:
    """Who works on a store: an id unique to one ``run_campaign`` call, its host and pid."""

    id: str
    host: str
    pid: int

    @classmethod
    def here(cls) -> Runner:
        """A new runner in this process."""
        return cls(
            f"{platform.node()}:{os.getpid()}:{uuid.uuid4().hex[:8]}", platform.node(), os.getpid()
        )


def _alive(claim: tuple, now: float, ttl: float) -> bool:
    """Whether the runner of ``claim`` (runner, host, pid, heartbeat) still works."""
    _, host, pid, heartbeat = claim
    if now - heartbeat > ttl:
        return False
    if host == platform.node():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # exists, owned by someone else
            return True
    return True


#: Runs grouped by ``(problem label, algorithm label)``, in seed order.
RunsByCell = dict[tuple[str, str], list[Run]]


class StoreError(EvoganError, RuntimeError):
    """A store cannot be used: written by a newer evogan, or not a run store at all."""


def _use_wal(db: sqlite3.Connection, timeout: float = 30.0) -> None:
    """Switch ``db`` to write-ahead logging, waiting up to ``timeout`` seconds for the lock.

    SQLite answers the switch with "database is locked" at once, without waiting as its
    busy timeout does for other statements, while another connection holds a write lock:
    two runners opening one new store at the same moment hit that.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class RunStore:
    """The runs of one or more campaigns in the SQLite file ``path`` (``":memory:"`` works).

    The file uses SQLite's write-ahead log, so that several runners (and readers) share
    it, and records its schema version (``PRAGMA user_version``); a store of an older
    version is brought up to date when opened for writing, one of a newer version is
    refused. Besides the runs it holds the claims of the runners working on it
    (:meth:`claim`). Use as a context manager, or call ``close``.

    Args:
        path: the SQLite file, or ``":memory:"``.
        readonly: open without changing anything (reports); a missing file reads as an
            empty store.

    Raises:
        StoreError: a store of a newer schema, or a file that is not a store.
    """

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        memory = str(path) == ":memory:"
        if readonly and not memory and not Path(path).exists():
            memory = True  # nothing stored yet: an empty store, and no file is made
            self._db = sqlite3.connect(":memory:", isolation_level=None)
            self._db.execute(_SCHEMA)
        elif readonly and not memory:
            uri = f"file:{Path(path).resolve()}?mode=ro"
            self._db = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
        else:
            if not memory:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.path = path
        try:
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{str(path)!r} is not a run store: {exc}") from exc
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{str(path)!r} has store schema {version}, newer than this evogan's "
                f"({SCHEMA_VERSION}); update evogan to use it"
            )
        if not readonly:
            if not memory:
                _use_wal(self._db)
            if version < SCHEMA_VERSION:
                self._migrate()
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(runs)")}
        self._has_extra = "extra" in columns

    def _migrate(self) -> None:
        """Bring the schema up to :data:`SCHEMA_VERSION` (tables, the extra column)."""
        with self._transaction():
            self._db.execute(_SCHEMA)
            self._db.execute(_CLAIMS)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(runs)")}
            if "extra" not in columns:
                self._db.execute(_ADD_EXTRA)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction, taking the write lock at once (``BEGIN IMMEDIATE``)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @property
    def schema(self) -> int:
        """The store's schema version."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def add(self, run: Run) -> None:
        """Store ``run`` in one transaction (replacing a row with the same key)."""
        self.add_all([run])

    def add_all(self, runs: Iterable[Run]) -> None:
        """Store ``runs`` in one transaction (the rows of a multitask run's tasks)."""
        rows = [_row(run) for run in runs]
        if not rows:
            return
        marks = ", ".join("?" * len(rows[0]))
        with self._transaction():
            self._db.executemany(f"INSERT OR REPLACE INTO runs ({_COLUMNS}) VALUES ({marks})", rows)

    def remove(self, keys: Iterable[str]) -> int:
        """Delete the runs of ``keys`` (one transaction); returns how many there were."""
        keys = list(keys)
        removed = 0
        with self._transaction():
            for start in range(0, len(keys), 500):  # SQLite limits the variables of a query
                chunk = keys[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                cursor = self._db.execute(f"DELETE FROM runs WHERE key IN ({marks})", chunk)
                removed += cursor.rowcount
        return removed

    def rekey(self, moves: Iterable[tuple[str, str, dict[str, Any], str]]) -> int:
        """Give runs new keys, configs and algorithm labels, ``(old key, new key, new config,
        label)`` each, in one transaction; returns how many moved. A move whose old key is
        not stored, or whose new key already is, is skipped (a run already made under the
        new key stays)."""
        moved = 0
        with self._transaction():
            for old, new, config, label in moves:
                cursor = self._db.execute(
                    "UPDATE OR IGNORE runs SET key = ?, config = ?, algorithm = ? WHERE key = ?",
                    (new, json.dumps(config, sort_keys=True), label, old),
                )
                moved += cursor.rowcount
        return moved

    def drop_x(self, keys: Iterable[str] | None = None) -> int:
        """Replace the final decision vectors X of the runs of ``keys`` (None: every run)
        by empty ``0 x n_var`` arrays, mark them ``extra["x_dropped"]``, and compact the
        file (SQLite's ``VACUUM``); returns how many runs changed.

        F, the indicators and the traces stay: reports never read X. It is for stores of
        many-variable problems, where X is most of the file (a held-out store: 214 of its
        231 MB). A campaign with ``keep_x = false`` stores its new runs this way.
        """
        wanted = None if keys is None else set(keys)
        changed = [
            without_x(run)
            for run in self.runs(wanted)
            if len(run.X) and not run.extra.get("x_dropped")
        ]
        self.add_all(changed)
        if changed:
            self._db.execute("VACUUM")
        return len(changed)

    def claim(self, keys: Sequence[str], runner: Runner, ttl: float = CLAIM_TTL) -> bool:
        """Claim the run whose rows are ``keys`` for ``runner``, before computing it.

        The claim fails when the run is stored already, or another runner holds it and is
        alive: its heartbeat is younger than ``ttl`` seconds and, on this host, its
        process still exists. A claim of a dead runner is taken over.
        """
        now = time.time()
        with self._transaction():
            marks = ", ".join("?" * len(keys))
            done = self._db.execute(f"SELECT COUNT(*) FROM runs WHERE key IN ({marks})", keys)
            if done.fetchone()[0] == len(keys):
                return False
            row = self._db.execute(
                "SELECT runner, host, pid, heartbeat FROM claims WHERE key = ?", (keys[0],)
            ).fetchone()
            if row is not None and row[0] != runner.id and _alive(row, now, ttl):
                return False
            self._db.execute(
                "INSERT OR REPLACE INTO claims (key, runner, host, pid, heartbeat) "
                "VALUES (?, ?, ?, ?, ?)",
                (keys[0], runner.id, runner.host, runner.pid, now),
            )
        return True

    def release(self, key: str, runner: Runner) -> None:
        """Drop ``runner``'s claim of the run ``key`` (stored, or given up)."""
        with self._transaction():
            self._db.execute("DELETE FROM claims WHERE key = ? AND runner = ?", (key, runner.id))

    def heartbeat(self, runner: Runner) -> None:
        """Renew every claim ``runner`` holds."""
        with self._transaction():
            self._db.execute(
                "UPDATE claims SET heartbeat = ? WHERE runner = ?", (time.time(), runner.id)
            )

    def claimed(self) -> dict[str, str]:
        """``{run key: runner id}`` of the claims held now."""
        return dict(self._db.execute("SELECT key, runner FROM claims").fetchall())

    def keys(self) -> set[str]:
        """Keys of every stored run."""
        return {k for (k,) in self._db.execute("SELECT key FROM runs")}

    def runs(self, keys: Iterable[str] | None = None) -> list[Run]:
        """The stored runs (those with one of ``keys`` when given), in storage order."""
        columns = _COLUMNS if self._has_extra else _COLUMNS.replace("extra", "'{}'")
        rows = self._db.execute(f"SELECT {columns} FROM runs ORDER BY rowid").fetchall()
        wanted = None if keys is None else set(keys)
        return [_run(row) for row in rows if wanted is None or row[0] in wanted]

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])


def without_x(run: Run) -> Run:
    """``run`` with an empty ``0 x n_var`` X, marked ``extra["x_dropped"]``."""
    n_var = run.X.shape[1] if run.X.ndim == 2 else 0
    return replace(run, X=np.empty((0, n_var)), extra={**run.extra, "x_dropped": True})


def _row(run: Run) -> tuple:
    """``run`` as the values of a row, in the order of ``_COLUMNS``."""
    return (
        run.key,
        run.algorithm,
        run.problem,
        int(run.seed),
        json.dumps(run.config, sort_keys=True),
        _to_bytes(run.X),
        _to_bytes(run.F),
        _real(run.hv),
        _real(run.igd),
        int(run.n_evals),
        float(run.seconds),
        json.dumps([[int(n), _real(h), _real(g)] for n, h, g in run.trace]),
        json.dumps(run.versions, sort_keys=True),
        run.device,
        run.host,
        run.finished,
        json.dumps(run.extra, sort_keys=True, allow_nan=False),
    )


def _run(row: tuple) -> Run:
    key, alg, prob, seed, config, X, F, h, g, n, secs, trace, versions, device, host, fin, extra = (
        row
    )
    return Run(
        key=key,
        algorithm=alg,
        problem=prob,
        seed=seed,
        config=json.loads(config),
        X=_from_bytes(X),
        F=_from_bytes(F),
        hv=_float(h),
        igd=_float(g),
        n_evals=n,
        seconds=secs,
        trace=[(int(e), _float(a), _float(b)) for e, a, b in json.loads(trace)],
        versions=json.loads(versions),
        device=device,
        host=host,
        finished=fin,
        extra=json.loads(extra),
    )


def _to_bytes(a: np.ndarray) -> bytes:
    """``a`` as zlib-compressed ``.npy`` bytes (exact float64, about 25% smaller)."""
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(a, dtype=float), allow_pickle=False)
    return zlib.compress(buffer.getvalue())


def _from_bytes(b: bytes) -> np.ndarray:
    if not b.startswith(_NPY_MAGIC):  # plain .npy bytes are read as they are
        b = zlib.decompress(b)
    return np.load(io.BytesIO(b), allow_pickle=False)


def _real(x: float) -> float | None:
    """SQLite and JSON have no NaN: store it as NULL."""
    x = float(x)
    return None if np.isnan(x) else x


def _float(x: float | None) -> float:
    return float("nan") if x is None else float(x)
