"""The API reference lists every module of evogan and problems (docs match the code)."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import evogan
import problems

DOCS = Path(__file__).resolve().parents[1] / "docs" / "api"


def _modules(package) -> set[str]:
    names = {package.__name__}
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.add(info.name)
    return names


def test_every_public_module_has_a_reference_entry():
    documented = {
        line.removeprefix(":::").strip()
        for page in DOCS.glob("*.md")
        for line in page.read_text().splitlines()
        if line.startswith(":::")
    }
    # packages whose __init__ holds no API of its own (their modules are listed)
    containers = {f"evogan.{p}" for p in ("algorithms", "gan", "operators", "survival")}
    containers |= {"evogan.multitask", "evogan.experiment"}
    assert sorted((_modules(evogan) | _modules(problems)) - documented - containers) == []
