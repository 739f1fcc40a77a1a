"""Extraction benchmark: `vault add` over samples/ (and the real receipts in
../shared/realdata when present) with each engine, against the truth beside
each file.

Prints, per engine: recall and precision per field family and per layout,
role accuracy for amounts and dates, and seconds per image.

Matching: identifiers by value among the *_no kinds (the exact kind, e.g.
Alipay 订单号 as transaction_no, is not scored); amounts by value; dates by
value among date/datetime (exact: a datetime read as a date alone is a miss).
A predicted field counts against precision when its value is in no truth
field of its family.

Usage: python benchmarks/extraction.py [--engines rapidocr,tesseract] [--jobs 2]
       [--no-realdata] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from evidence_vault.vault import Vault

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
REALDATA = REPO.parent / "shared" / "realdata"
FAMILIES = ("ids", "amounts", "dates", "phones", "promises")


def family(kind: str) -> str | None:
    if kind.endswith("_no"):
        return "ids"
    return {"amount": "amounts", "date": "dates", "datetime": "dates", "phone": "phones",
            "promise": "promises"}.get(kind)


class Tally:
    def __init__(self) -> None:
        self.tp = defaultdict(int)
        self.fn = defaultdict(int)
        self.fp = defaultdict(int)
        self.role_ok = defaultdict(int)
        self.role_n = defaultdict(int)

    def add(self, key: str, truth: set, got: set) -> None:
        self.tp[key] += len(truth & got)
        self.fn[key] += len(truth - got)
        self.fp[key] += len(got - truth)

    def recall(self, key: str) -> float | None:
        n = self.tp[key] + self.fn[key]
        return None if n == 0 else self.tp[key] / n

    def precision(self, key: str) -> float | None:
        n = self.tp[key] + self.fp[key]
        return None if n == 0 else self.tp[key] / n


def fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def score_samples(v: Vault, results, truths: dict[str, dict]) -> tuple[Tally, dict[str, Tally]]:
    overall, by_layout = Tally(), defaultdict(Tally)
    for r in results:
        if r.status != "added":
            continue
        truth = truths[Path(r.path).name]
        got = v.show(r.ref)["fields"]
        for fam in FAMILIES:
            # promises are text as shown: OCR's spacing (callyou) is not the extractor's error
            key = (lambda v: "".join(v.split())) if fam == "promises" else (lambda v: v)
            t = {key(f["value"]) for f in truth["fields"] if family(f["kind"]) == fam}
            g = {key(f["value"]) for f in got if family(f["kind"]) == fam}
            overall.add(fam, t, g)
            by_layout[truth["layout"]].add(fam, t, g)
        for fam in ("amounts", "dates"):
            troles = {f["value"]: f.get("role") for f in truth["fields"]
                      if family(f["kind"]) == fam}
            groles = defaultdict(set)
            for f in got:
                if family(f["kind"]) == fam:
                    groles[f["value"]].add(f["role"])
            for value, role in troles.items():
                if value in groles and role:
                    overall.role_n[fam] += 1
                    overall.role_ok[fam] += role in groles[value]
    return overall, by_layout


def score_realdata(v: Vault, results, truth: dict[str, dict]) -> tuple[Tally, dict[str, Tally]]:
    overall, by_lang = Tally(), defaultdict(Tally)
    for r in results:
        if r.status != "added":
            continue
        t = truth[Path(r.path).name]
        got = v.show(r.ref)["fields"]
        for fam, key in (("ids", "ids"), ("amounts", "amounts"), ("dates", "dates")):
            tv = set(t.get(key, []))
            gv = {f["value"][:10] if fam == "dates" else f["value"] for f in got
                  if family(f["kind"]) == fam}
            # receipts list many amounts; the truth has only the total: recall only
            overall.tp[fam] += len(tv & gv)
            overall.fn[fam] += len(tv - gv)
            by_lang[t.get("lang", "?")].tp[fam] += len(tv & gv)
            by_lang[t.get("lang", "?")].fn[fam] += len(tv - gv)
    return overall, by_lang


def run(engine: str, files: list[Path], jobs: int) -> tuple[Vault, list, float, Path]:
    work = Path(tempfile.mkdtemp(prefix=f"vault-extract-{engine}-"))
    v = Vault.open(work / "vault")
    t0 = time.perf_counter()
    results = v.add(files, engine=engine, jobs=jobs)
    return v, results, time.perf_counter() - t0, work


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engines", default="rapidocr,tesseract")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-realdata", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()

    files = sorted(p for p in SAMPLES.iterdir() if (SAMPLES / f"{p.name}.json").exists())
    if args.limit:
        files = files[: args.limit]
    truths = {p.name: json.loads((SAMPLES / f"{p.name}.json").read_text(encoding="utf-8"))
              for p in files}
    real_truth = {}
    real_files: list[Path] = []
    if not args.no_realdata and (REALDATA / "truth.json").exists():
        real_truth = json.loads((REALDATA / "truth.json").read_text(encoding="utf-8"))
        real_files = sorted(REALDATA / name for name in real_truth if (REALDATA / name).exists())
    elif not args.no_realdata:
        print(f"({REALDATA} is absent: the real receipts are not measured)")

    for engine in args.engines.split(","):
        v, results, wall, work = run(engine, files, args.jobs)
        overall, by_layout = score_samples(v, results, truths)
        print(f"\n## {engine}: samples/ ({len(files)} files, --jobs {args.jobs}): "
              f"{wall:.1f} s, {wall / len(files):.2f} s per file")
        print("\n| field family | truth | found | recall | precision | role correct |")
        print("|---|---:|---:|---:|---:|---:|")
        for fam in FAMILIES:
            role = (f"{overall.role_ok[fam]}/{overall.role_n[fam]}"
                    if overall.role_n[fam] else "—")
            print(f"| {fam} | {overall.tp[fam] + overall.fn[fam]} | {overall.tp[fam]} | "
                  f"{fmt(overall.recall(fam))} | {fmt(overall.precision(fam))} | {role} |")
        print("\n| layout | ids R | ids P | amounts R | amounts P | dates R | dates P |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for layout in sorted(by_layout):
            t = by_layout[layout]
            print(f"| {layout} | {fmt(t.recall('ids'))} | {fmt(t.precision('ids'))} | "
                  f"{fmt(t.recall('amounts'))} | {fmt(t.precision('amounts'))} | "
                  f"{fmt(t.recall('dates'))} | {fmt(t.precision('dates'))} |")
        v.close()
        shutil.rmtree(work, ignore_errors=True)

        if real_files:
            v, results, wall, work = run(engine, real_files, args.jobs)
            overall, by_lang = score_realdata(v, results, real_truth)
            print(f"\n{engine}: real receipts, tickets and invoices in ../shared/realdata "
                  f"({len(real_files)} files, never seen by the extractors' authors): "
                  f"{wall / len(real_files):.2f} s per file")
            print("\n| set | ids recall | amounts recall | dates recall |")
            print("|---|---:|---:|---:|")
            for name, t in [("all", overall), *sorted(by_lang.items())]:
                print(f"| {name} | {fmt(t.recall('ids'))} | {fmt(t.recall('amounts'))} | "
                      f"{fmt(t.recall('dates'))} |")
            v.close()
            shutil.rmtree(work, ignore_errors=True)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
