"""Ingest memory benchmark: the main process's peak memory while `vault add` takes a
folder of N files with --engine none (nothing is read, so no worker process starts).

For each N (default 1,000 and 10,000) a fresh vault takes a folder of N distinct small
PNG screenshots, in a subprocess of its own, twice: once watched from outside (the
process's peak resident set, VmHWM, read from /proc while it runs, and ru_maxrss from
wait4) and once with tracemalloc on inside it (the peak of Python's own allocations,
which the interpreter's and the libraries' fixed cost do not blur). The table gives
each figure and its ratio to the smallest N (goal: the largest within 1.5x).

Usage: python benchmarks/ingest_memory.py [--files 1000 10000] [--json]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

#: run the CLI in the child with tracemalloc on; the peak goes to stderr's last line
TRACED = ("import sys, tracemalloc\n"
          "tracemalloc.start()\n"
          "from evidence_vault.cli import cli\n"
          "try:\n"
          "    cli(sys.argv[1:], prog_name='vault', standalone_mode=False)\n"
          "finally:\n"
          "    print('tracemalloc-peak', tracemalloc.get_traced_memory()[1], file=sys.stderr)\n")


def make_files(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        img = Image.new("RGB", (16, 16), (i % 251, (i // 251) % 251, (i // 63001) % 251))
        img.putpixel((0, 0), (i & 255, (i >> 8) & 255, (i >> 16) & 255))
        buf = io.BytesIO()
        img.save(buf, "PNG")
        hh, mm, ss = (i // 3600) % 24, (i // 60) % 60, i % 60
        (folder / f"Screenshot_20240315-{hh:02d}{mm:02d}{ss:02d}_{i:06d}.png").write_bytes(
            buf.getvalue())


def watched(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run cmd; return (seconds, its peak RSS read from /proc in KiB, its stderr)."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        hwm = 0
        status = Path(f"/proc/{proc.pid}/status")
        while proc.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        hwm = max(hwm, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.02)
        elapsed = time.perf_counter() - t0
        err.seek(0)
        text = err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:5])}… failed: {text[-800:]}")
    return elapsed, hwm, text


def maxrss(cmd: list[str], env: dict[str, str]) -> int:
    """Run cmd; return its own ru_maxrss in KiB (wait4: this child alone)."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(cmd[:5])}… failed")
    return int(usage.ru_maxrss)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, nargs="+", default=[1000, 10_000])
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vault-mem-"))
    rows = []
    try:
        for n in args.files:
            src = work / f"in{n}"
            make_files(src, n)
            figures = {}
            for run in ("watched", "wait4", "traced"):
                vault = work / f"vault-{n}-{run}"
                env = {**os.environ, "EVIDENCE_VAULT": str(vault)}
                subprocess.run([sys.executable, "-m", "evidence_vault", "init"], env=env,
                               check=True, stdout=subprocess.DEVNULL)
                add = ["add", str(src), "--engine", "none", "--json"]
                if run == "watched":
                    secs, hwm, _ = watched([sys.executable, "-m", "evidence_vault", *add],
                                              env)
                    figures.update(seconds=secs, hwm=hwm)
                elif run == "wait4":
                    figures["maxrss"] = maxrss([sys.executable, "-m", "evidence_vault", *add],
                                               env)
                else:
                    _, _, err = watched([sys.executable, "-c", TRACED, *add], env)
                    peak = [ln for ln in err.splitlines() if ln.startswith("tracemalloc-peak")]
                    figures["traced"] = int(peak[-1].split()[1]) / 1024
                shutil.rmtree(vault, ignore_errors=True)
            rows.append((n, figures))
            shutil.rmtree(src, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base = rows[0][1]
    print(f"vault add DIR --engine none --json: the main process's peak memory "
          f"(ratios to {rows[0][0]:,} files; goal <= 1.5x)")
    print()
    print("| files | seconds | peak RSS (VmHWM) MiB | ratio | ru_maxrss MiB | ratio | "
          "tracemalloc peak MiB | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, f in rows:
        print(f"| {n:,} | {f['seconds']:.1f} | {f['hwm'] / 1024:.1f} | "
              f"{f['hwm'] / base['hwm']:.2f}x | {f['maxrss'] / 1024:.1f} | "
              f"{f['maxrss'] / base['maxrss']:.2f}x | {f['traced'] / 1024:.1f} | "
              f"{f['traced'] / base['traced']:.2f}x |")


if __name__ == "__main__":
    main()
