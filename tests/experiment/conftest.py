"""A tiny campaign (2 algorithms x 2 problems x 3 seeds, 400 evaluations) for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

TINY = """
name = "tiny"
seeds = 3
evals = 400
pop_size = 40
trace_every = 2
baseline = "nsga2"
store = "tiny.sqlite"

[[algorithm]]
name = "nsga2"

[[algorithm]]
name = "smsemoa"

[[problem]]
names = ["zdt1", "zdt2"]
params = { n_var = 8 }
"""


@pytest.fixture(scope="session")
def tiny_text() -> str:
    return TINY


@pytest.fixture
def tiny_toml(tmp_path: Path, tiny_text: str) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(tiny_text)
    return path
