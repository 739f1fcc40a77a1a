"""OCR backend benchmark: rapidocr's PP-OCR models on OpenVINO against onnxruntime.

The same N full-size screenshots from samples/ (those with a truth file beside them) are
read by each backend in a fresh process (EVIDENCE_VAULT_OCR_BACKEND forces the backend),
one thread, as `vault add --jobs N` runs each worker. The backends alternate, and the order
flips every round, so a noisy shared machine weighs on both alike. Per run: the model's
load + first read (a tiny image) apart, then seconds per image (read_file: decoding,
slicing and OCR), CPU seconds per wall second (about 1: one thread, as asked), text lines
found, fields extracted, and truth fields found (recall, matched as benchmarks/extraction.py
matches them).

Usage: python benchmarks/ocr_backend.py [--files 10] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import FAMILIES, score_samples  # noqa: E402

BACKENDS = ("onnxruntime", "openvino")

RUN = r"""
import json, sys, time
from pathlib import Path
from PIL import Image
from evidence_vault import filetypes
from evidence_vault.ocr.rapid import RapidOcrEngine
from evidence_vault.pipeline import extract_fields
from evidence_vault.readers import read_file
files = [Path(p) for p in json.loads(sys.argv[1])]
engine = RapidOcrEngine(threads=1)
assert engine.available() is None, engine.available()
t0 = time.perf_counter()
engine.read_image(Image.new("RGB", (200, 80), "white"))
load = time.perf_counter() - t0
out = {"backend": engine.backend, "version": engine.version(), "load": load, "files": {}}
for f in files:
    t0, c0 = time.perf_counter(), time.process_time()
    reading = read_file(f, filetypes.sniff(f), engine)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    fields = extract_fields(reading.text, captured_at=None, app=None, filename=f.name,
                            source="ocr")
    out["files"][f.name] = {"secs": secs, "cpu": cpu, "lines": len(reading.lines),
                            "fields": [{"kind": x.kind, "value": x.value, "role": x.role,
                                        "confidence": x.confidence} for x in fields]}
print(json.dumps(out))
"""


def run(backend: str, files: list[Path]) -> dict:
    env = {**os.environ, "EVIDENCE_VAULT_OCR_BACKEND": backend,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", RUN, json.dumps([str(f) for f in files])],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    from PIL import Image

    samples = sorted(p for p in (REPO / "samples").iterdir()
                     if p.suffix.lower() in (".png", ".jpg", ".jpeg")
                     and (p.parent / f"{p.name}.json").exists())
    # ordinary full-size screenshots, not the long chats: a steady per-image cost
    files = [p for p in samples if Image.open(p).height < 3000][: args.files]
    truths = {p.name: json.loads((p.parent / f"{p.name}.json").read_text()) for p in files}
    print(f"{len(files)} screenshots from samples/, 1 thread, {args.rounds} rounds, "
          f"backends alternating\n")
    rows = []
    runs: dict[str, list[dict]] = {b: [] for b in BACKENDS}
    for r in range(args.rounds):
        for backend in (BACKENDS if r % 2 == 0 else BACKENDS[::-1]):
            got = run(backend, files)
            assert got["backend"] == backend, got["backend"]
            runs[backend].append(got)
            per = [f["secs"] for f in got["files"].values()]
            overall, _ = score_samples({n: f["fields"] for n, f in got["files"].items()}, truths)
            tp = sum(overall.tp[k] for k in FAMILIES)
            n = tp + sum(overall.fn[k] for k in FAMILIES)
            rows.append([str(r + 1), backend, f"{got['load']:.2f}", f"{statistics.mean(per):.2f}",
                         f"{statistics.median(per):.2f}",
                         f"{sum(f['cpu'] for f in got['files'].values()) / sum(per):.2f}",
                         str(sum(f["lines"] for f in got["files"].values())),
                         str(sum(len(f["fields"]) for f in got["files"].values())),
                         f"{tp}/{n} = {tp / n:.3f}" if n else "—"])
    head = ["round", "backend", "load+1st s", "s/image mean", "s/image median", "cpu/wall", "lines",
            "fields", "truth fields found"]
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=False)]
    for row in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    means = {b: statistics.mean(f["secs"] for g in runs[b] for f in g["files"].values())
             for b in BACKENDS}
    print(f"\nopenvino is {means['onnxruntime'] / means['openvino']:.2f}x as fast as onnxruntime "
          f"({means['openvino']:.2f} s against {means['onnxruntime']:.2f} s per image)")
    first = {b: runs[b][0]["files"] for b in BACKENDS}
    differ = [n for n in first["openvino"]
              if {(f["kind"], f["value"]) for f in first["openvino"][n]["fields"]}
              != {(f["kind"], f["value"]) for f in first["onnxruntime"][n]["fields"]}]
    print(f"files whose fields differ between the backends: {len(differ)} {differ}")
    for b in BACKENDS:
        print(f"{b}: {runs[b][0]['version'][:160]}...")


if __name__ == "__main__":
    main()
