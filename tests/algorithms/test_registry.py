from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from pymoo.problems import get_problem

from evogan.algorithms.directions import reference_directions
from evogan.algorithms.registry import check_options, make_algorithm, parse_spec, split_specs
from evogan.errors import OptionError
from evogan.run import solve

HAS_GMOEA = importlib.util.find_spec("evogan.algorithms.gmoea") is not None


@pytest.fixture
def zdt1():
    return get_problem("zdt1")


@pytest.mark.parametrize("name", ["nsga2", "nsga3", "smsemoa"])
def test_baselines_use_standard_variation(name, zdt1):
    algorithm = make_algorithm(name, zdt1)
    crossover, mutation = algorithm.mating.crossover, algorithm.mating.mutation
    assert crossover.eta.value == 20 and crossover.prob.value == 1.0
    assert mutation.eta.value == 20
    assert mutation.prob_var.value == pytest.approx(1 / zdt1.n_var)
    assert algorithm.pop_size == 100


def test_reference_direction_counts():
    assert len(reference_directions(2, 100)) == 100
    assert len(reference_directions(3, 100)) == 91


@pytest.mark.slow
def test_reference_directions_for_many_objectives():
    assert reference_directions(5, 100).shape == (100, 5)


def test_unknown_name_lists_valid_ones(zdt1):
    with pytest.raises(OptionError, match="nsga2.*smsemoa"):
        make_algorithm("nsga4", zdt1)


def test_parse_and_split_specs():
    assert parse_spec("nsga2") == ("nsga2", {})
    # values are converted by each option's declared kind
    assert parse_spec("gmoea:n_elites=30,lr_g=1e-4,mutate=false,gan_loss=ls") == (
        "gmoea",
        {"n_elites": 30, "lr_g": 1e-4, "mutate": False, "gan_loss": "ls"},
    )
    assert parse_spec("gmoea:n_elites=0.3,batch_size=none") == (
        "gmoea",
        {"n_elites": 0.3, "batch_size": None},
    )
    assert split_specs("gmoea:n_elites=30,epochs=50,nsga2") == [
        "gmoea:n_elites=30,epochs=50",
        "nsga2",
    ]
    with pytest.raises(OptionError):
        parse_spec("gmoea:n_elites")


@pytest.mark.parametrize("name", ["nsga2", "nsga3", "moead", "smsemoa"])
def test_baselines_run(name, zdt1):
    result = solve(zdt1, make_algorithm(name, zdt1), 300, seed=1)
    assert result.n_evals >= 300 and result.igd > 0


@pytest.mark.skipif(not HAS_GMOEA, reason="evogan.algorithms.gmoea not in this checkout")
@pytest.mark.parametrize("name", ["gmoea", "gmoea-reference"])
def test_gmoea_by_name(name, zdt1):
    from evogan.algorithms.gmoea import GMOEA

    algorithm = make_algorithm(name, zdt1, pop_size=20, device="cpu")
    assert isinstance(algorithm, GMOEA)
    assert algorithm.preset == ("reference" if name == "gmoea-reference" else "default")


@pytest.mark.slow
@pytest.mark.skipif(not HAS_GMOEA, reason="evogan.algorithms.gmoea not in this checkout")
def test_gmoea_runs_under_solve(zdt1):
    result = solve(zdt1, make_algorithm("gmoea", zdt1, pop_size=20, device="cpu"), 60, seed=1)
    assert result.n_evals >= 60 and result.F.shape[1] == 2


@pytest.mark.parametrize("name", ["rvea", "rmmeda", "immoea", "moead-de"])
def test_peers_by_name_with_options_from_a_spec(name, zdt1):
    spec = {"rvea": "alpha=3", "rmmeda": "n_clusters=3", "immoea": "n_partitions=4"}
    _, options = parse_spec(f"{name}:{spec.get(name, 'nr=1')}")
    result = solve(zdt1, make_algorithm(name, zdt1, pop_size=20, **options), 400, seed=1)
    # wiring, not quality: RVEA turns the budget into whole generations (19 of 20 here)
    assert result.n_evals >= 380 and len(result.F) > 0 and np.isfinite(result.igd)


def test_peer_options_are_checked_by_their_declaration(zdt1):
    with pytest.raises(OptionError, match="unknown rmmeda option"):
        parse_spec("rmmeda:clusters=3")
    with pytest.raises(OptionError, match="moead-de option delta must lie in"):
        parse_spec("moead-de:delta=2")


@pytest.mark.parametrize("name", ["moead", "nsga3", "smsemoa"])
def test_registry_baselines_equal_pymoos_own(name):
    # the picklable comparators and the stepped MOEA/D take pymoo's steps exactly
    from pymoo.algorithms.moo.moead import MOEAD
    from pymoo.algorithms.moo.nsga3 import NSGA3
    from pymoo.algorithms.moo.sms import SMSEMOA
    from pymoo.optimize import minimize

    from evogan.algorithms.baselines import variation

    problem = get_problem("dtlz2")
    ref_dirs = reference_directions(3, 30)
    pymoos = {
        "moead": lambda: MOEAD(ref_dirs=ref_dirs, **variation(problem)),
        "nsga3": lambda: NSGA3(ref_dirs=ref_dirs, pop_size=30, **variation(problem)),
        "smsemoa": lambda: SMSEMOA(pop_size=30, **variation(problem)),
    }
    ours = minimize(problem, make_algorithm(name, problem, pop_size=30), ("n_evals", 900), seed=3)
    theirs = minimize(problem, pymoos[name](), ("n_evals", 900), seed=3)
    assert np.array_equal(ours.F, theirs.F)


def test_the_text_none_checks_as_none_where_none_is_allowed():
    # campaign files are TOML, which has no null: "none" stands for None there
    assert check_options("gmoea", {"preselect_radius": "none", "batch_size": "None"}) == {
        "preselect_radius": None,
        "batch_size": None,
    }
    with pytest.raises(OptionError, match="preselect must be"):
        check_options("gmoea", {"preselect": "none"})
