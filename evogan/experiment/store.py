"""Finished runs in one SQLite file: a row per run, written in its own transaction.

Only the process that owns the campaign writes (workers return their results to it), and
each run is committed as soon as it arrives, so a killed campaign loses only the runs
still in flight. The row is keyed by :attr:`evogan.experiment.campaign.Task.key`, the
digest of everything that determines the run, so that a rerun skips exactly the runs
already done.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
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
    finished TEXT NOT NULL
)
"""
_NPY_MAGIC = b"\x93NUMPY"
_COLUMNS = (
    "key, algorithm, problem, seed, config, X, F, hv, igd, n_evals, seconds, trace, "
    "versions, device, host, finished"
)


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


#: Runs grouped by ``(problem label, algorithm label)``, in seed order.
RunsByCell = dict[tuple[str, str], list[Run]]


class RunStore:
    """The runs of one or more campaigns in the SQLite file ``path`` (``":memory:"`` works).

    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path))
        with self._db:
            self._db.execute(_SCHEMA)

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def add(self, run: Run) -> None:
        """Store ``run`` in one transaction (replacing a row with the same key)."""
        row = (
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
        )
        marks = ", ".join("?" * len(row))
        with self._db:
            self._db.execute(f"INSERT OR REPLACE INTO runs ({_COLUMNS}) VALUES ({marks})", row)

    def keys(self) -> set[str]:
        """Keys of every stored run."""
        return {k for (k,) in self._db.execute("SELECT key FROM runs")}

    def runs(self, keys: Iterable[str] | None = None) -> list[Run]:
        """The stored runs (those with one of ``keys`` when given), in storage order."""
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM runs ORDER BY rowid").fetchall()
        wanted = None if keys is None else set(keys)
        return [_run(row) for row in rows if wanted is None or row[0] in wanted]

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])


def _run(row: tuple) -> Run:
    (key, alg, prob, seed, config, X, F, h, g, n, secs, trace, versions, device, host, fin) = row
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
