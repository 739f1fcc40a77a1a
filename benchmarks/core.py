"""Archive core benchmark: add, duplicate add, and verify throughput.

Prints one table, measured in one run so that ratios compare like with like
on a noisy machine:

  - `vault add DIR --engine none` over N small files (first add)
  - the same add again: every file a duplicate (goal: >= 5x faster)
  - `vault verify` throughput in MB/s beside `sha256sum` over the same
    stored files (goal: within 1.5x of sha256sum)

Usage: python benchmarks/core.py [--files 1000] [--min-kb 20] [--max-kb 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VAULT = [sys.executable, "-m", "evidence_vault"]


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}… failed: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--min-kb", type=int, default=20)
    ap.add_argument("--max-kb", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    rng = random.Random(20240315)
    work = Path(tempfile.mkdtemp(prefix="vault-bench-"))
    src = work / "in"
    src.mkdir()
    total = 0
    for i in range(args.files):
        size = rng.randint(args.min_kb, args.max_kb) * 1024
        data = os.urandom(size)
        (src / f"Screenshot_20240315-{i:06d}.png").write_bytes(data)
        total += size
    env = {**os.environ, "EVIDENCE_VAULT": str(work / "vault")}
    try:
        subprocess.run([*VAULT, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        first = timed([*VAULT, "add", str(src), "--engine", "none"], env)
        again = [timed([*VAULT, "add", str(src), "--engine", "none"], env)
                 for _ in range(args.repeat)]
        dup = min(again)

        blobs = sorted(glob.glob(str(work / "vault" / "objects" / "*" / "*")))
        stored = sum(os.path.getsize(b) for b in blobs)
        sha_cmd = ["sha256sum", *blobs]
        timed(sha_cmd)  # warm the page cache for both contenders
        sha = min(timed(sha_cmd) for _ in range(args.repeat))
        ver = min(timed([*VAULT, "verify"], env) for _ in range(args.repeat))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    mb = stored / 1e6
    print(f"evidence-vault core benchmark: {args.files} files, {total / 1e6:.1f} MB "
          f"({args.min_kb}-{args.max_kb} KB each), {os.cpu_count()} cores, best of {args.repeat}")
    print()
    print("| measure | time (s) | per file (ms) | MB/s | ratio | goal |")
    print("|---|---:|---:|---:|---:|---|")
    print(f"| add {args.files} files, --engine none | {first:.2f} | "
          f"{1000 * first / args.files:.2f} | {mb / first:.0f} | 1.00 (baseline) | |")
    print(f"| add the same {args.files} again (duplicates) | {dup:.2f} | "
          f"{1000 * dup / args.files:.2f} | {mb / dup:.0f} | {first / dup:.1f}x faster | >= 5x |")
    print(f"| sha256sum over the stored files | {sha:.2f} | {1000 * sha / args.files:.2f} | "
          f"{mb / sha:.0f} | 1.00 (baseline) | |")
    print(f"| vault verify (re-hash + records + chain) | {ver:.2f} | "
          f"{1000 * ver / args.files:.2f} | {mb / ver:.0f} | {ver / sha:.2f}x sha256sum's time | "
          f"<= 1.5x |")


if __name__ == "__main__":
    main()
