"""Reliability trials, the long run: what the tests in tests/reliability/ do a few times,
done many times, with one markdown table per kind of trial.

  - seeded SIGKILL trials per command (add with --engine none, add with OCR, note,
    export, reocr, reindex, backup): after the kill and the next command, is the vault
    healed (verify clean, every file once, no traceback, no leftovers)?
  - 4 writers, a searcher and a verifier at once: anything lost, any lock error, and how
    many verify runs during the writes raised a false alarm
  - a vault on a full tmpfs, and on a read-only bind mount (skipped where mounting is
    not allowed)

Every trial prints its seed when it fails; `--commands C --replay SEED` runs that trial
again (keeping its folder, under --workdir, to look at).

Usage: python benchmarks/reliability.py [--trials 30] [--seed 0] [--commands add,note,…]
           [--verifies 20] [--no-concurrency] [--no-disk] [--no-read-only] [--short]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.reliability.harness import (  # noqa: E402 - after the path is set
    SCENARIOS,
    Skip,
    concurrency,
    full_disk,
    markdown_table,
    read_only,
    reason_of,
    run_trials,
)


def say(msg: str, end: str = "\n") -> None:
    print(msg, end=end, file=sys.stderr, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=30, help="kill trials per command")
    ap.add_argument("--seed", type=int, default=0, help="the run's seed (trial seeds derive from it)")
    ap.add_argument("--commands", default=",".join(SCENARIOS),
                    help=f"comma-separated, of: {', '.join(SCENARIOS)}; 'none' for no kill trials")
    ap.add_argument("--replay", type=int, action="append", default=[], metavar="SEED",
                    help="run exactly this trial seed (repeatable; keeps the trial's folder)")
    ap.add_argument("--short", action="store_true", help="the test suite's sizes (40 files, not 200)")
    ap.add_argument("--verifies", type=int, default=20,
                    help="verify runs the concurrency trial waits for during writes")
    ap.add_argument("--no-concurrency", action="store_true")
    ap.add_argument("--no-disk", action="store_true")
    ap.add_argument("--no-read-only", action="store_true")
    ap.add_argument("--workdir", type=Path, help="where trials run (default: a fresh temporary folder)")
    args = ap.parse_args()

    commands = [] if args.commands == "none" else [c.strip() for c in args.commands.split(",") if c.strip()]
    unknown = [c for c in commands if c not in SCENARIOS]
    if unknown:
        ap.error(f"unknown command(s): {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
    if args.replay:
        args.no_concurrency = args.no_disk = args.no_read_only = True
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="vault-reliability-"))
    workdir.mkdir(parents=True, exist_ok=True)
    keep = bool(args.replay or args.workdir)
    size = "short" if args.short else "long"
    started = time.monotonic()
    sections: list[str] = [f"seed {args.seed}, {size} sizes, code from {REPO}"]

    reports = []
    for command in commands:
        say(f"{command}: ", end="")
        t0 = time.monotonic()
        report = run_trials(command, args.trials, workdir / "kill", seed=args.seed, size=size,
                            replay=args.replay, keep=keep,
                            progress=lambda r: say("." if r.healed else "F", end=""))
        w = report.window
        say(f" {time.monotonic() - t0:.0f} s"
            + (f" (kill window {w.start:.2f}–{w.end:.2f} s)" if w else "")
            + (f" skipped: {report.skipped}" if report.skipped else ""))
        for r in report.failures:
            say(f"  FAILED {r.describe()}")
        reports.append(report)
    if reports:
        sections.append("### SIGKILL trials\n\n" + markdown_table(reports))

    if not args.no_concurrency:
        say("concurrency: ", end="")
        t0 = time.monotonic()
        c = concurrency(workdir / "concurrency", seed=args.seed, files_per_writer=40, shared_files=20,
                        chunk=8, notes=10, min_verifies=args.verifies, max_rounds=20)
        say(f"{time.monotonic() - t0:.0f} s")
        for p in c.problems:
            say(f"  PROBLEM {p}")
        for a in c.false_alarms:
            say(f"  FALSE ALARM {a[:300]}")
        sections.append(
            "### 4 writers, a searcher and a verifier at once\n\n"
            "| verify runs during writes | false alarms | search runs | problems | seconds |\n"
            "|---|---|---|---|---|\n"
            f"| {c.verify_runs} | {len(c.false_alarms)} | {c.search_runs} | "
            f"{len(c.problems)}{' (' + '; '.join(c.problems[:3]) + ')' if c.problems else ''} | "
            f"{c.seconds:.0f} |")

    media = []
    for name, flag, fn in (("full disk (tmpfs)", args.no_disk, full_disk),
                           ("read-only bind mount", args.no_read_only, read_only)):
        if flag:
            continue
        say(f"{name}: ", end="")
        t0 = time.monotonic()
        folder = workdir / name.split()[0]
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        try:
            problems = fn(folder, seed=args.seed)
            verdict = "ok" if not problems else f"{len(problems)} problems"
        except Skip as e:
            problems, verdict = [], f"skipped: {e}"
        say(f"{time.monotonic() - t0:.0f} s, {verdict}")
        for p in problems:
            say(f"  PROBLEM {p}")
        alike = Counter(reason_of(p) for p in problems)
        shown = "; ".join(f"{n}× {r}" if n > 1 else r for r, n in alike.most_common())
        media.append(f"| {name} | {verdict} | {shown} |")
    if media:
        sections.append("### Full disk and read-only media\n\n| trial | verdict | problems |\n|---|---|---|\n"
                        + "\n".join(media))

    sections.append(f"{time.monotonic() - started:.0f} s in all")
    print("\n\n".join(sections))
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        say(f"trial folders kept in {workdir}")


if __name__ == "__main__":
    main()
