"""Ingest benchmark: what `vault add` costs on top of the OCR engine itself.

Each contender runs in a fresh process over the same N sample images, in one
run (ratios compare like with like on a noisy machine):

  bare engine   load the engine once, then read_file() every image (the
                decoding, slicing and OCR that `add` also does)
  add --jobs 1  `vault add` in one process: hashing, storing, sniffing,
                capture times, OCR, extraction, indexing, custody log
  add --jobs 2  the same with two worker processes

Goals: vault's overhead <= 10 % with --jobs 1; --jobs 2 on 2 cores at least
1.6x faster than --jobs 1. Also prints the peak memory of the main process
and of the largest worker.

Usage: python benchmarks/ingest.py [--files 24] [--engine rapidocr]
       python benchmarks/ingest.py --backends [--files 20] [--rounds 3] [--baseline REF]
                                   [--copies K]

--backends compares `vault add --jobs 2` over N full-size screenshots (1080 px wide and
over, not the long chats) on each OCR backend (EVIDENCE_VAULT_OCR_BACKEND), and with
--baseline on the code of git revision REF (checked out into a temporary worktree), in
alternating rounds whose order flips each round; with the truth fields found (recall,
matched as benchmarks/extraction.py matches them). --copies K adds each screenshot K times,
as distinct files (a larger batch, where the workers' start-up weighs less); recall is
scored on the first copy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

BARE = r"""
import json, resource, sys, time
from pathlib import Path
from evidence_vault import filetypes
from evidence_vault.pipeline import make_engine
from evidence_vault.readers import read_file
files = [Path(p) for p in json.loads(sys.argv[1])]
t0 = time.perf_counter()
engine = make_engine(sys.argv[2], threads=1)  # as `add --jobs 1` runs it
for f in files:
    read_file(f, filetypes.sniff(f), engine)
print(json.dumps({"wall": time.perf_counter() - t0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ADD = r"""
import json, resource, sys, time
from pathlib import Path
from evidence_vault.vault import Vault
files = [Path(p) for p in json.loads(sys.argv[1])]
t0 = time.perf_counter()
v = Vault.open(sys.argv[4])
results = v.add(files, engine=sys.argv[2], jobs=int(sys.argv[3]))
wall = time.perf_counter() - t0
assert all(r.status == "added" for r in results), [r.error for r in results if r.error]
print(json.dumps({"wall": wall,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "fields": sum(r.fields for r in results)}))
"""


def contender(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


ADD_FIELDS = r"""
import json, sys, time
from pathlib import Path
from evidence_vault.vault import Vault
if __name__ == "__main__":
    files = [Path(p) for p in json.loads(sys.argv[1])]
    t0 = time.perf_counter()
    v = Vault.open(sys.argv[2])
    results = v.add(files, engine="rapidocr", jobs=2)
    wall = time.perf_counter() - t0
    assert all(r.status == "added" for r in results), [r.error for r in results if r.error]
    fields = {}
    for f, r in zip(files, results):
        fields[f.name] = [{"kind": x["kind"], "value": x["value"], "role": x.get("role"),
                           "confidence": x.get("confidence", 1.0)}
                          for x in v.show(r.ref)["fields"]]
    print(json.dumps({"wall": wall, "fields": fields}))
"""


def compare_backends(files: list[Path], rounds: int, baseline: str | None,
                     copies: int = 1) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from extraction import FAMILIES, score_samples

    truths = {p.name: json.loads((p.parent / f"{p.name}.json").read_text()) for p in files}
    with tempfile.TemporaryDirectory() as tmp:
        # --copies: more of the same screenshots, each a distinct file (bytes after the
        # image's end give it its own SHA-256; the picture is the same), for a larger batch
        batch = list(files)
        for k in range(1, copies):
            for p in files:
                copy = Path(tmp) / f"copy{k}_{p.name}"
                copy.write_bytes(p.read_bytes() + b"\0" * k)
                batch.append(copy)
        listing = json.dumps([str(p) for p in batch])
        trees = {"onnxruntime": (REPO, "onnxruntime"), "openvino": (REPO, "openvino")}
        if baseline:
            base = Path(tmp) / "baseline"
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "-q", "--detach",
                            str(base), baseline], check=True)
            trees = {f"baseline {baseline} (onnxruntime)": (base, "onnxruntime"), **trees}
        script = Path(tmp) / "add_fields.py"
        script.write_text(ADD_FIELDS)
        runs: dict[str, list[dict]] = {k: [] for k in trees}
        try:
            for r in range(rounds):
                for name in (list(trees) if r % 2 == 0 else list(trees)[::-1]):
                    tree, backend = trees[name]
                    env = {**os.environ, "EVIDENCE_VAULT_OCR_BACKEND": backend,
                           "PYTHONPATH": str(tree)}
                    done = subprocess.run(
                        [sys.executable, str(script), listing, str(Path(tmp) / f"v{r}{backend}"
                                                                   f"{len(runs[name])}{hash(name)}")],
                        capture_output=True, text=True, env=env, cwd=tree)
                    if done.returncode != 0:
                        raise SystemExit(done.stderr[-2000:])
                    runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
        finally:
            if baseline:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force",
                                str(Path(tmp) / "baseline")], check=False)
    first = next(iter(trees))
    base_wall = statistics.median(x["wall"] for x in runs[first])
    total = len(files) * copies
    print(f"`vault add --jobs 2` over {total} full-size screenshots from samples/"
          + (f" ({len(files)} screenshots, {copies} distinct copies of each)" if copies > 1 else "")
          + f", {rounds} alternating rounds, {os.cpu_count()} CPUs\n")
    print("| contender | wall s per round | median | s per image | vs " + first +
          " | truth fields found |")
    print("|---|---|---:|---:|---:|---:|")
    for name, got in runs.items():
        walls = [x["wall"] for x in got]
        overall, _ = score_samples({k: v for k, v in got[0]["fields"].items() if k in truths},
                                   truths)
        tp = sum(overall.tp[k] for k in FAMILIES)
        n = tp + sum(overall.fn[k] for k in FAMILIES)
        med = statistics.median(walls)
        print(f"| {name} | {', '.join(f'{w:.1f}' for w in walls)} | {med:.1f} | "
              f"{med / len(files) / copies:.2f} | {base_wall / med:.2f}x | {tp}/{n} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=24)
    ap.add_argument("--engine", default="rapidocr")
    ap.add_argument("--backends", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--baseline", default=None)
    ap.add_argument("--copies", type=int, default=1,
                    help="with --backends: add each screenshot this many times, as distinct files")
    args = ap.parse_args()
    samples = sorted(p for p in (REPO / "samples").iterdir()
                     if p.suffix.lower() in (".png", ".jpg", ".jpeg")
                     and (p.parent / f"{p.name}.json").exists())
    # ordinary screenshots, not the long chats: a steady per-image cost
    from PIL import Image

    if args.backends:
        full = [p for p in samples if Image.open(p).width >= 1080 and Image.open(p).height < 3000]
        compare_backends(full[: args.files], args.rounds, args.baseline, args.copies)
        return
    files = [p for p in samples if Image.open(p).height < 3000][: args.files]
    listing = json.dumps([str(p) for p in files])
    with tempfile.TemporaryDirectory() as tmp:
        bare = contender(BARE, listing, args.engine)
        one = contender(ADD, listing, args.engine, "1", str(Path(tmp) / "v1"))
        two = contender(ADD, listing, args.engine, "2", str(Path(tmp) / "v2"))
    n = len(files)
    print(f"evidence-vault ingest benchmark: {n} sample screenshots, engine {args.engine}, "
          f"one fresh process per contender")
    print()
    print("| contender | wall (s) | s per image | vs bare engine | vs add --jobs 1 | "
          "peak RSS main (MB) | peak RSS worker (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| bare engine (read_file) | {bare['wall']:.1f} | {bare['wall'] / n:.2f} | 1.00 | | "
          f"{bare['rss_mb']:.0f} | |")
    print(f"| vault add --jobs 1 | {one['wall']:.1f} | {one['wall'] / n:.2f} | "
          f"{one['wall'] / bare['wall']:.2f} "
          f"(overhead {100 * (one['wall'] / bare['wall'] - 1):+.0f} %, goal <= 10 %) | 1.00 | "
          f"{one['rss_mb']:.0f} | |")
    print(f"| vault add --jobs 2 | {two['wall']:.1f} | {two['wall'] / n:.2f} | "
          f"{two['wall'] / bare['wall']:.2f} | {one['wall'] / two['wall']:.2f}x faster "
          f"(goal >= 1.6x) | {two['rss_mb']:.0f} | {two['worker_rss_mb']:.0f} |")
    print(f"\nfields extracted: {one['fields']} (jobs 1), {two['fields']} (jobs 2)")


if __name__ == "__main__":
    main()
