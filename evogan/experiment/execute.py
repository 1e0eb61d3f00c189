"""Run a campaign's missing runs: in this process, a local process pool, or on Dask.

Workers only compute (``run_task``); this process stores each result as it arrives,
so the store has a single writer. A run's result depends only on its task (the seed is
the task's seed, torch uses one thread), never on the worker, the backend or the order.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import platform
import threading
from collections.abc import Collection, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from evogan.errors import EvoganError, OptionError, check_choice
from evogan.experiment.campaign import Campaign, Task, task_key, task_label
from evogan.experiment.environment import versions
from evogan.experiment.store import CLAIM_TTL, Run, Runner, RunStore, without_x
from evogan.progress import Progress

__all__ = ["ExecutionSummary", "RunFailed", "run_campaign", "run_task"]


#: Generations between a campaign run's checkpoints.
CHECKPOINT_EVERY = 5


@dataclass(frozen=True)
class ExecutionSummary:
    """What ``run_campaign`` did: runs in the campaign, already stored, run now, and left
    to other runners working on the same store (claimed by them)."""

    total: int
    skipped: int
    done: int
    elsewhere: int = 0


class RunFailed(EvoganError, RuntimeError):
    """A run raised; the message names the run (the runs stored before it are kept)."""


def run_task(task: Task, checkpoint: str | Path | None = None) -> list[Run]:
    """Carry out one run (in whatever process or machine calls it) and describe it.

    torch is limited to one thread: workers sharing a machine do not compete (the GANs
    use one thread whatever the setting, so results do not depend on it).

    Args:
        task: the run.
        checkpoint: a file the run is saved to every few generations and resumed from
            when it exists (single-task runs; a multitask run starts afresh).

    Returns:
        The run's rows: one, or one per task of a multitask run (see
        ``Task.row_keys``).

    Raises:
        RunFailed: the run raised; the message names the algorithm, problem and seed.
    """
    import torch

    from evogan.threads import warm_up

    torch.set_num_threads(1)
    warm_up()  # once per process: torch's first optimiser imports for 1.5 s
    try:
        return _multitask_runs(task) if task.multitask else [_run(task, checkpoint)]
    except Exception as exc:
        raise RunFailed(
            f"run {task.algorithm_label} on {task.problem_label} seed {task.seed} failed: "
            f"{type(exc).__name__}: {exc}"
        ) from exc


def _run(task: Task, checkpoint: str | Path | None) -> Run:
    from evogan.algorithms.registry import make_algorithm
    from evogan.lookup import get_problem
    from evogan.run import solve

    problem = get_problem(task.problem, **task.params)
    algorithm = make_algorithm(task.algorithm, problem, pop_size=task.pop_size, **task.options)
    result = solve(
        problem,
        algorithm,
        task.evals,
        task.seed,
        history_every=task.trace_every,
        algorithm_name=task.algorithm_label,
        checkpoint=checkpoint,
        checkpoint_every=CHECKPOINT_EVERY,
    )
    extra: dict[str, object] = {}
    history = result.mutation_history
    if history is not None:  # E-GAN: which mutation the survivors came from, over the run
        total = history.survivors.sum(axis=0)
        extra["mutations"] = list(history.mutations)
        extra["mutation_shares"] = (total / max(total.sum(), 1)).tolist()
    if result.suspended:  # the GAN health check's interventions
        extra["gan_suspended"] = [list(s) for s in result.suspended]
    return Run(
        key=task.key,
        algorithm=task.algorithm_label,
        problem=task.problem_label,
        seed=task.seed,
        config=task.config(),
        X=result.X,
        F=result.F,
        hv=result.hv,
        igd=result.igd,
        n_evals=result.n_evals,
        seconds=result.seconds,
        trace=list(result.history),
        versions=versions(),
        device=str(getattr(algorithm, "device", None) or "cpu"),
        host=platform.node(),
        finished="",
        extra=extra,
    )


def _multitask_runs(task: Task) -> list[Run]:
    """A multitask run, one row per task: the problem's own IGD of the task's final
    non-dominated set, and its HV against the task's true front."""
    import numpy as np

    from evogan.fronts import reference_front
    from evogan.indicators import hv
    from evogan.lookup import get_multitask_problem
    from evogan.multitask.suite import run_method

    problem = get_multitask_problem(task.problem, **task.params)
    outcome = run_method(
        problem, task.algorithm, task.seed, task.evals, pop_size=task.pop_size, **task.options
    )
    runs = []
    for t, (sub, res) in enumerate(zip(problem.tasks, outcome.results, strict=True)):
        X = np.empty((0, sub.n_var)) if res.X is None else np.atleast_2d(res.X).astype(float)
        F = np.empty((0, sub.n_obj)) if res.F is None else np.atleast_2d(res.F).astype(float)
        front = reference_front(sub)
        h = float("nan") if front is None else hv(F, front)
        g, n = outcome.igd[t], outcome.n_evals[t]
        extra: dict[str, object] = {"task": t}
        if getattr(res, "transfer", None) is not None:
            extra["transfer"] = dict(res.transfer)
        runs.append(
            Run(
                key=task_key(task.key, t),
                algorithm=task.algorithm_label,
                problem=task_label(task.problem_label, t),
                seed=task.seed,
                config=task.config(),
                X=X,
                F=F,
                hv=h,
                igd=g,
                n_evals=n,
                seconds=outcome.seconds,
                trace=[(n, h, g)],
                versions=versions(),
                device=_device(task),
                host=platform.node(),
                finished="",
                extra=extra,
            )
        )
    return runs


def _device(task: Task) -> str:
    """The torch device a multitask run's GANs used (``"cpu"`` where none were trained)."""
    from evogan.algorithms.registry import algorithm_info, parse_spec
    from evogan.device import resolve_device
    from evogan.multitask.suite import method_info

    settings = method_info(task.algorithm).settings(task.options)
    if "device" not in settings:  # MO-MFEA trains no GANs
        return "cpu"
    base = algorithm_info(parse_spec(settings["algorithm"])[0])
    if task.algorithm == "transfer" or base.trains_gans:
        return str(resolve_device(settings["device"]))
    return "cpu"


def run_campaign(
    campaign: Campaign,
    store: RunStore | None = None,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    local_cluster: int = 0,
    cluster_processes: bool = True,
    progress: TextIO | None = None,
    only: Collection[str] = (),
) -> ExecutionSummary:
    """Run every task of ``campaign`` that ``store`` does not hold yet, storing each at once
    (a multitask run's rows in one transaction).

    Several runners may work on one store at the same time: each claims a run before it
    starts it (a claim of a runner that died expires), so no run is computed twice.
    Single-task runs save a checkpoint next to the store every few generations
    (``<store>.checkpoints/<key>.ckpt``), so a killed campaign resumes its runs in flight
    from there, with the same results as if it had never stopped.

    Args:
        campaign: what to run.
        store: where results go (default: ``campaign.store``, opened and closed here).
        jobs: worker processes of the local pool; 1 runs in this process.
        scheduler: address of a Dask scheduler (``tcp://host:port``): run there instead.
        local_cluster: start a Dask LocalCluster with this many workers and run there.
        cluster_processes: the LocalCluster's workers are processes (else threads).
        progress: stream for the progress display (runs done / total, ETA, and a line per
            finished run); None draws nothing.
        only: run only the algorithms of these labels (empty: all).

    Returns:
        The counts of runs in the campaign, already stored, run now, and left to other
        runners.
    """
    if store is None:
        with RunStore(campaign.store) as own:
            return run_campaign(
                campaign,
                own,
                jobs=jobs,
                scheduler=scheduler,
                local_cluster=local_cluster,
                cluster_processes=cluster_processes,
                progress=progress,
                only=only,
            )
    if only:
        labels = [a.label for a in campaign.algorithms]
        for label in only:
            check_choice("algorithm label", label, labels)
    tasks = [t for t in campaign.tasks() if not only or t.algorithm_label in only]
    stored = store.keys()
    pending = [t for t in tasks if not stored.issuperset(t.row_keys())]
    if not pending:
        return ExecutionSummary(len(tasks), len(tasks), 0)  # no pool or cluster to start
    meter = Progress(progress, campaign.name, len(tasks), "runs", len(tasks) - len(pending))
    meter.write(f"{len(tasks) - len(pending)}/{len(tasks)} runs already stored")
    runner = Runner.here()
    folder = _checkpoint_folder(store)
    claims = _Claims(store, runner, pending, folder)
    done = 0
    with _Heartbeat(store.path, runner):
        if scheduler or local_cluster:
            results = _dask_results(claims, scheduler, local_cluster, cluster_processes)
        elif jobs > 1:
            results = _pool_results(claims, jobs)
        else:
            results = _serial_results(claims)
        for task, rows in results:
            finished = datetime.now(timezone.utc).isoformat(timespec="seconds")
            for run in rows:
                run.finished = finished
            store.add_all(rows if campaign.keep_x else [without_x(run) for run in rows])
            claims.finish(task)
            done += 1
            meter.write(_summary(rows))
            meter.update(meter.done + 1, force=True)
    meter.close()
    elsewhere = len(pending) - done
    return ExecutionSummary(len(tasks), len(tasks) - len(pending), done, elsewhere)


def _checkpoint_folder(store: RunStore) -> Path | None:
    """``<store>.checkpoints`` beside a file store (None for an in-memory one)."""
    if str(store.path) == ":memory:":
        return None
    path = Path(store.path)
    return path.with_name(path.name + ".checkpoints")


class _Claims:
    """The pending runs of one runner: claimed one at a time, as workers come free."""

    def __init__(
        self, store: RunStore, runner: Runner, pending: Sequence[Task], folder: Path | None
    ) -> None:
        self.store, self.runner, self.folder = store, runner, folder
        self._pending = iter(pending)

    def next(self) -> tuple[Task, Path | None] | None:
        """The next run nobody else holds, claimed, with its checkpoint file; None at the
        end."""
        for task in self._pending:
            if self.store.claim(task.row_keys(), self.runner):
                return task, self._checkpoint(task)
        return None

    def _checkpoint(self, task: Task) -> Path | None:
        if self.folder is None or task.multitask:
            return None
        return self.folder / f"{task.key}.ckpt"

    def finish(self, task: Task) -> None:
        """The run is stored: drop its claim and its checkpoint."""
        self.store.release(task.row_keys()[0], self.runner)
        checkpoint = self._checkpoint(task)
        if checkpoint is not None:
            checkpoint.unlink(missing_ok=True)


class _Heartbeat:
    """Renews a runner's claims every ``CLAIM_TTL / 4`` seconds from a thread of its own
    (with its own connection), so that long runs keep their claims."""

    def __init__(self, path: str | Path, runner: Runner) -> None:
        self.path, self.runner = path, runner
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> _Heartbeat:
        if str(self.path) != ":memory:":
            self._thread = threading.Thread(target=self._beat, daemon=True)
            self._thread.start()
        return self

    def _beat(self) -> None:
        with RunStore(self.path) as own:
            while not self._stop.wait(CLAIM_TTL / 4):
                own.heartbeat(self.runner)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def _summary(rows: Sequence[Run]) -> str:
    """One line on a finished run: its rows' HV and IGD, and its time."""
    first = rows[0]
    problems = ", ".join(r.problem for r in rows)
    hvs = ", ".join(f"{r.hv:.4f}" for r in rows)
    igds = ", ".join(f"{r.igd:.4g}" for r in rows)
    return (
        f"{problems} {first.algorithm} seed {first.seed}: HV {hvs} IGD {igds} "
        f"({first.seconds:.1f} s)"
    )


def _serial_results(claims: _Claims) -> Iterator[tuple[Task, list[Run]]]:
    while (job := claims.next()) is not None:
        yield job[0], run_task(*job)


def _pool_results(claims: _Claims, jobs: int) -> Iterator[tuple[Task, list[Run]]]:
    """Runs on ``jobs`` local worker processes, each claimed as a worker comes free."""
    from evogan.experiment.workers import init_worker

    context = multiprocessing.get_context("spawn")  # fork after torch init can hang
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=init_worker, initargs=(os.getpid(),)
    )
    running: dict[Future, Task] = {}
    try:
        while True:
            while len(running) < jobs and (job := claims.next()) is not None:
                running[pool.submit(run_task, *job)] = job[0]
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                yield running.pop(future), future.result()
    except BrokenProcessPool as exc:
        raise RunFailed(
            "a worker process of the pool died; runs already stored are kept. If the "
            "campaign was started from a script, put the call under "
            '`if __name__ == "__main__":` (the workers are spawned and import the script '
            "again), or use jobs=1"
        ) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask_results(
    claims: _Claims, address: str | None, n_workers: int, processes: bool
) -> Iterator[tuple[Task, list[Run]]]:
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import wait as dask_wait
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise OptionError(
            "Dask execution needs the 'distributed' package: pip install 'evogan[distributed]'"
        ) from exc
    cluster = None
    if address is None:
        cluster = LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    client = Client(address or cluster)
    try:
        slots = max(sum(client.nthreads().values()), 1)
        running: dict = {}
        while True:
            while len(running) < slots and (job := claims.next()) is not None:
                # pure=False: two tasks never share a result, even if Dask thinks them equal
                running[client.submit(run_task, *job, pure=False)] = job[0]
            if not running:
                return
            finished = dask_wait(list(running), return_when="FIRST_COMPLETED").done
            for future in finished:
                yield running.pop(future), future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
