"""Torch's CPU threads for the small GANs.

evogan trains and samples its GANs on one CPU thread, whatever the caller's
``torch.set_num_threads``: a seeded run then gives the same numbers on any setting
(several threads split matrix products differently and change the rounding), and the
networks are too small to gain from more threads, while spinning worker threads cost a
great deal on a busy machine. ``one_thread`` restores the caller's setting on exit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


def warm_up() -> None:
    """Pay torch's one-off start-up costs now, before anything is timed.

    The first Adam optimiser a process creates imports ``torch._dynamo`` (about 1.5 s on a
    2-core machine), which would otherwise land in the first run's seconds.
    """
    import torch

    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


@contextmanager
def one_thread() -> Iterator[None]:
    """Run the enclosed torch work on one CPU thread, then restore the caller's count."""
    import torch

    before = torch.get_num_threads()
    if before != 1:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        if before != 1:
            torch.set_num_threads(before)
