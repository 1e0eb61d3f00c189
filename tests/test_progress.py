"""The one progress display: single runs, multitask runs and campaigns draw with it."""

from __future__ import annotations

import io

from evogan.progress import Progress, clock
from evogan.run import solve


def test_without_a_stream_nothing_is_drawn():
    progress = Progress(None, "job", 10)
    progress.update(5, "info", force=True)
    progress.write("a line")
    progress.close()
    assert not progress.active and not progress.due()


def test_the_status_line_is_redrawn_in_place_under_permanent_lines():
    stream = io.StringIO()
    progress = Progress(stream, "tiny", 4, "runs", done=1)
    progress.write("1/4 runs already stored")
    progress.update(2, force=True)
    progress.write("zdt1 nsga2 seed 2: HV 0.5")
    progress.update(4, "last", force=True)
    progress.close()
    text = stream.getvalue()
    assert text.endswith("\n")
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    assert "1/4 runs already stored" in lines and "zdt1 nsga2 seed 2: HV 0.5" in lines
    last = text.split("\r")[-1]
    assert last.startswith("tiny: 4/4 runs 100.0%  elapsed 0:00:0") and "ETA 0:00:00" in last
    assert last.rstrip().endswith("last")
    assert Progress(io.StringIO(), "x", 3).line().endswith("ETA ?")  # nothing done yet
    assert clock(3725) == "1:02:05"


def test_a_single_run_draws_its_evaluations_hv_and_igd_and_ends_the_line():
    stream = io.StringIO()
    quiet = solve("zdt1", "nsga2", 400, 1, pop_size=40)
    loud = solve("zdt1", "nsga2", 400, 1, pop_size=40, progress=stream)
    assert (loud.hv, loud.igd) == (quiet.hv, quiet.igd)  # drawing changes nothing
    last = stream.getvalue().split("\r")[-1]
    assert last.startswith("zdt1 nsga2: 400/400 evals 100.0%") and "HV 0." in last
    assert last.endswith("\n")
