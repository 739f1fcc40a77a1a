"""Compare our date and amount extractors with jionlp and dateparser on the same strings.

Run:  .venv/bin/python benchmarks/extract_compare.py

Each library gets the same text and the same reference time (the claimed capture time). A system
is right on a case when its best answer equals the expected value: for dates, the date (and the
time to the second, when the case has one); for amounts, the expected value is among the amounts
it returns (a case that expects none is right when none is returned). Our best answer is the
first non-ambiguous date/datetime field in text order (the libraries also answer with the first
date they find). Roles are not
compared: neither library has them. A library that is not installed is shown as "-".

jionlp prints a banner on import and every system loads something on first use (jionlp its
dictionaries, ours cn2an and the holiday calendar); a warm-up pass over all cases keeps that out
of the timings. Times are the mean wall time of one call on the second pass, in milliseconds.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evidence_vault.extract import Context, extract  # noqa: E402

BASE = datetime(2024, 6, 1, 12, 0, 0)  # capture time when a case names none

# (form, text, capture time or None, expected ISO value)
DATE_CASES: list[tuple[str, str, datetime | None, str]] = [
    ("cn full", "支付时间 2024年3月15日 14:23:07", None, "2024-03-15T14:23:07"),
    ("cn full", "2024年3月5日", None, "2024-03-05"),
    ("cn full", "支付时间2024年3月15日14:23:07", None, "2024-03-15T14:23:07"),
    ("cn full", "2023年12月31日 23:59", None, "2023-12-31T23:59:00"),
    ("numeric ymd", "2024-03-15 14:23:07", None, "2024-03-15T14:23:07"),
    ("numeric ymd", "下单时间：2024-03-15 14:23:07", None, "2024-03-15T14:23:07"),
    ("numeric ymd", "2024-3-5", None, "2024-03-05"),
    ("numeric ymd", "2024/03/15 14:23", None, "2024-03-15T14:23:00"),
    ("numeric ymd", "2024.03.15", None, "2024-03-15"),
    ("compact", "交易时间 20240315142307", None, "2024-03-15T14:23:07"),
    ("compact", "日期 20240315", None, "2024-03-15"),
    ("year-less", "03-15 14:23", datetime(2024, 3, 16, 10), "2024-03-15T14:23:00"),
    ("year-less", "3月15日", datetime(2024, 3, 16, 10), "2024-03-15"),
    ("year-less", "12月28日 09:00", datetime(2024, 3, 16, 10), "2023-12-28T09:00:00"),
    ("year-less", "3月15日 下午3:05", datetime(2024, 3, 16, 10), "2024-03-15T15:05:00"),
    ("relative", "昨天 14:23", datetime(2024, 3, 16, 10), "2024-03-15T14:23:00"),
    ("relative", "前天 09:10", datetime(2024, 3, 16, 10), "2024-03-14T09:10:00"),
    ("relative", "今天 08:00", datetime(2024, 3, 16, 10), "2024-03-16T08:00:00"),
    ("relative", "星期五 14:23", datetime(2024, 3, 16, 10), "2024-03-15T14:23:00"),
    ("relative", "周五 10:00", datetime(2024, 3, 16, 10), "2024-03-15T10:00:00"),
    ("12-hour words", "2024年3月15日 下午3:05", None, "2024-03-15T15:05:00"),
    ("12-hour words", "2024年3月15日 凌晨3:05", None, "2024-03-15T03:05:00"),
    ("12-hour words", "2024-03-15 晚上8:30", None, "2024-03-15T20:30:00"),
    ("12-hour words", "2024年3月15日下午3点半", None, "2024-03-15T15:30:00"),
    ("cn numerals", "二〇二四年三月十五日", None, "2024-03-15"),
    ("cn numerals", "二零二三年十二月三十一日", None, "2023-12-31"),
    ("cn numerals", "签订日期：二〇二四年五月一日", None, "2024-05-01"),
    ("english", "March 5, 2024", None, "2024-03-05"),
    ("english", "5 March 2024", None, "2024-03-05"),
    ("english", "Mar 5 2024 10:30 PM", None, "2024-03-05T22:30:00"),
    ("english", "Dec 25, 2018", None, "2018-12-25"),
    ("english", "25 Dec 2018 14:00", None, "2018-12-25T14:00:00"),
    ("numeric dmy", "25/12/2018", None, "2018-12-25"),
    ("numeric dmy", "23-01-2019", None, "2019-01-23"),
    ("numeric dmy", "DATE: 31/01/2019 10:05", None, "2019-01-31T10:05:00"),
    ("numeric dmy", "13/03/2018", None, "2018-03-13"),
    ("two-digit year", "DATE: 19-03-18 TOTAL RM 12.00", None, "2018-03-19"),
    ("two-digit year", "05/11/17 TOTAL RM 8.00", None, "2017-11-05"),
    ("two-digit year", "交易日期 24-03-15 ¥12.00", None, "2024-03-15"),
    ("dd/mm by evidence", "05/03/2024 TOTAL RM 12.00", None, "2024-03-05"),
    ("dd/mm by evidence", "05/03/2024 Total $12.00", None, "2024-05-03"),
    ("dd/mm by evidence", "05/03/2024\n25/03/2024", None, "2024-03-05"),
    ("dd/mm by evidence", "04/05/2024", datetime(2024, 4, 20), "2024-04-05"),
    ("OCR noise", "支付时间 2O24-O3-15 14:23:O7", None, "2024-03-15T14:23:07"),
    ("OCR noise", "2024年3月15口 14:23", None, "2024-03-15T14:23:00"),
    ("OCR noise", "２０２４－０３－１５　１４：２３：０７", None, "2024-03-15T14:23:07"),
    ("OCR noise", "付款時間 2024-03-15 14:23:07", None, "2024-03-15T14:23:07"),
    ("OCR noise", "2024-03-1514:23:07", None, "2024-03-15T14:23:07"),
    ("natural language", "三天前 14:00", datetime(2024, 3, 16, 10), "2024-03-13T14:00:00"),
    ("natural language", "上个月15号", datetime(2024, 3, 16, 10), "2024-02-15"),
    ("natural language", "去年3月1日", datetime(2024, 3, 16, 10), "2023-03-01"),
    ("natural language", "大前天", datetime(2024, 3, 16, 10), "2024-03-13"),
    ("natural language", "今天下午3点", datetime(2024, 3, 16, 10), "2024-03-16T15:00:00"),
]

# (form, text, expected value or None for "no amount")
AMOUNT_CASES: list[tuple[str, str, str | None]] = [
    ("symbol", "实付款 ¥1,280.00", "1280.00"),
    ("symbol", "实付款：￥128", "128.00"),
    ("symbol", "RMB 3,500.00", "3500.00"),
    ("unit", "退款128元已原路退回", "128.00"),
    ("unit", "借款金额 10,000.00元", "10000.00"),
    ("unit", "我付了200块", "200.00"),
    ("wan/yi", "借款金额：1.5万元", "15000.00"),
    ("wan/yi", "授信额度3万元", "30000.00"),
    ("daxie", "人民币壹仟贰佰捌拾元整", "1280.00"),
    ("daxie", "壹仟肆佰零玖元伍角", "1409.50"),
    ("chinese lower", "押金两百块钱", "200.00"),
    ("chinese lower", "一千二百元", "1200.00"),
    ("receipt", "TOTAL 80.90", "80.90"),
    ("receipt", "TOTAL: RM 80.90", "80.90"),
    ("headline", "京东商城\n-1,280.00\n支付时间 2024-03-15 14:23:07", "1280.00"),
    ("not money", "年化利率24%", None),
    ("not money", "逾期天数 15天", None),
    ("not money", "订单编号 295914147223954356", None),
    ("not money", "联系电话 13812345678", None),
]


# -- the systems -----------------------------------------------------------------------------

def ours_date(text: str, cap: datetime) -> str | None:
    fields = [f for f in extract(text, Context(captured_at=cap))
              if f.kind in ("date", "datetime") and not f.detail.get("ambiguous")]
    if not fields:
        return None
    return fields[0].value  # first in text order, as the libraries answer


def ours_amounts(text: str) -> set[str]:
    return {f.value for f in extract(text) if f.kind == "amount"}


def load_jionlp() -> object | None:
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            import jionlp
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return None
    return jionlp


def jionlp_date(jio: object, text: str, cap: datetime) -> str | None:
    base = {"year": cap.year, "month": cap.month, "day": cap.day, "hour": cap.hour,
            "minute": cap.minute, "second": cap.second}
    try:
        found = jio.ner.extract_time(text, time_base=base)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return None
    for item in found:
        if item["detail"]["type"] in ("time_point", "time_span"):
            return str(item["detail"]["time"][0]).replace(" ", "T")
    return None


def jionlp_amounts(jio: object, text: str) -> set[str]:
    try:
        found = jio.ner.extract_money(text, with_parsing=True)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return set()
    out = set()
    for item in found:
        num = item.get("detail", {}).get("num")
        if num is not None:
            with contextlib.suppress(ValueError):
                out.add(f"{float(num):.2f}")
    return out


def load_dateparser() -> object | None:
    try:
        import dateparser
        import dateparser.search  # noqa: F401
    except Exception:  # noqa: BLE001
        return None
    return dateparser


def dateparser_date(dp: object, text: str, cap: datetime) -> str | None:
    settings = {"RELATIVE_BASE": cap, "PREFER_DATES_FROM": "past"}
    try:
        found = dp.parse(text, languages=["zh", "en"], settings=settings)  # type: ignore[attr-defined]
        if found is None:
            hits = dp.search.search_dates(text, languages=["zh", "en"],  # type: ignore[attr-defined]
                                          settings=settings)
            found = hits[0][1] if hits else None
    except Exception:  # noqa: BLE001
        return None
    return found.replace(tzinfo=None, microsecond=0).isoformat() if found else None


# -- scoring ---------------------------------------------------------------------------------

def same(expected: str, got: str | None) -> bool:
    if got is None:
        return False
    if "T" not in expected:
        return got[:10] == expected
    return got[:19] == expected


def run(system: Callable[[str, datetime], str | None]) -> tuple[dict[str, int], float]:
    for _, text, cap, _ in DATE_CASES:  # warm up: lazy imports and dictionaries
        system(text, cap or BASE)
    right: dict[str, int] = {}
    start = time.perf_counter()
    for form, text, cap, expected in DATE_CASES:
        right[form] = right.get(form, 0) + same(expected, system(text, cap or BASE))
    return right, (time.perf_counter() - start) / len(DATE_CASES) * 1000


def run_amounts(system: Callable[[str], set[str]]) -> tuple[dict[str, int], float]:
    for _, text, _ in AMOUNT_CASES:
        system(text)
    right: dict[str, int] = {}
    start = time.perf_counter()
    for form, text, expected in AMOUNT_CASES:
        got = system(text)
        ok = (not got) if expected is None else expected in got
        right[form] = right.get(form, 0) + ok
    return right, (time.perf_counter() - start) / len(AMOUNT_CASES) * 1000


def table(title: str, forms: list[str], counts: dict[str, int],
          results: dict[str, tuple[dict[str, int], float] | None]) -> None:
    names = list(results)
    print(f"\n{title}")
    header = f"{'form':20} {'cases':>5} " + " ".join(f"{n:>10}" for n in names)
    print(header)
    print("-" * len(header))
    for form in forms:
        cells = []
        for n in names:
            r = results[n]
            cells.append(f"{r[0].get(form, 0):>10}" if r else f"{'-':>10}")
        print(f"{form:20} {counts[form]:>5} " + " ".join(cells))
    total = sum(counts.values())
    cells = [f"{sum(r[0].values()):>10}" if r else f"{'-':>10}" for r in results.values()]
    print(f"{'all':20} {total:>5} " + " ".join(cells))
    cells = [f"{r[1]:>10.3f}" if r else f"{'-':>10}" for r in results.values()]
    print(f"{'ms per call':20} {'':>5} " + " ".join(cells))


def main() -> None:
    jio = load_jionlp()
    dp = load_dateparser()
    forms: list[str] = []
    counts: dict[str, int] = {}
    for form, *_ in DATE_CASES:
        if form not in counts:
            forms.append(form)
        counts[form] = counts.get(form, 0) + 1
    results: dict[str, tuple[dict[str, int], float] | None] = {
        "ours": run(ours_date),
        "jionlp": run(lambda t, c: jionlp_date(jio, t, c)) if jio else None,
        "dateparser": run(lambda t, c: dateparser_date(dp, t, c)) if dp else None,
    }
    table("Dates and times (correct answers per form)", forms, counts, results)

    forms, counts = [], {}
    for form, *_ in AMOUNT_CASES:
        if form not in counts:
            forms.append(form)
        counts[form] = counts.get(form, 0) + 1
    amount_results: dict[str, tuple[dict[str, int], float] | None] = {
        "ours": run_amounts(ours_amounts),
        "jionlp": run_amounts(lambda t: jionlp_amounts(jio, t)) if jio else None,
    }
    table("Amounts (expected value found; 'not money' = nothing found)", forms, counts,
          amount_results)


if __name__ == "__main__":
    main()
