"""Hostile-file benchmark: time and peak memory of `vault add` and `vault export`
on each file of tests/reliability/hostile_files.py (decompression bombs, a
120-frame TIFF, a 13000 x 13000 PNG, a 1080 x 60000 long screenshot, a
truncated PNG, a fake PDF, a 2,000-page PDF, a folder holding a symlink to a bomb).

Each command runs in a fresh wrapper process that reports
getrusage(RUSAGE_CHILDREN).ru_maxrss: the peak resident memory of the largest
single process under it (the CLI or one of its OCR workers). A run longer than
--timeout is killed with its whole process group and reported as "timeout".

    add/rapidocr   vault add FILE --engine rapidocr   (fresh vault)
    add/none       vault add FILE --engine none       (fresh vault)
    export         vault export --case h of the vault made by add/none

`--code DIR` measures another checkout (e.g. an export of main for the
"before" column): its package is put first on PYTHONPATH.

Usage: python benchmarks/hostile.py [--code DIR] [--timeout 180] [--only huge_png,long_png]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.reliability.hostile_files import make_all  # noqa: E402

WRAPPER = r"""
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(f"\n@@peak {peak} {code}\n")
"""


def run(cmd: list[str], code: Path, timeout: float) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code), NO_COLOR="1")
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=code, start_new_session=True, text=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"secs": time.monotonic() - start, "mb": None, "code": None, "result": "timeout"}
    secs = time.monotonic() - start
    peak, code_ = None, proc.returncode
    for line in err.splitlines():
        if line.startswith("@@peak "):
            _, kb, rc = line.split()
            peak, code_ = int(kb) / 1024, int(rc)
    return {"secs": secs, "mb": peak, "code": code_, "out": out, "err": err,
            "result": summary(out, err)}


def summary(out: str, err: str) -> str:
    """One short line: statuses and the first warning of an add, else the last error line."""
    try:
        data = json.loads(out)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        results = data["items"]
        statuses = ", ".join(sorted({r.get("status", "?") for r in results}))
        warnings = [w for r in results for w in r.get("warnings") or []]
        text = f"{len(results)} {statuses}"
        if warnings:
            text += f"; {warnings[0]}"
        return text[:110]
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("@@peak")]
    if lines:
        return lines[-1].strip()[:110]
    return "ok"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--code", type=Path, default=REPO, help="checkout whose evidence_vault runs")
    ap.add_argument("--timeout", type=float, default=180.0)
    ap.add_argument("--only", default="", help="comma-separated file names (see make_all)")
    ap.add_argument("--engines", default="rapidocr,none")
    args = ap.parse_args()
    only = {s for s in args.only.split(",") if s}
    vault = [sys.executable, "-m", "evidence_vault"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        files = make_all(Path(tmp) / "files")
        for name, path in files.items():
            if only and name not in only:
                continue
            for engine in args.engines.split(","):
                v = Path(tmp) / f"v-{name}-{engine}"
                r = run([*vault, "--vault", str(v), "add", str(path), "--engine", engine,
                         "--case", "h", "--json"], args.code, args.timeout)
                rows.append((name, f"add --engine {engine}", r))
                print(f"{name:20} add/{engine:9} {r['secs']:7.1f} s  {r['mb'] or 0:7.0f} MB  "
                      f"{r['result']}", file=sys.stderr)
                if engine == "none" and r["result"] != "timeout":
                    r = run([*vault, "--vault", str(v), "export", "--case", "h", "--out",
                             str(Path(tmp) / f"out-{name}")], args.code, args.timeout)
                    rows.append((name, "export", r))
                    print(f"{name:20} export         {r['secs']:7.1f} s  {r['mb'] or 0:7.0f} MB  "
                          f"{r['result']}", file=sys.stderr)
    print("| file | command | wall s | peak RSS MB | exit | result |")
    print("|---|---|---:|---:|---:|---|")
    for name, what, r in rows:
        mb = "" if r["mb"] is None else f"{r['mb']:.0f}"
        code = "" if r["code"] is None else str(r["code"])
        result = r["result"].replace("|", "/")
        print(f"| {name} | {what} | {r['secs']:.1f} | {mb} | {code} | {result} |")


if __name__ == "__main__":
    main()
