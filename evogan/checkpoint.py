"""Save a run and resume it exactly.

``run`` is ``pymoo.optimize.minimize`` with checkpoints: every ``every`` generations
it pickles the whole algorithm (populations, GAN weights and optimiser moments, every
random stream, the evaluation count, the callback's records) to ``path``, written to a
temporary file and then renamed over the old one, so a checkpoint is never half written.
Started again with the same ``path``, it resumes from the checkpoint, and the final
population is bit-identical to that of an uninterrupted run with the same seed.

The problem is not part of a checkpoint: it is given again on resuming (so a function that
failed can be fixed first; a lambda need not pickle). When an evaluation fails (an
``EvaluationError``: the problem raised, or returned NaN or inf), the
algorithm as it was is attached to the exception as ``exc.algorithm`` (its ``pop`` is the
last population, evaluated) and, with a ``path``, written there, so that nothing computed
is lost; any other exception leaves the last periodic checkpoint as it was::

    try:
        res = checkpoint.run(problem, GMOEA(), ("n_evals", 10000), seed=1, path="run.ckpt")
    except EvaluationError as err:
        last = err.algorithm.pop          # the last population, evaluated
    # ... fix the function, then the same call resumes from run.ckpt
"""

from __future__ import annotations

import copy
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pymoo.core.algorithm import Algorithm
from pymoo.core.problem import Problem
from pymoo.core.result import Result

from evogan.errors import EvaluationError, EvoganError
from evogan.evaluation import finite_evaluator

__all__ = ["CheckpointError", "load", "run", "save"]

#: Changes when the file layout changes; older checkpoints are refused with a message.
FORMAT = 1


class CheckpointError(EvoganError, RuntimeError):
    """A checkpoint cannot be read, or belongs to another problem or format."""


def _signature(problem: Problem) -> dict[str, Any]:
    """What a resumed run's problem must share with the checkpointed one."""
    return {
        "n_var": int(problem.n_var),
        "n_obj": int(problem.n_obj),
        "class": type(problem).__name__,
    }


def save(algorithm: Algorithm, path: str | Path) -> Path:
    """Write ``algorithm`` (without its problem) to ``path`` atomically: temp file, rename.

    Raises:
        CheckpointError: the algorithm holds something that cannot be pickled.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    problem = algorithm.problem
    algorithm.problem = None
    try:
        data = pickle.dumps(
            {"format": FORMAT, "problem": _signature(problem), "algorithm": algorithm},
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise CheckpointError(f"cannot checkpoint {type(algorithm).__name__}: {exc}") from exc
    finally:
        algorithm.problem = problem
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def load(path: str | Path, problem: Problem) -> Algorithm:
    """The algorithm saved in ``path``, attached to ``problem`` and ready to continue.

    Raises:
        CheckpointError: the file is unreadable, of another format, or was saved for a
            problem of other sizes.
    """
    try:
        with open(path, "rb") as f:
            state = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
        raise CheckpointError(f"cannot read checkpoint {str(path)!r}: {exc}") from exc
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise CheckpointError(f"{str(path)!r} is not an evogan checkpoint of format {FORMAT}")
    if state["problem"] != _signature(problem):
        raise CheckpointError(
            f"checkpoint {str(path)!r} was saved for a problem {state['problem']}, "
            f"not {_signature(problem)}"
        )
    algorithm: Algorithm = state["algorithm"]
    algorithm.problem = problem
    return algorithm


def run(
    problem: Problem,
    algorithm: Algorithm,
    termination: Any,
    seed: int,
    *,
    path: str | Path | None = None,
    every: int = 5,
    callback: Callable[[Algorithm], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> Result:
    """Minimise ``problem`` like ``pymoo.optimize.minimize``, with checkpoints.

    Args:
        problem: the problem.
        algorithm: a fresh pymoo algorithm (copied; the caller's object is not run), or
            one set up already, such as ``load`` returns (run as it is).
        termination: pymoo termination (``("n_evals", 10000)``...).
        seed: the seed.
        path: the checkpoint file; when it exists the run resumes from it (``algorithm``,
            ``termination``, ``seed`` and ``callback`` are then those saved).
        every: generations (pymoo iterations, not steps) between checkpoints, and one at
            the end.
        callback: a pymoo callback (it is saved with the algorithm, so it must pickle).
        stop: asked after each generation; True saves a checkpoint and raises
            ``KeyboardInterrupt`` (the command line's answer to Ctrl-C).

    Returns:
        pymoo's Result, with ``result.algorithm`` set.

    Raises:
        CheckpointError: an unreadable checkpoint, or one of another problem.
        EvaluationError: an evaluation failed; ``exc.algorithm`` is the run so far, also
            saved to ``path``.
        Exception: whatever else a generation raised, with ``exc.algorithm`` attached.
    """
    if every < 1:
        raise EvoganError(f"every must be at least 1 generation, got {every!r}")
    if algorithm.problem is not None:
        pass  # set up already (loaded from a checkpoint by the caller): carry on
    elif path is not None and Path(path).exists():
        algorithm = load(path, problem)
    else:
        algorithm = copy.deepcopy(algorithm)
        algorithm.evaluator = finite_evaluator(algorithm.evaluator)
        given = {"callback": callback} if callback is not None else {}  # else pymoo's own
        algorithm.setup(problem, termination=termination, seed=seed, **given)
    saved_at = algorithm.n_iter or 0  # the generation of the last save (or the start)
    while algorithm.has_next():
        try:
            algorithm.next()
        except EvaluationError as exc:
            # The population is intact (the failed offspring were never selected): the
            # run continues from here once the function is fixed.
            exc.algorithm = algorithm  # type: ignore[attr-defined]
            if path is not None:
                save(algorithm, path)
            raise
        except Exception as exc:  # a fault elsewhere: keep the last good checkpoint
            exc.algorithm = algorithm  # type: ignore[attr-defined]
            raise
        # Generations, not steps: a steady-state algorithm (MOEA/D-DE) takes one step per
        # offspring and ends a generation once a pass over its subproblems is done.
        due = (algorithm.n_iter or 0) - saved_at >= every
        halt = stop is not None and stop()
        if path is not None and (due or halt):
            save(algorithm, path)
            saved_at = algorithm.n_iter or 0
        if halt:
            raise KeyboardInterrupt(f"stopped; the run resumes from {path}")
    if path is not None:
        save(algorithm, path)
    result = algorithm.result()
    result.algorithm = algorithm
    return result
