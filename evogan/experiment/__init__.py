"""The one experiment pipeline: define (``.campaign``), run (``.execute``), store
(``.store``), import earlier records (``.importer``), and report (``.report``,
``.plots``, ``.references``) algorithms x problems x seeds, single-task or
multitask; ``.environment`` names the machine and versions.

Only public evogan APIs are used here (the algorithm registry, the multitask methods,
``evogan.run.solve``, ``evogan.indicators``, ``evogan.stats``).
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
