"""Run a campaign's missing runs: in this process, a local process pool, or on Dask.

Workers only compute (``run_task``); this process stores each result as it arrives,
so the store has a single writer. A run's result depends only on its task (the seed is
the task's seed, torch uses one thread), never on the worker, the backend or the order.
"""

from __future__ import annotations

import logging
import multiprocessing
import platform
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TextIO

from evogan.errors import EvoganError, OptionError
from evogan.experiment.campaign import Campaign, Task, task_key, task_label
from evogan.experiment.environment import versions
from evogan.experiment.store import Run, RunStore
from evogan.progress import Progress

__all__ = ["ExecutionSummary", "RunFailed", "run_campaign", "run_task"]


@dataclass(frozen=True)
class ExecutionSummary:
    """What ``run_campaign`` did: runs in the campaign, already stored, run now."""

    total: int
    skipped: int
    done: int


class RunFailed(EvoganError, RuntimeError):
    """A run raised; the message names the run (the runs stored before it are kept)."""


def run_task(task: Task) -> list[Run]:
    """Carry out one run (in whatever process or machine calls it) and describe it.

    torch is limited to one thread: workers sharing a machine do not compete, and the
    GAN's arithmetic does not depend on how many cores the worker has.

    Returns:
        The run's rows: one, or one per task of a multitask run (see
        ``Task.row_keys``).

    Raises:
        RunFailed: the run raised; the message names the algorithm, problem and seed.
    """
    import torch

    torch.set_num_threads(1)
    try:
        return _multitask_runs(task) if task.multitask else [_run(task)]
    except Exception as exc:
        raise RunFailed(
            f"run {task.algorithm_label} on {task.problem_label} seed {task.seed} failed: "
            f"{type(exc).__name__}: {exc}"
        ) from exc


def _run(task: Task) -> Run:
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
    )
    extra: dict[str, object] = {}
    history = result.mutation_history
    if history is not None:  # E-GAN: which mutation the survivors came from, over the run
        total = history.survivors.sum(axis=0)
        extra["mutations"] = list(history.mutations)
        extra["mutation_shares"] = (total / max(total.sum(), 1)).tolist()
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
) -> ExecutionSummary:
    """Run every task of ``campaign`` that ``store`` does not hold yet, storing each at once
    (a multitask run's rows in one transaction).

    Args:
        campaign: what to run.
        store: where results go (default: ``campaign.store``, opened and closed here).
        jobs: worker processes of the local pool; 1 runs in this process.
        scheduler: address of a Dask scheduler (``tcp://host:port``): run there instead.
        local_cluster: start a Dask LocalCluster with this many workers and run there.
        cluster_processes: the LocalCluster's workers are processes (else threads).
        progress: stream for the progress display (runs done / total, ETA, and a line per
            finished run); None draws nothing.

    Returns:
        The counts of runs in the campaign, already stored, and run now.
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
            )
    tasks = campaign.tasks()
    stored = store.keys()
    pending = [t for t in tasks if not stored.issuperset(t.row_keys())]
    summary = ExecutionSummary(len(tasks), len(tasks) - len(pending), len(pending))
    if not pending:
        return summary  # no pool or cluster to start
    meter = Progress(progress, campaign.name, len(tasks), "runs", summary.skipped)
    meter.write(f"{summary.skipped}/{summary.total} runs already stored; {summary.done} to run")
    if scheduler or local_cluster:
        results = _dask_results(pending, scheduler, local_cluster, cluster_processes)
    elif jobs > 1:
        results = _pool_results(pending, jobs)
    else:
        results = map(run_task, pending)
    for rows in results:
        finished = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for run in rows:
            run.finished = finished
        store.add_all(rows)
        meter.write(_summary(rows))
        meter.update(meter.done + 1, force=True)
    meter.close()
    return summary


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


def _pool_results(tasks: Sequence[Task], jobs: int) -> Iterator[list[Run]]:
    from evogan.threads import init_worker

    context = multiprocessing.get_context("spawn")  # fork after torch init can hang
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=init_worker)
    try:
        futures = [pool.submit(run_task, t) for t in tasks]
        for future in as_completed(futures):
            yield future.result()
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
    tasks: Sequence[Task], address: str | None, n_workers: int, processes: bool
) -> Iterator[list[Run]]:
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
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
        # pure=False: two tasks never share a result, even if Dask thinks them equal
        futures = [client.submit(run_task, t, pure=False) for t in tasks]
        for future in dask_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
