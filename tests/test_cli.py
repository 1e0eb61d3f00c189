from __future__ import annotations

import pytest

from evogan.algorithms.registry import ALGORITHMS
from evogan.cli import main


def test_solve_writes_png_and_prints_indicators(tmp_path, capsys):
    code = main(["solve", "zdt1", "--algorithm", "nsga2", "--evals", "600", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "HV" in out and "IGD" in out and "600 evals" in out
    png = tmp_path / "zdt1_nsga2_seed1.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(png) in out


def test_solve_egan_writes_the_mutation_plot_beside_the_front(tmp_path, capsys):
    args = ["solve", "zdt1", "--algorithm", "egan", "--evals", "600", "--n-var", "6"]
    assert main([*args, "--device", "cpu", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for name in ("zdt1_egan_seed1.png", "zdt1_egan_seed1_mutations.png"):
        png = tmp_path / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert str(png) in out


def test_solve_is_reproducible(tmp_path, capsys):
    args = ["solve", "zdt2", "--algorithm", "nsga2", "--evals", "300", "--seed", "3"]
    main([*args, "--out", str(tmp_path)])
    first = capsys.readouterr().out.split(" evals")[0]
    main([*args, "--out", str(tmp_path)])
    assert capsys.readouterr().out.split(" evals")[0] == first


def test_compare_prints_table(capsys):
    code = main(
        ["compare", "zdt1", "--algorithms", "nsga2,smsemoa", "--seeds", "2", "--evals", "300"]
    )
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("algorithm"))
    assert "HV" in header and "IGD" in header and "median s" in header
    smsemoa = next(line for line in lines if line.startswith("smsemoa"))
    assert "±" in smsemoa
    # two seeds cannot reach p < 0.05: both marks are '='
    assert smsemoa.count(" =") == 2
    assert "against nsga2" in out


def test_unknown_algorithm_exits_2_and_lists_names(capsys):
    code = main(["solve", "zdt1", "--algorithm", "nope", "--evals", "300"])
    err = capsys.readouterr().err
    assert code == 2
    assert "nope" in err and "Traceback" not in err
    assert all(name in err for name in ALGORITHMS)
    assert len(err.strip().splitlines()) == 1


def test_unknown_problem_exits_2(capsys):
    code = main(["compare", "nope", "--algorithms", "nsga2", "--seeds", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown problem 'nope'" in err and "zdt1" in err


def test_budget_below_one_population_exits_2(capsys):
    assert main(["solve", "zdt1", "--algorithm", "nsga2", "--evals", "50"]) == 2
    assert "n_evals" in capsys.readouterr().err


def test_problems_lists_names(capsys):
    assert main(["problems"]) == 0
    names = capsys.readouterr().out.split()
    assert "zdt1" in names


def test_missing_command_is_a_usage_error():
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


def test_solve_refuses_a_multitask_problem(capsys):
    assert main(["solve", "cihs", "--algorithm", "nsga2", "--evals", "200"]) == 2
    assert "'cihs' is a multitask problem with 2 tasks" in capsys.readouterr().err


def test_problems_lists_every_suite(capsys):
    assert main(["problems"]) == 0
    out = capsys.readouterr().out
    for name in ("lsmop9", "wfg3", "c2dtlz2", "nils"):
        assert name in out.split()
    assert "25/50" in out and "3/2" in out  # NILS: two tasks


def test_multitask_prints_each_tasks_igd_and_plots_both_fronts(tmp_path, capsys):
    args = ["multitask", "cec17", "--problem", "CIMS", "--evals", "800", "--seed", "2"]
    args += ["--algorithm", "nsga2", "--pop-size", "20", "--progress"]
    code = main([*args, "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0
    assert "CIMS-T1: IGD" in out and "CIMS-T2: IGD" in out and "400 evals" in out
    assert "multitask run: 800/800 evals" in err
    png = tmp_path / "cims_transfer_nsga2_seed2.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_multitask_bad_problem_or_method_exits_2(capsys):
    assert main(["multitask", "cec17", "--problem", "XIHS", "--evals", "800"]) == 2
    err = capsys.readouterr().err
    assert "unknown CEC 2017 multitask problem 'XIHS'" in err and "CIHS" in err
    assert main(["multitask", "cec17", "--problem", "CIHS", "--method", "mfea"]) == 2
    assert "unknown method 'mfea'; valid choices: 'transfer', 'single', 'momfea'" in (
        capsys.readouterr().err
    )


def test_solve_accepts_a_problem_alias(tmp_path, capsys):
    args = ["solve", "C1-DTLZ1", "--algorithm", "nsga2", "--evals", "200", "--seed", "1"]
    assert main([*args, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # 200 evaluations find nothing feasible on C1-DTLZ1: the indicators are NaN, and say why
    assert out.startswith("c1-dtlz1 nsga2 seed 1: HV nan  IGD nan  200 evals")
    assert "(no feasible solution found)" in out


@pytest.mark.parametrize("name", ["rmmeda", "immoea", "moead-de", "rvea"])
def test_solve_with_each_peer(name, tmp_path, capsys):
    args = ["solve", "imf1", "--algorithm", name, "--evals", "600", "--out", str(tmp_path)]
    assert main(args) == 0
    assert f"imf1 {name} seed 1: HV" in capsys.readouterr().out


def test_solve_reports_when_the_gan_health_check_suspended_a_gan(tmp_path, capsys):
    spec = "gmoea:lr_g=100,lr_d=100"
    assert (
        main(["solve", "zdt1", "--algorithm", spec, "--evals", "1500", "--out", str(tmp_path)]) == 0
    )
    out = capsys.readouterr().out
    assert "GAN health: suspended and reset at generation 0 (GAN 1), 10 (GAN 1)" in out


@pytest.mark.parametrize("argv", [["--help"], ["problems"], ["--version"]])
def test_listing_commands_import_neither_torch_nor_matplotlib_nor_scipy_stats(argv):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from evogan.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('torch', 'matplotlib', 'scipy.stats')\n"
        "print('LOADED', [m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "LOADED []"
