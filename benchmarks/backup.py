"""Backup benchmark: `vault backup` beside `cp -a`, and seeded kill-and-resume trials.

Builds a vault of N files (random bytes, 20-300 KB, `--engine none`, as core.py does),
then in one run, so that the ratio compares like with like on a noisy machine:

  - `vault backup DEST` into a new folder (best of --repeat); it fsyncs every original
    and verifies the copy (re-reads every byte), which `cp -a` does not
  - `cp -a` of the same vault folder (best of --repeat)
  - `vault backup DEST` again onto that backup, nothing new (re-hash and verify only)

Then --trials kill-and-resume trials: `vault backup` into a new folder is SIGKILLed at a
seeded point (once DEST holds k originals, k drawn from 0..N, or after a seeded delay),
run again, and the outcome checked: exit 0, every original already in place kept
rather than copied again, `vault --vault DEST verify` clean, each original present once
and no temporary file left.

Usage: python benchmarks/backup.py [--files 1000] [--repeat 3] [--trials 30] [--seed 9]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

VAULT = [sys.executable, "-m", "evidence_vault"]


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, capture_output=True, text=True)


def timed(cmd: list[str], env: dict[str, str], before=None) -> float:
    if before:
        before()
    t0 = time.perf_counter()
    done = run(cmd, env)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[-3:])} failed: {done.stderr[-500:]}")
    return elapsed


def blobs_in(dest: Path) -> list[Path]:
    return list((dest / "objects").glob("*/*")) if (dest / "objects").is_dir() else []


def trial(env: dict[str, str], dest: Path, files: int, rng: random.Random,
          est_seconds: float) -> dict:
    proc = subprocess.Popen([*VAULT, "backup", str(dest)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if rng.random() < 0.5:
        how = "count"
        k = rng.randint(0, files)
        while proc.poll() is None and len(blobs_in(dest)) < k:
            time.sleep(0.002)
    else:
        how = "delay"
        time.sleep(rng.uniform(0, est_seconds * 1.1))
    finished_first = proc.poll() is not None
    if not finished_first:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    there = len(blobs_in(dest))
    marker = dest / "BACKUP"
    phase = ("finished first" if finished_first else
             "before the marker" if not marker.exists() else
             "before any original" if there == 0 else
             "copying originals" if there < files else
             "after the originals (placing/verifying)")
    again = run([*VAULT, "backup", str(dest), "--json"], env)
    report = json.loads(again.stdout) if again.stdout.strip().startswith("{") else {}
    check = run([*VAULT, "--vault", str(dest), "verify"], env)
    present = len(blobs_in(dest))
    left = list((dest / ".backup-tmp").glob("blob-*")) if (dest / ".backup-tmp").is_dir() else []
    ok = (again.returncode == 0 and report.get("ok") is True and check.returncode == 0
          and present == report.get("files") and not left
          and (finished_first or report.get("reused") == there))
    return {"how": how, "phase": phase, "there": there, "ok": ok,
            "copied_again": report.get("copied"), "error": None if ok else
            (again.stderr[-300:] + check.stderr[-300:])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--min-kb", type=int, default=20)
    ap.add_argument("--max-kb", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--trials", type=int, default=30)
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="vault-bench-backup-"))
    src = work / "in"
    src.mkdir()
    for i in range(args.files):
        size = rng.randint(args.min_kb, args.max_kb) * 1024
        (src / f"Screenshot_20240315-{i:06d}.png").write_bytes(os.urandom(size))
    vault = work / "vault"
    env = {**os.environ, "EVIDENCE_VAULT": str(vault)}
    try:
        timed([*VAULT, "add", str(src), "--engine", "none"], env)
        shutil.rmtree(src)
        stored = sum(p.stat().st_size for p in (vault / "objects").glob("*/*"))
        dest, cp_dest = work / "backup", work / "cp"

        def fresh(path: Path):
            return lambda: shutil.rmtree(path, ignore_errors=True)

        timed(["cp", "-a", str(vault), str(cp_dest)], env, fresh(cp_dest))  # warm the cache
        cp = min(timed(["cp", "-a", str(vault), str(cp_dest)], env, fresh(cp_dest))
                 for _ in range(args.repeat))
        bk = min(timed([*VAULT, "backup", str(dest)], env, fresh(dest))
                 for _ in range(args.repeat))
        inc = min(timed([*VAULT, "backup", str(dest)], env) for _ in range(args.repeat))

        outcomes = []
        for t in range(args.trials):
            d = work / f"trial{t}"
            outcomes.append(trial(env, d, args.files, rng, bk))
            shutil.rmtree(d, ignore_errors=True)
        log = json.loads(run([*VAULT, "log", "--json"], env).stdout)["entries"]
        verified = run([*VAULT, "verify"], env).returncode == 0
    finally:
        shutil.rmtree(work, ignore_errors=True)

    mb = stored / 1e6
    print(f"evidence-vault backup benchmark: {args.files} files, {mb:.1f} MB stored "
          f"({args.min_kb}-{args.max_kb} KB each), {os.cpu_count()} cores, best of {args.repeat}")
    print()
    print("| measure | time (s) | MB/s | ratio to cp -a |")
    print("|---|---:|---:|---:|")
    print(f"| cp -a of the vault folder | {cp:.2f} | {mb / cp:.0f} | 1.00 |")
    print(f"| vault backup, new folder (fsync + verify) | {bk:.2f} | {mb / bk:.0f} | "
          f"{bk / cp:.2f} |")
    print(f"| vault backup, again, nothing new | {inc:.2f} | {mb / inc:.0f} | {inc / cp:.2f} |")
    print()
    ok = sum(o["ok"] for o in outcomes)
    print(f"kill-and-resume trials (seed {args.seed}): {ok} of {len(outcomes)} resumed to a "
          f"verified backup; source vault verify after all: {'clean' if verified else 'FAILED'}; "
          f"backups logged: {sum(e['action'] == 'backup' for e in log)}")
    print()
    print("| killed at | trials | resumed ok | originals already there (mean) | "
          "copied on resume (mean) |")
    print("|---|---:|---:|---:|---:|")
    for phase, n in sorted(Counter(o["phase"] for o in outcomes).items()):
        group = [o for o in outcomes if o["phase"] == phase]
        there = sum(o["there"] for o in group) / n
        again = sum(o["copied_again"] or 0 for o in group) / n
        print(f"| {phase} | {n} | {sum(o['ok'] for o in group)} | {there:.0f} | {again:.0f} |")
    for o in outcomes:
        if not o["ok"]:
            print(f"FAILED trial ({o['phase']}): {o['error']}")


if __name__ == "__main__":
    main()
