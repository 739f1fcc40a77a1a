"""What the read pool's start method costs: `vault add --jobs 2` under fork, forkserver and spawn.

The pool starts its workers with forkserver (spawn where there is none) and never with plain
fork (evidence_vault.pipeline.pool_context says why); $EVIDENCE_VAULT_START_METHOD names one
for this comparison. Each run is the whole `vault` command, a fresh process and a fresh vault,
over the same sample screenshots with the real engine; the methods take turns in every round
(fork, forkserver, spawn, then forkserver, spawn, fork, ...) so that a slow minute of a shared
machine falls on all of them. The fields each run extracted must agree: a method that read
differently would be a bug, not a cost.

Usage: python benchmarks/start_method.py [--files 10] [--rounds 5] [--engine rapidocr]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
METHODS = ["fork", "forkserver", "spawn"]


def vault_command() -> list[str]:
    """The `vault` script beside this Python (what a user runs: under forkserver and spawn
    the workers import it as their main module), else `python -m evidence_vault`."""
    script = Path(sys.executable).parent / "vault"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "evidence_vault"]


def one_run(files: list[Path], method: str, engine: str, root: Path) -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=str(REPO), EVIDENCE_VAULT=str(root),
               EVIDENCE_VAULT_START_METHOD=method)
    args = [*vault_command(), "add", *map(str, files), "--jobs", "2", "--engine", engine,
            "--json"]
    t0 = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{method}: {done.stderr[-2000:]}")
    out = json.loads(done.stdout)
    assert out["added"] == len(files), out
    return wall, sum(item["fields"] for item in out["items"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--engine", default="rapidocr")
    args = ap.parse_args()
    from PIL import Image

    files = [p for p in sorted((REPO / "samples").iterdir())
             if p.suffix.lower() in (".png", ".jpg", ".jpeg")
             and (p.parent / f"{p.name}.json").exists()
             and Image.open(p).height < 3000][: args.files]  # screenshots, not long chats
    methods = [m for m in METHODS if m in multiprocessing.get_all_start_methods()]
    walls: dict[str, list[float]] = {m: [] for m in methods}
    fields: dict[str, set[int]] = {m: set() for m in methods}
    with tempfile.TemporaryDirectory(prefix="ev-start-") as tmp:
        for r in range(args.rounds):
            for m in methods[r % len(methods):] + methods[:r % len(methods)]:
                wall, n = one_run(files, m, args.engine, Path(tmp) / f"{m}-{r}")
                walls[m].append(wall)
                fields[m].add(n)
                print(f"round {r + 1}: {m:<10} {wall:6.2f} s  {n} fields", file=sys.stderr)
    base = statistics.median(walls["forkserver"]) if "forkserver" in walls else None
    print(f"\n`vault add --jobs 2 --engine {args.engine}` over {len(files)} sample screenshots, "
          f"{args.rounds} alternating runs each, {os.cpu_count()} cores, Python "
          f"{sys.version.split()[0]}\n")
    print("| start method | median s | min s | max s | vs forkserver | fields |")
    print("|---|---|---|---|---|---|")
    for m in methods:
        med = statistics.median(walls[m])
        ratio = f"{med / base:.2f}x" if base else "-"
        print(f"| {m}{' (default)' if m == 'forkserver' else ''} | {med:.2f} | "
              f"{min(walls[m]):.2f} | {max(walls[m]):.2f} | {ratio} | "
              f"{', '.join(map(str, sorted(fields[m])))} |")
    if len({frozenset(f) for f in fields.values()}) > 1:
        raise SystemExit("the start methods extracted different fields")


if __name__ == "__main__":
    main()
