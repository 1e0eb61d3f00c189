"""Finished runs in one SQLite file: a row per run, written in its own transaction.

Only the process that owns the campaign writes (workers return their results to it), and
each run is committed as soon as it arrives, so a killed campaign loses only the runs
still in flight. The row is keyed by ``evogan.experiment.campaign.Task.key``, the
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
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["Run", "RunStore", "RunsByCell"]

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
_NPY_MAGIC = b"\x93NUMPY"
_COLUMNS = (
    "key, algorithm, problem, seed, config, X, F, hv, igd, n_evals, seconds, trace, "
    "versions, device, host, finished, extra"
)
#: Stores written before ``extra`` existed: the column is added on their next write.
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
            records, and what they lacked).
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


#: Runs grouped by ``(problem label, algorithm label)``, in seed order.
RunsByCell = dict[tuple[str, str], list[Run]]


class RunStore:
    """The runs of one or more campaigns in the SQLite file ``path`` (``":memory:"`` works).

    Use as a context manager, or call ``close``.
    """

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path))
        with self._db:
            self._db.execute(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(runs)")}
        self._has_extra = "extra" in columns

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
        with self._db:
            if not self._has_extra:
                self._db.execute(_ADD_EXTRA)
                self._has_extra = True
            self._db.executemany(f"INSERT OR REPLACE INTO runs ({_COLUMNS}) VALUES ({marks})", rows)

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
