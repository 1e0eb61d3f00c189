"""Published results a report can show beside a campaign's own: a campaign's
``[[reference]]`` names one of ``REFERENCES`` and the algorithm to set against it.

- ``cec17-momfea``: the CEC 2017 organisers' MO-MFEA, final IGD of 30 runs on every task
  (``problems.cec17_mtmo.momfea_igd``), so our MO-MFEA can be tested against it.
- ``cec17-nsga2``: NSGA-II's mean (std) IGD over 30 runs on every task, one task at a
  time, from the competition's technical report (Yuan et al. 2017, Table III): population
  100, 100,000 evaluations per task, SBX (p 0.9, eta 20), polynomial mutation (1/D, eta 20).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["REFERENCES", "Reference", "ReferenceCell"]


@dataclass(frozen=True)
class ReferenceCell:
    """A published result on one row: its values when published, else mean and std.

    Attributes:
        mean: the published mean.
        std: the published standard deviation.
        n: the number of runs behind them.
        values: every run's value, when published (a rank-sum test needs them).
    """

    mean: float
    std: float
    n: int
    values: tuple[float, ...] = ()


@dataclass(frozen=True)
class Reference:
    """A source of published results.

    Attributes:
        name: its name in campaigns.
        description: the column title in reports.
        indicator: the indicator it gives (``"igd"``).
        cell: the result on a row label (``"cihs-t1"``), None where it has none.
    """

    name: str
    description: str
    indicator: str
    cell: Callable[[str], ReferenceCell | None]


_TASK = re.compile(r"^(?P<problem>[a-z]+)-t(?P<task>[12])$")


def _cec17_task(label: str) -> tuple[str, int] | None:
    """``("CIHS", 0)`` for ``"cihs-t1"``; None for a label that is no CEC 2017 task."""
    from problems.cec17_mtmo import PROBLEMS

    match = _TASK.match(label)
    if not match or match["problem"].upper() not in PROBLEMS:
        return None
    return match["problem"].upper(), int(match["task"]) - 1


def _momfea(label: str) -> ReferenceCell | None:
    from problems.cec17_mtmo import momfea_igd

    where = _cec17_task(label)
    if where is None:
        return None
    values = momfea_igd(where[0])[:, where[1]].astype(float)
    mean, std = float(values.mean()), float(values.std(ddof=1))
    return ReferenceCell(mean, std, len(values), tuple(map(float, values)))


#: Table III of the CEC 2017 MTMO technical report, NSGA-II: mean and std IGD of task 1
#: and task 2 over 30 runs.
NSGA2_TABLE_III = {
    "CIHS": ((2.0234e-3, 5.1879e-4), (4.3621e-3, 8.5407e-4)),
    "CIMS": ((1.0045e-1, 7.5847e-2), (2.2897e-2, 1.9082e-2)),
    "CILS": ((2.5503e-1, 1.0821e-1), (1.9905e-4, 6.513e-6)),
    "PIHS": ((1.1145e-3, 3.8107e-4), (5.654e-2, 3.0369e-2)),
    "PIMS": ((4.4903e-3, 1.6131e-3), (1.5577e1, 3.7002e0)),
    "PILS": ((2.7647e-4, 1.2629e-4), (6.3458e-1, 8.8258e-4)),
    "NIHS": ((3.1286e1, 6.0683e1), (7.8558e-4, 1.6655e-4)),
    "NIMS": ((4.7021e-1, 3.3048e-1), (9.1944e-2, 8.8784e-2)),
    "NILS": ((8.3588e-4, 5.4979e-5), (6.4226e-1, 2.5715e-4)),
}


def _nsga2(label: str) -> ReferenceCell | None:
    where = _cec17_task(label)
    if where is None:
        return None
    mean, std = NSGA2_TABLE_III[where[0]][where[1]]
    return ReferenceCell(mean, std, 30)


#: The sources a campaign's ``[[reference]]`` can name.
REFERENCES: dict[str, Reference] = {
    "cec17-momfea": Reference("cec17-momfea", "organisers' MO-MFEA (30 runs)", "igd", _momfea),
    "cec17-nsga2": Reference(
        "cec17-nsga2", "NSGA-II, technical report Table III (30 runs)", "igd", _nsga2
    ),
}
