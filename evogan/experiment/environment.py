"""Where a result was made: the library versions a run records and the machine a report
names. The one place both are collected."""

from __future__ import annotations

import os
import platform
from pathlib import Path

__all__ = ["cpu_name", "footer", "machine", "versions"]


def versions() -> dict[str, str]:
    """Versions of evogan and of the libraries that shape a run's result, and the
    processor (``"cpu"``): torch's and numpy's kernels round differently by instruction
    set, so the same seed and versions can give a different last digit on another CPU."""
    import numpy
    import pymoo
    import torch

    import evogan

    return {
        "evogan": evogan.__version__,
        "pymoo": pymoo.__version__,
        "torch": torch.__version__,
        "numpy": numpy.__version__,
        "python": platform.python_version(),
        "cpu": cpu_name(),
    }


def cpu_name() -> str:
    """The processor's model name (from ``/proc/cpuinfo`` where there is one)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> list[str]:
    """Markdown bullet lines naming this machine and the library versions."""
    v = versions()
    return [
        f"- platform: {platform.platform()}",
        f"- CPU: {v['cpu']}, {os.cpu_count()} cores",
        f"- Python {v['python']}, torch {v['torch']}, pymoo {v['pymoo']}, numpy {v['numpy']}",
    ]


def footer(command: str) -> list[str]:
    """Closing Markdown lines of a results file: the machine, and the ``command`` that
    wrote it (indented as code)."""
    return ["", "Machine:", *machine(), "", "Command:", "", f"    {command}"]
