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

Role accuracy, per family of document (the truth's `layout` for samples/, its
`kind` for the real set), for amount roles, date roles and rates: of the truth
fields that carry a role and whose value was found, the share found with that
role; and "sure but wrong": fields whose role the extractor is sure of
(confidence >= ROLE_CONFIDENT, what the dossier's cover lists) while the truth
gives that value another role. A truth field without a role is counted and
left out ("no role"), never guessed. The real set's truth names no roles; its
README defines each listed amount as "the total actually paid", so an amount
there is right as `paid` (strict) or as `paid` or `total` (a receipt's grand
total); each listed date is "the transaction (or travel / invoicing) date", so a
date is right with the role its kind of document gives it (REAL_DATE_ROLES: a
receipt's or a bank form's payment, a ticket's travel, an invoice's issue).

Identifier precision on the real set: an identifier read where the truth lists
none or others counts against it, except on files whose truth says their
numbers were not annotated (SROIE receipts); a value the truth lists under
`codes` (a ticket's red serial, an invoice's 发票代码: certain numbers that are
not order/transaction/invoice numbers) is counted apart, as "codes read as ids".

Usage: python benchmarks/extraction.py [--engines rapidocr,tesseract] [--jobs 2]
       [--no-realdata] [--limit N] [--keep DIR]

--keep DIR keeps each engine's vault in DIR; a later run with the same DIR reads
the files again from the vault's cached readings (`reocr`, no OCR) and so
measures the extractors of the code it runs in seconds, not the OCR's speed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from evidence_vault.extract.roles import ROLE_CONFIDENT
from evidence_vault.vault import Vault

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
REALDATA = REPO.parent / "shared" / "realdata"
FAMILIES = ("ids", "amounts", "dates", "phones", "promises")
ROLE_FAMILIES = ("amounts", "dates", "rates")
#: the roles an amount of the real set may have: its README lists "the total actually paid"
REAL_AMOUNT_ROLES = {"strict": {"paid"}, "lenient": {"paid", "total"}}
#: the role of the real set's dates by kind of document: its README lists "the transaction (or
#: travel / invoicing) date"
REAL_DATE_ROLES = {"receipt": "payment", "card-slip": "payment", "bank-form": "payment",
                   "ticket": "travel", "invoice": "issue"}


def family(kind: str) -> str | None:
    if kind.endswith("_no"):
        return "ids"
    return {"amount": "amounts", "date": "dates", "datetime": "dates", "phone": "phones",
            "promise": "promises", "rate": "rates"}.get(kind)


class Tally:
    def __init__(self) -> None:
        self.tp: defaultdict[str, int] = defaultdict(int)
        self.fn: defaultdict[str, int] = defaultdict(int)
        self.fp: defaultdict[str, int] = defaultdict(int)
        self.role_ok: defaultdict[str, int] = defaultdict(int)
        self.role_n: defaultdict[str, int] = defaultdict(int)
        self.role_none: defaultdict[str, int] = defaultdict(int)   # truth fields with no role
        self.sure_wrong: defaultdict[str, int] = defaultdict(int)
        self.sure_n: defaultdict[str, int] = defaultdict(int)

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

    def role_cell(self, key: str) -> str:
        if not self.role_n[key]:
            return "—"
        return f"{self.role_ok[key]}/{self.role_n[key]} = {self.role_ok[key] / self.role_n[key]:.3f}"

    def sure_cell(self, key: str) -> str:
        return f"{self.sure_wrong[key]}/{self.sure_n[key]}" if self.sure_n[key] else "—"


def fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def score_roles(tallies: list[Tally], fam: str, truth: list[dict[str, Any]],
                got: list[dict[str, Any]]) -> None:
    """Role accuracy of one file for one family, added to every tally given."""
    truth_roles: defaultdict[str, set[str | None]] = defaultdict(set)
    for f in truth:
        truth_roles[f["value"]].add(f.get("role"))
    got_roles: defaultdict[str, set[str | None]] = defaultdict(set)
    for f in got:
        got_roles[f["value"]].add(f["role"])
    for t in tallies:
        for f in truth:
            if f.get("role") is None:
                t.role_none[fam] += 1
            elif f["value"] in got_roles:
                t.role_n[fam] += 1
                t.role_ok[fam] += f["role"] in got_roles[f["value"]]
        for f in got:
            known = truth_roles.get(f["value"], set()) - {None}
            if f["role"] is None or f.get("confidence", 0) < ROLE_CONFIDENT or not known:
                continue
            t.sure_n[fam] += 1
            t.sure_wrong[fam] += f["role"] not in known


def score_samples(fields: dict[str, list[dict[str, Any]]], truths: dict[str, dict]
                  ) -> tuple[Tally, dict[str, Tally]]:
    overall, by_layout = Tally(), defaultdict(Tally)
    for name, got in fields.items():
        truth = truths[name]
        layout = by_layout[truth["layout"]]
        for fam in FAMILIES + ("rates",):
            # promises are text as shown: OCR's spacing (callyou) is not the extractor's error
            key = (lambda v: "".join(v.split())) if fam == "promises" else (lambda v: v)
            t = {key(f["value"]) for f in truth["fields"] if family(f["kind"]) == fam}
            g = {key(f["value"]) for f in got if family(f["kind"]) == fam}
            overall.add(fam, t, g)
            layout.add(fam, t, g)
        # identifiers the page gives without a label (另一单…也是一样, a number sent alone)
        t = {f["value"] for f in truth["fields"] if family(f["kind"]) == "ids" and not f.get("label")}
        g = {f["value"] for f in got if family(f["kind"]) == "ids"}
        overall.tp["ids_unlabelled"] += len(t & g)
        overall.fn["ids_unlabelled"] += len(t - g)
        for fam in ROLE_FAMILIES:
            score_roles([overall, layout], fam,
                        [f for f in truth["fields"] if family(f["kind"]) == fam],
                        [f for f in got if family(f["kind"]) == fam])
    return overall, by_layout


def score_realdata(fields: dict[str, list[dict[str, Any]]], truth: dict[str, dict]
                   ) -> tuple[Tally, dict[str, Tally], dict[str, Counter]]:
    """Recall per family; identifier precision (see the module's note); role accuracy of the
    amounts (strict in role_*, lenient in sure_*: see REAL_AMOUNT_ROLES) and of the dates (in
    role_/sure_ "dates": REAL_DATE_ROLES, sure but wrong at confidence >= ROLE_CONFIDENT); the
    roles read for the truth's dates, counted per kind."""
    overall, by_lang = Tally(), defaultdict(Tally)
    by_kind: defaultdict[str, Tally] = defaultdict(Tally)
    date_roles: defaultdict[str, Counter] = defaultdict(Counter)
    for name, got in fields.items():
        t = truth[name]
        kind = t.get("kind", "?")
        tallies = (overall, by_lang[t.get("lang", "?")], by_kind[kind])
        for fam, key in (("ids", "ids"), ("amounts", "amounts"), ("dates", "dates")):
            tv = set(t.get(key, []))
            gv = {f["value"][:10] if fam == "dates" else f["value"] for f in got
                  if family(f["kind"]) == fam}
            # receipts list many amounts; the truth has only the total: recall only
            for tally in tallies:
                tally.tp[fam] += len(tv & gv)
                tally.fn[fam] += len(tv - gv)
                if fam == "ids" and "not annotated" not in t.get("note", ""):
                    codes = set(t.get("codes") or [])
                    tally.fp["ids"] += len(gv - tv - codes)
                    tally.fp["codes"] += len(gv & codes)
        for value in t.get("amounts", []):
            roles = {f["role"] for f in got if f["kind"] == "amount" and f["value"] == value}
            if not roles:
                continue
            for tally in (overall, by_kind[kind]):
                tally.role_n["amounts"] += 1
                tally.role_ok["amounts"] += bool(roles & REAL_AMOUNT_ROLES["strict"])
                tally.sure_n["amounts"] += 1
                tally.sure_wrong["amounts"] += bool(roles & REAL_AMOUNT_ROLES["lenient"])
        for value in t.get("dates", []):
            found = [f for f in got if family(f["kind"]) == "dates" and f["value"][:10] == value]
            for f in found:
                date_roles[kind][f["role"]] += 1
            want = REAL_DATE_ROLES.get(kind)
            if not found or want is None:
                continue
            for tally in (overall, by_kind[kind]):
                tally.role_n["dates"] += 1
                tally.role_ok["dates"] += any(f["role"] == want for f in found)
                sure = [f for f in found if f.get("confidence", 0) >= ROLE_CONFIDENT
                        and f["role"] is not None]
                tally.sure_n["dates"] += bool(sure)
                tally.sure_wrong["dates"] += any(f["role"] != want for f in sure)
    return overall, by_lang | {f"kind: {k}": v for k, v in sorted(by_kind.items())}, date_roles


def read(engine: str, files: list[Path], jobs: int, keep: Path | None, name: str
         ) -> tuple[dict[str, list[dict[str, Any]]], float, bool]:
    """The fields of each file by its name, the seconds taken, and whether OCR was skipped
    (a kept vault read again from its cached readings)."""
    work = keep / f"{engine}-{name}" if keep else Path(tempfile.mkdtemp(
        prefix=f"vault-extract-{engine}-"))
    again = (work / "vault").exists()
    v = Vault.open(work / "vault")
    try:
        t0 = time.perf_counter()
        results = v.add(files, engine=engine, jobs=jobs)
        if again:
            v.reocr(engine=engine, jobs=jobs)
        wall = time.perf_counter() - t0
        wanted = {p.name for p in files}
        fields = {Path(r.path).name: v.show(r.ref)["fields"] for r in results
                  if r.status in ("added", "duplicate") and r.ref and Path(r.path).name in wanted}
    finally:
        v.close()
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return fields, wall, again


def print_roles(title: str, overall: Tally, groups: dict[str, Tally]) -> None:
    print(f"\n{title}\n")
    print("| family | amount roles | sure but wrong | no role in truth | date roles | "
          "sure but wrong | no role in truth | rates found | rate roles |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, t in [*sorted(groups.items()), ("**all**", overall)]:
        if not any(t.tp[f] + t.fn[f] for f in ROLE_FAMILIES):
            continue
        rates = (f"{t.tp['rates']}/{t.tp['rates'] + t.fn['rates']}"
                 if t.tp["rates"] + t.fn["rates"] else "—")
        print(f"| {name} | {t.role_cell('amounts')} | {t.sure_cell('amounts')} | "
              f"{t.role_none['amounts'] or ''} | {t.role_cell('dates')} | "
              f"{t.sure_cell('dates')} | {t.role_none['dates'] or ''} | {rates} | "
              f"{t.role_cell('rates')} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engines", default="rapidocr,tesseract")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-realdata", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--keep", type=Path, default=None)
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
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)

    for engine in args.engines.split(","):
        fields, wall, again = read(engine, files, args.jobs, args.keep, "samples")
        overall, by_layout = score_samples(fields, truths)
        how = "re-read from kept readings, no OCR" if again else f"--jobs {args.jobs}"
        print(f"\n## {engine}: samples/ ({len(files)} files, {how}): "
              f"{wall:.1f} s, {wall / len(files):.2f} s per file")
        print("\n| field family | truth | found | recall | precision | role correct |")
        print("|---|---:|---:|---:|---:|---:|")
        for fam in FAMILIES + ("rates",):
            print(f"| {fam} | {overall.tp[fam] + overall.fn[fam]} | {overall.tp[fam]} | "
                  f"{fmt(overall.recall(fam))} | {fmt(overall.precision(fam))} | "
                  f"{overall.role_cell(fam) if fam in ROLE_FAMILIES else '—'} |")
        n = overall.tp["ids_unlabelled"] + overall.fn["ids_unlabelled"]
        print(f"\nIdentifiers without a label on the page: {overall.tp['ids_unlabelled']}/{n} found"
              f" (recall {fmt(overall.recall('ids_unlabelled'))})")
        print("\n| layout | ids R | ids P | amounts R | amounts P | dates R | dates P |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for layout in sorted(by_layout):
            t = by_layout[layout]
            print(f"| {layout} | {fmt(t.recall('ids'))} | {fmt(t.precision('ids'))} | "
                  f"{fmt(t.recall('amounts'))} | {fmt(t.precision('amounts'))} | "
                  f"{fmt(t.recall('dates'))} | {fmt(t.precision('dates'))} |")
        print_roles(f"Role accuracy on samples/ ({engine}): right/scored; sure but wrong = "
                    f"confidence >= {ROLE_CONFIDENT} with a role the truth gives that value "
                    "not", overall, by_layout)

        if real_files:
            fields, wall, again = read(engine, real_files, args.jobs, args.keep, "realdata")
            overall, groups, date_roles = score_realdata(fields, real_truth)
            print(f"\n{engine}: real receipts, tickets and invoices in ../shared/realdata "
                  f"({len(real_files)} files, never seen by the extractors' authors): "
                  f"{wall / len(real_files):.2f} s per file")
            print("\n| set | ids recall | ids precision | codes read as ids | amounts recall | "
                  "dates recall | amount role paid | amount role paid or total | date role | "
                  "date sure but wrong |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for name, t in [("all", overall), *groups.items()]:
                lenient = (f"{t.sure_wrong['amounts']}/{t.sure_n['amounts']}"
                           if t.sure_n["amounts"] else "—")
                print(f"| {name} | {fmt(t.recall('ids'))} | {fmt(t.precision('ids'))} | "
                      f"{t.fp['codes'] or ''} | {fmt(t.recall('amounts'))} | "
                      f"{fmt(t.recall('dates'))} | {t.role_cell('amounts')} | {lenient} | "
                      f"{t.role_cell('dates')} | {t.sure_cell('dates')} |")
            print("\nRoles read for the truth's dates, per kind: "
                  + "; ".join(f"{k}: " + ", ".join(f"{r or 'none'} {n}" for r, n in c.most_common())
                              for k, c in sorted(date_roles.items())))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
