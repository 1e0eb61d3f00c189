"""Worker processes of a campaign: one torch thread, and gone when their parent dies."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

#: ``PR_SET_PDEATHSIG`` of Linux's prctl: a signal the kernel sends when the parent dies.
_PR_SET_PDEATHSIG = 1


def init_worker(parent: int) -> None:
    """Process-pool initializer: the worker ends when ``parent`` (the process that started
    it) dies, so that a killed campaign leaves no workers computing runs nobody will
    store; and one torch thread, so that workers sharing a machine do not compete.

    Args:
        parent: the pid of the process that made the pool (``os.getpid()`` there).
    """
    if not (sys.platform.startswith("linux") and _parent_death_signal()):
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before this worker could watch it
        os._exit(1)
    import torch

    from evogan.threads import warm_up

    torch.set_num_threads(1)
    warm_up()


def _parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False if that failed."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError, ctypes.ArgumentError):
        return False


def _watch(parent: int) -> None:
    """Elsewhere: end this process once its parent is gone."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
