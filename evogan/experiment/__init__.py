"""Benchmark campaigns: define (:mod:`.campaign`), run (:mod:`.execute`), store
(:mod:`.store`), and report (:mod:`.report`, :mod:`.plots`) algorithms x problems x seeds.

Only public evogan APIs are used here (the algorithm registry, ``evogan.run.solve``,
``evogan.indicators``, ``evogan.stats``).
"""

from __future__ import annotations

from evogan.experiment.campaign import (
    AlgorithmEntry,
    Campaign,
    CampaignError,
    ProblemEntry,
    Task,
    load_campaign,
)
from evogan.experiment.execute import ExecutionSummary, run_campaign, run_task
from evogan.experiment.report import write_report
from evogan.experiment.store import Run, RunStore

__all__ = [
    "AlgorithmEntry",
    "Campaign",
    "CampaignError",
    "ExecutionSummary",
    "ProblemEntry",
    "Run",
    "RunStore",
    "Task",
    "load_campaign",
    "run_campaign",
    "run_task",
    "write_report",
]
