"""Export benchmark: a case of N image exhibits (default 200) made into a dossier.

The exhibits are the screenshots in samples/ (each copy given one changed
pixel, so that every exhibit is a distinct original), added and read with
the default engine first (not timed). Then `vault export --redact` runs in a
fresh process and this prints its wall time and peak memory (the process and
its children: the typesetter's processes and, with --redact, the OCR worker,
whose peak as getrusage gives it counts the pages it shares with the process
it was forked from), the PDF's size against the originals' total, and the
page count. Goals: <= 30 s and <= 500 MB.

Usage: python benchmarks/export.py [--exhibits 200] [--engine rapidocr] [--no-redact]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]

EXPORT = r"""
import json, resource, sys, time
from pathlib import Path
from evidence_vault.vault import Vault
from evidence_vault.dossier.export import export
v = Vault.open(sys.argv[1])
t0 = time.perf_counter()
r = export(v, "bench", Path(sys.argv[2]), redact=sys.argv[3] == "1")
print(json.dumps({"wall": time.perf_counter() - t0, "pages": r.pages,
                  "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--exhibits", type=int, default=200)
    ap.add_argument("--engine", default="rapidocr")
    ap.add_argument("--no-redact", action="store_true")
    args = ap.parse_args()
    shots = sorted(p for p in (REPO / "samples").iterdir()
                   if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
    work = Path(tempfile.mkdtemp(prefix="vault-export-bench-"))
    try:
        src = work / "in"
        src.mkdir()
        for i in range(args.exhibits):
            shot = shots[i % len(shots)]
            im = Image.open(shot)
            im = im.convert("RGB")
            im.putpixel((0, 0), (i % 256, (i // 256) % 256, 7))
            buf = io.BytesIO()
            im.save(buf, "JPEG" if shot.suffix.lower() != ".png" else "PNG")
            (src / f"{i:03d}-{shot.name}").write_bytes(buf.getvalue())
        from evidence_vault.vault import Vault

        v = Vault.open(work / "vault")
        t0 = time.perf_counter()
        v.add([src], case="bench", engine=args.engine)
        added = time.perf_counter() - t0
        v.close()
        originals = sum(p.stat().st_size for p in src.iterdir())
        runs = {}
        for redact in ([False] if args.no_redact else [False, True]):
            out = work / f"dossier-{int(redact)}"
            done = subprocess.run([sys.executable, "-c", EXPORT, str(work / "vault"), str(out),
                                   "1" if redact else "0"], capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(done.stderr[-3000:])
            runs[redact] = json.loads(done.stdout.strip().splitlines()[-1])
        pdf = (work / "dossier-0" / "dossier.pdf").stat().st_size
        redacted = (work / "dossier-1" / "dossier-redacted.pdf").stat().st_size \
            if not args.no_redact else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"evidence-vault export benchmark: {args.exhibits} image exhibits "
          f"({originals / 1e6:.1f} MB of originals, added and read with {args.engine} in "
          f"{added:.0f} s beforehand)")
    print()
    print("| measure | export | export --redact | goal |")
    print("|---|---:|---:|---|")
    plain, red = runs[False], runs.get(True)

    def both(fmt: str, key) -> str:
        return f"{fmt.format(key(plain))} | " + (fmt.format(key(red)) if red else "—")

    print(f"| wall time | {both('{:.1f} s', lambda r: r['wall'])} | <= 30 s |")
    print(f"| peak memory, vault process | {both('{:.0f} MB', lambda r: r['self_mb'])} | |")
    print(f"| peak memory, largest child (typesetting; OCR worker) | "
          f"{both('{:.0f} MB', lambda r: r['child_mb'])} | |")
    print(f"| peak memory, both (upper bound) | "
          f"{both('{:.0f} MB', lambda r: r['self_mb'] + r['child_mb'])} | <= 500 MB |")
    print(f"| dossier.pdf pages | {plain['pages']} | | |")
    print(f"| dossier.pdf size / originals | {pdf / 1e6:.1f} MB / {originals / 1e6:.1f} MB = "
          f"{pdf / originals:.2f}x | | |")
    if redacted:
        print(f"| dossier-redacted.pdf size | | {redacted / 1e6:.1f} MB | |")


if __name__ == "__main__":
    main()
