"""CPU threads for the small GANs and their models.

evogan trains and samples its GANs on one CPU thread, whatever the caller's
``torch.set_num_threads``: a seeded run then gives the same numbers on any setting
(several threads split matrix products differently and change the rounding), and the
networks are too small to gain from more threads, while spinning worker threads cost a
great deal on a busy machine. The same holds for numpy's BLAS (the regularity input's
Local PCA): two runs side by side on 2 cores, each with BLAS on 2 threads, took 2.5 times
as long as on one (IMF1 with 200 variables). ``one_thread`` restores the caller's
settings on exit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from threadpoolctl import ThreadpoolController


def warm_up() -> None:
    """Pay torch's one-off start-up costs now, before anything is timed.

    The first Adam optimiser a process creates imports ``torch._dynamo`` (about 1.5 s on a
    2-core machine), which would otherwise land in the first run's seconds.
    """
    import torch

    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


@cache
def _blas() -> ThreadpoolController:
    """The BLAS libraries loaded by then (numpy's), found once: a search costs milliseconds."""
    return ThreadpoolController()


@contextmanager
def one_thread() -> Iterator[None]:
    """Run the enclosed torch and BLAS work on one CPU thread each, then restore the
    caller's counts."""
    import torch

    before = torch.get_num_threads()
    if before != 1:
        torch.set_num_threads(1)
    try:
        with _blas().limit(limits=1, user_api="blas"):
            yield
    finally:
        if before != 1:
            torch.set_num_threads(before)
