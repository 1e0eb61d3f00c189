"""Tests of evogan/threads.py: results do not depend on the caller's torch thread count."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import problems
from evogan.algorithms.gmoea import GMOEA
from evogan.run import solve
from evogan.threads import one_thread


@pytest.fixture
def threads():
    before = torch.get_num_threads()
    yield torch.set_num_threads
    torch.set_num_threads(before)


def test_same_seed_same_front_whatever_the_callers_thread_count(threads):
    # 100 variables: without one_thread, two threads round the GAN's products differently
    problem = problems.get("imf4", n_var=100)
    fronts = []
    for n in (1, 2):
        threads(n)
        fronts.append(solve(problem, GMOEA(pop_size=20, device="cpu"), 600, seed=1).F)
        assert torch.get_num_threads() == n  # the caller's setting is restored
    assert np.array_equal(*fronts)


def test_one_thread_restores_the_setting_even_on_error(threads):
    threads(2)
    with pytest.raises(RuntimeError), one_thread():
        assert torch.get_num_threads() == 1
        raise RuntimeError
    assert torch.get_num_threads() == 2


def test_one_thread_runs_numpy_blas_on_one_thread_and_restores_it():
    from threadpoolctl import threadpool_info, threadpool_limits

    def blas_threads():
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    assert blas_threads(), "numpy's BLAS is not found"
    with threadpool_limits(limits=2, user_api="blas"):
        with one_thread():
            assert set(blas_threads()) == {1}
        assert set(blas_threads()) == {2}
