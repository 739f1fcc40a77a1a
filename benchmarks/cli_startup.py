"""What a short command costs as a whole process: `vault --help` and `vault list`.

Compares this tree with another (`--before DIR`, e.g. `git worktree add /tmp/old main`) on
one vault of sample screenshots (added with --engine none, so nothing is read). Runs
interleave: each round runs every command of every tree once, in a rotated order, so that
a busy minute of a shared machine falls on all of them alike. Prints the median, min and
max wall time of each.

Usage: python benchmarks/cli_startup.py [--before DIR] [--runs 15]
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
COMMANDS = [["--help"], ["list"]]


def vault_command() -> list[str]:
    script = Path(sys.executable).parent / "vault"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "evidence_vault"]


def timed(tree: Path, args: list[str], vault: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one run: the CPU time (user + system) of the process
    suffers less than its wall time when other work shares the cores."""
    env = dict(os.environ, PYTHONPATH=str(tree), EVIDENCE_VAULT=str(vault))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([*vault_command(), *args], stdout=subprocess.DEVNULL, env=env, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", type=Path, help="another tree of evidence-vault to compare")
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    trees = {"this tree": REPO} | ({"before": args.before.resolve()} if args.before else {})
    samples = sorted(p for p in (REPO / "samples").iterdir()
                     if p.suffix.lower() in (".png", ".jpg", ".jpeg"))[:20]
    with tempfile.TemporaryDirectory(prefix="ev-startup-") as tmp:
        vault = Path(tmp) / "vault"
        subprocess.run([*vault_command(), "add", *map(str, samples), "--engine", "none"],
                       env=dict(os.environ, PYTHONPATH=str(REPO), EVIDENCE_VAULT=str(vault)),
                       capture_output=True, check=True)
        cases = [(name, tree, cmd) for cmd in COMMANDS for name, tree in trees.items()]
        for _name, tree, cmd in cases:  # warm the file cache and the .pyc files
            timed(tree, cmd, vault)
        walls: dict[tuple[str, str], list[tuple[float, float]]] = {
            (n, " ".join(c)): [] for n, _, c in cases}
        for r in range(args.runs):
            for name, tree, cmd in cases[r % len(cases):] + cases[:r % len(cases)]:
                walls[(name, " ".join(cmd))].append(timed(tree, cmd, vault))
    print(f"\nwhole `vault` processes, {args.runs} interleaved runs each, {len(samples)} items "
          f"in the vault, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}\n")
    print("| command | tree | median wall ms | min wall ms | max wall ms | median CPU ms |")
    print("|---|---|---|---|---|---|")
    for (name, cmd), runs in walls.items():
        ws = [w for w, _ in runs]
        print(f"| vault {cmd} | {name} | {statistics.median(ws) * 1000:.0f} | "
              f"{min(ws) * 1000:.0f} | {max(ws) * 1000:.0f} | "
              f"{statistics.median(c for _, c in runs) * 1000:.0f} |")


if __name__ == "__main__":
    main()
