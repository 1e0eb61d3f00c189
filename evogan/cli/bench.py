"""The ``evogan bench`` command: ``run`` a campaign file, ``report`` on its results,
``import`` the records of the old benchmark scripts into its store."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from evogan.cli.common import HelpFormatter, show_progress, start_torch
from evogan.errors import OptionError


def add_parser(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Add ``bench`` (run, report, import, forget, rekey) to the ``evogan`` subcommands."""
    bench = sub.add_parser(
        "bench",
        help="benchmark campaigns: run them, report on them, import, forget or re-key runs",
        parents=[parent],
        formatter_class=HelpFormatter,
    )
    actions = bench.add_subparsers(dest="bench_command", required=True, metavar="ACTION")

    p = _action(actions, parent, "run", "run the runs of a campaign not stored yet")
    p.add_argument("campaign", help="campaign TOML file")
    _db_argument(p)
    p.add_argument("--jobs", type=int, default=1, help="local worker processes")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", default=None, help="Dask scheduler, tcp://host:port")
    where.add_argument(
        "--local-cluster", type=int, default=0, metavar="N", help="run on a Dask LocalCluster"
    )
    p.add_argument("--quiet", action="store_true", help="no progress, even on a terminal")
    p.add_argument("--progress", action="store_true", help="draw progress even without a tty")
    p.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="LABELS",
        help="run only these algorithms (comma-separated labels; the option may repeat); "
        "the others' runs wait",
    )
    p.set_defaults(func=_cmd_run)

    p = _action(actions, parent, "report", "tables (Markdown, CSV, LaTeX) and plots")
    p.add_argument("campaign", help="campaign TOML file")
    _db_argument(p)
    p.add_argument("--out", default=None, help="folder (default: next to the store)")
    p.add_argument("--baseline", default=None, help="algorithm label the marks compare with")
    p.add_argument("--no-plots", action="store_true", help="tables only")
    p.set_defaults(func=_cmd_report)

    p = _action(
        actions,
        parent,
        "import",
        "store the JSONL records of an old benchmark script as the campaign's runs",
    )
    p.add_argument("records", help="JSONL records (benchmarks/results/<script>.runs.jsonl)")
    p.add_argument("campaign", help="campaign TOML file the records belong to")
    _db_argument(p)
    p.add_argument(
        "--assume",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a setting the records leave out, as the script fixed it: algorithm, evals, "
        "pop_size, n_var, trace_every, or an option of a multitask method (repeatable)",
    )
    p.set_defaults(func=_cmd_import)

    p = _action(
        actions,
        parent,
        "forget",
        "delete an algorithm's stored runs (after its code changed), so they run again",
    )
    p.add_argument("campaign", help="campaign TOML file")
    p.add_argument("--algorithm", required=True, help="algorithm label whose runs go")
    p.add_argument("--problems", default="", help="only on these problems (comma-separated)")
    _db_argument(p)
    p.set_defaults(func=_cmd_forget)

    p = _action(
        actions,
        parent,
        "rekey",
        "keep an algorithm's stored runs after its entry changed without changing what "
        "it runs (it now names an option its runs had by default, before that default "
        "changed, or has a new label)",
    )
    p.add_argument("campaign", help="campaign TOML file, as it is now")
    p.add_argument("--old", required=True, help="the campaign file the runs were made with")
    p.add_argument("--algorithm", required=True, help="algorithm label whose runs move")
    p.add_argument(
        "--from",
        dest="from_label",
        default=None,
        metavar="LABEL",
        help="the entry's label in the old file, when it was renamed (default: --algorithm)",
    )
    _db_argument(p)
    p.set_defaults(func=_cmd_rekey)


def _action(
    actions: argparse._SubParsersAction, parent: argparse.ArgumentParser, name: str, help: str
) -> argparse.ArgumentParser:
    return actions.add_parser(name, help=help, parents=[parent], formatter_class=HelpFormatter)


def _db_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None, help="SQLite store (default: the campaign's 'store')")


def _cmd_forget(args: argparse.Namespace) -> int:
    from evogan.errors import check_choice
    from evogan.experiment.campaign import load_campaign
    from evogan.experiment.store import RunStore

    campaign = load_campaign(args.campaign)
    check_choice("algorithm label", args.algorithm, [a.label for a in campaign.algorithms])
    problems = [p.strip() for p in args.problems.split(",") if p.strip()]
    for label in problems:
        check_choice("problem label", label, [p.label for p in campaign.problems])
    keys = [
        key
        for t in campaign.tasks()
        if t.algorithm_label == args.algorithm and (not problems or t.problem_label in problems)
        for key in t.row_keys()
    ]
    path = _store_path(args, campaign.store)
    with RunStore(path) as store:
        removed = store.remove(keys)
    print(f"{campaign.name}: removed {removed} stored runs of {args.algorithm} from {path}")
    return 0


def _cmd_rekey(args: argparse.Namespace) -> int:
    from evogan.errors import check_choice
    from evogan.experiment.campaign import load_campaign
    from evogan.experiment.store import RunStore

    campaign, old = load_campaign(args.campaign), load_campaign(args.old)
    old_label = args.from_label or args.algorithm
    for c, label in ((campaign, args.algorithm), (old, old_label)):
        check_choice(f"algorithm label of {c.name}", label, [a.label for a in c.algorithms])
    before = {(t.problem_label, t.seed): t for t in old.tasks() if t.algorithm_label == old_label}
    moves = [
        (old_key, key, task.config(), args.algorithm)
        for task in campaign.tasks()
        if task.algorithm_label == args.algorithm and (task.problem_label, task.seed) in before
        for old_key, key in zip(
            before[task.problem_label, task.seed].row_keys(), task.row_keys(), strict=True
        )
        if old_key != key
    ]
    path = _store_path(args, campaign.store)
    with RunStore(path) as store:
        moved = store.rekey(moves)
    print(
        f"{campaign.name}: {moved} stored runs of {old_label} now have the keys of "
        f"{args.campaign}'s settings for {args.algorithm} in {path}"
    )
    return 0


def _store_path(args: argparse.Namespace, default: Path) -> Path:
    return Path(args.db) if args.db else default


def _cmd_run(args: argparse.Namespace) -> int:
    start_torch(args)
    from evogan.experiment.campaign import load_campaign
    from evogan.experiment.execute import run_campaign

    campaign = load_campaign(args.campaign)
    if args.jobs < 1 or args.local_cluster < 0:
        raise OptionError("--jobs must be at least 1 and --local-cluster at least 0")
    from evogan.experiment.store import RunStore

    path = _store_path(args, campaign.store)
    with RunStore(path) as store:
        summary = run_campaign(
            campaign,
            store,
            jobs=args.jobs,
            scheduler=args.scheduler,
            local_cluster=args.local_cluster,
            progress=None if args.quiet or not show_progress(args) else sys.stderr,
            only=[
                label.strip() for text in args.only for label in text.split(",") if label.strip()
            ],
        )
    elsewhere = f", {summary.elsewhere} left to other runners" if summary.elsewhere else ""
    print(
        f"{campaign.name}: {summary.done} runs done now, {summary.skipped} were stored, "
        f"{summary.total} in all{elsewhere}; results in {path}"
    )
    return 0


def _report_options(args: argparse.Namespace) -> list[str]:
    """The ``bench report`` arguments as typed (to record the command in the report)."""
    words = [args.campaign]
    for flag, value in (("--db", args.db), ("--out", args.out), ("--baseline", args.baseline)):
        if value:
            words += [flag, value]
    return [*words, "--no-plots"] if args.no_plots else words


def _cmd_report(args: argparse.Namespace) -> int:
    from evogan.experiment.campaign import load_campaign
    from evogan.experiment.report import write_report

    campaign = load_campaign(args.campaign)
    path = _store_path(args, campaign.store)
    out = Path(args.out) if args.out else path.parent
    commands = [
        shlex.join(["evogan", "bench", "run", args.campaign]),
        shlex.join(["evogan", "bench", "report", *_report_options(args)]),
    ]
    written = write_report(
        campaign,
        path,
        out,
        baseline=args.baseline,
        plots=not args.no_plots,
        commands=commands,
    )
    for p in written:
        print(f"wrote {p}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from evogan.experiment.campaign import load_campaign
    from evogan.experiment.importer import import_records, read_records
    from evogan.experiment.store import RunStore

    assume = {}
    for item in args.assume:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise OptionError(f"--assume takes KEY=VALUE, got {item!r}")
        assume[key.strip()] = value.strip()
    campaign = load_campaign(args.campaign)
    records = read_records(args.records)
    path = _store_path(args, campaign.store)
    with RunStore(path) as store:
        s = import_records(campaign, store, records, assume=assume, source=Path(args.records).name)
    print(
        f"{campaign.name}: imported {s.imported} runs ({s.rows} rows) of {s.records} records "
        f"into {path}; {s.stored} were stored already, {s.duplicates} duplicate records, "
        f"{len(s.unmatched)} records match no run of the campaign, {s.missing} runs of the "
        "campaign have no record"
    )
    for line, reason in s.unmatched[:5]:
        print(f"  record {line}: {reason}")
    if len(s.unmatched) > 5:
        print(f"  ... and {len(s.unmatched) - 5} more")
    return 0
