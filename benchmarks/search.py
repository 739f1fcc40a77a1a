"""Search benchmark: latency per query kind at N items, against a LIKE scan.

Builds a vault of N items (default 100,000) whose readings are OCR-like texts
of 200-800 characters (benchmarks/corpus.py), indexes them, then for each
query kind runs a set of different queries through Vault.search (count +
top 20, ranked, with snippets) and the same queries as a LIKE scan on the same
database (count + first 20), and prints p50 and p95 of each, their ratio, the
index size against the text size, and the build time. The hits column is the
total search reports: a lower bound past search.COUNT_BOUND (the share of such
queries is its own column); "count" is `vault search --count`, which counts
every match.

Usage: python benchmarks/search.py [--items 100000] [--queries 40]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

from evidence_vault import db  # noqa: E402
from evidence_vault.search import normalize  # noqa: E402
from evidence_vault.vault import Vault  # noqa: E402


def pick_queries(texts: list[str], n: int, rng: random.Random) -> dict[str, list[str]]:
    han_words = ["退款", "订单", "客服", "到账", "罚息", "服务", "发货", "投诉", "工作日", "支付",
                 "金额", "处理", "承诺", "会员", "质量", "补偿", "查询", "余额", "收款", "借款"]
    kinds: dict[str, list[str]] = {k: [] for k in (
        "1-char CJK", "2-char CJK", "4+-char phrase", "traditional query", "simplified query, "
        "traditional text", "6-digit fragment", "English word", "amount")}
    trad = {"订单": "訂單", "实付款": "實付款", "处理": "處理", "时间": "時間", "服务": "服務",
            "问题": "問題", "发货": "發貨", "编号": "編號"}
    while min(len(v) for v in kinds.values()) < n:
        t = normalize(rng.choice(texts)).replace(" ", "")
        han = [c for c in t if "\u4e00" <= c <= "\u9fff"]
        if len(han) > 10:
            kinds["1-char CJK"].append(rng.choice(han))
            i = rng.randrange(len(han) - 1)
            kinds["2-char CJK"].append(rng.choice(han_words) if rng.random() < 0.5
                                       else han[i] + han[i + 1])
            j = rng.randrange(len(t) - 8)
            kinds["4+-char phrase"].append(t[j:j + rng.randint(4, 8)])
        kinds["traditional query"].append(rng.choice(list(trad.values())))
        kinds["simplified query, traditional text"].append(rng.choice(list(trad)))
        words = normalize(rng.choice(texts)).split()
        ids = [w for w in words if w.isdigit() and len(w) >= 11]
        if ids:
            w = rng.choice(ids)
            k = rng.randrange(len(w) - 5)
            kinds["6-digit fragment"].append(w[k:k + 6])
        kinds["English word"].append(rng.choice(["refund", "order", "total", "paid", "customer",
                                                 "service", "approved", "tracking"]))
        amounts = [w for w in words if w.isdigit() and 2 <= len(w) <= 5]
        if amounts:
            kinds["amount"].append(rng.choice(amounts))
    return {k: v[:n] for k, v in kinds.items()}


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--like-queries", type=int, default=5,
                    help="LIKE scans per kind (they are slow; their p50/p95 need fewer)")
    args = ap.parse_args()
    rng = random.Random(3)
    work = Path(tempfile.mkdtemp(prefix="vault-search-"))
    try:
        v = Vault.open(work / "vault")
        t0 = time.perf_counter()
        texts = list(corpus.documents(args.items, seed=1))
        gen = time.perf_counter() - t0
        with db.write(v.db):
            corpus.fill_vault(v.db, texts)
        t0 = time.perf_counter()
        v.reindex()
        build = time.perf_counter() - t0

        sizes = dict(v.db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))
        index_bytes = sum(s for name, s in sizes.items()
                          if name.startswith(("search_fts", "search_uni")))
        text_bytes = v.db.execute("SELECT sum(length(CAST(text AS BLOB))) FROM search_docs"
                                  ).fetchone()[0]
        queries = pick_queries(texts[:5000], args.queries, rng)

        print(f"evidence-vault search benchmark: {args.items:,} items, "
              f"{text_bytes / 1e6:.1f} MB of text; corpus made in {gen:.1f} s")
        print(f"index: {index_bytes / 1e6:.1f} MB = {index_bytes / text_bytes:.2f}x the text "
              f"(goal <= 3x); built in {build:.1f} s ({1e6 * build / args.items:.0f} us/item)")
        print()
        print("| query kind | example | hits (median) | lower bound | p50 ms | p95 ms | "
              "count p50 ms | count p95 ms | LIKE p50 ms | LIKE p95 ms | LIKE/index (p50) |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for kind, qs in queries.items():
            for q in qs[:3]:
                v.search(q)  # warm
            times, totals, bounded = [], [], 0
            for q in qs:
                t0 = time.perf_counter()
                res = v.search(q, limit=20)
                times.append(1000 * (time.perf_counter() - t0))
                totals.append(res.total)
                bounded += getattr(res, "total_is_lower_bound", False)
            counts = []
            for q in qs[: args.like_queries]:
                t0 = time.perf_counter()
                v.search(q, limit=0, count=True)
                counts.append(1000 * (time.perf_counter() - t0))
            like = []
            for q in qs[: args.like_queries]:
                t0 = time.perf_counter()
                pattern = f"%{q}%"
                v.db.execute("SELECT count(*) FROM search_docs WHERE text LIKE ?",
                             (pattern,)).fetchone()
                v.db.execute("SELECT id FROM search_docs WHERE text LIKE ? LIMIT 20",
                             (pattern,)).fetchall()
                like.append(1000 * (time.perf_counter() - t0))
            print(f"| {kind} | {qs[0]} | {statistics.median(totals):.0f} | "
                  f"{100 * bounded / len(qs):.0f}% | {pct(times, 50):.1f} | {pct(times, 95):.1f} | "
                  f"{pct(counts, 50):.0f} | {pct(counts, 95):.0f} | {pct(like, 50):.0f} | "
                  f"{pct(like, 95):.0f} | {pct(like, 50) / pct(times, 50):.0f}x |")
        v.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
