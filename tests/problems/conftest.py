"""Shared fixtures for the problem tests: no test may touch the network."""

from __future__ import annotations

import socket
import urllib.request

import pytest
from pymoo.util.remote import Remote


class NetworkUsed(RuntimeError):
    """Raised when code under test tries to download something."""


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkUsed("the problems package must not use the network")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every socket connection, urllib request and pymoo download raise."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(urllib.request, "urlopen", _refuse)
    monkeypatch.setattr(Remote, "load", _refuse)
