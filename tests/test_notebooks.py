"""The notebooks run from top to bottom, and say what they claim."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pytest

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


def run_notebook(path: Path) -> dict:
    """Execute the code cells of ``path`` in one namespace, as a kernel would."""
    cells = json.loads(path.read_text())["cells"]
    namespace: dict = {"__name__": "__main__"}
    for k, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            code = compile("".join(cell["source"]), f"{path.name} cell {k}", "exec")
            exec(code, namespace)
    return namespace


@pytest.mark.filterwarnings("ignore:FigureCanvasAgg is non-interactive")
def test_quickstart_runs_and_gmoea_reaches_the_zdt1_front():
    matplotlib.use("Agg")
    ns = run_notebook(NOTEBOOKS / "quickstart.ipynb")
    runs = ns["runs"]
    # at 5,000 evaluations GMOEA is near the front, NSGA-II is not: IGD 0.030 against 0.12
    # (seed 1; the default retrained every 5 generations reached 0.011 here, and the one
    # retrained every 10 is as good at the tuning suite's budgets: gmoea_v2.md)
    assert runs["gmoea"].igd < 0.05 < runs["nsga2"].igd
    assert runs["gmoea"].n_evals <= ns["BUDGET"]
    assert "expected (100, 2)" in str(ns["error"])
    # CIHS, 20,000 evaluations, seed 1: with transfer 1.78 and 0.211, alone 17.4 and 0.519
    cihs, together, alone = ns["cihs"], ns["together"], ns["alone"]
    assert all(cihs.igd(t, together[t].F) < cihs.igd(t, alone[t].F) for t in range(2))
    report = (ns["out"] / "tour.md").read_text()
    assert "| zdt2 |" in report and "±" in report
