"""What the catalogue costs at start-up: `vault --help` as a whole process, in English (no
catalogue is loaded: English is the source) and in Chinese (the zh_CN .mo is loaded and every
help text of the command tree looked up in it), and optionally another tree (`--before DIR`,
a checkout without translations). Runs alternate, one of each per round, so a busy moment of a
shared machine falls on all alike. Prints median, min and max wall and CPU time of each.

Usage: python benchmarks/i18n_startup.py [--before DIR] [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(tree: Path, lang: str, home: Path) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(tree), LANG=lang, LC_ALL="", LANGUAGE="",
               LC_MESSAGES="", EVIDENCE_VAULT=str(home / "vault"),
               XDG_CONFIG_HOME=str(home / "config"))  # the config is looked up as a user has it
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "evidence_vault", "--help"], env=env,
                         check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if lang.startswith("zh") and tree == REPO:
        assert "用法：" in out, "the catalogue was not used"
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", type=Path, help="a tree to compare, e.g. main before i18n")
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    cases = [("this tree, LANG=C (no catalogue)", REPO, "C.UTF-8"),
             ("this tree, LANG=zh_CN.UTF-8 (catalogue)", REPO, "zh_CN.UTF-8")]
    if args.before:
        cases.append((f"{args.before}, LANG=zh_CN.UTF-8", args.before, "zh_CN.UTF-8"))
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in cases}
    with tempfile.TemporaryDirectory() as home:
        for _name, tree, lang in cases:  # one warm-up each: the page cache, the .pyc files
            timed(tree, lang, Path(home))
        for r in range(args.runs):
            for name, tree, lang in cases[r % len(cases):] + cases[:r % len(cases)]:
                times[name].append(timed(tree, lang, Path(home)))
    print(f"`vault --help`, {args.runs} runs each, alternating\n")
    print("| run | wall median | wall min | wall max | CPU median |")
    print("|---|---|---|---|---|")
    for name, samples in times.items():
        wall = [w for w, _ in samples]
        cpu = [c for _, c in samples]
        print(f"| {name} | {statistics.median(wall) * 1000:.0f} ms | {min(wall) * 1000:.0f} ms"
              f" | {max(wall) * 1000:.0f} ms | {statistics.median(cpu) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
