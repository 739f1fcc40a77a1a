"""The truth beside each sample: every field declared must be among the drawn strings, nothing
amount-, date- or number-like may be drawn undeclared, and visible platform names are added.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .values import PLATFORMS


def platform_fields(shown: list[str]) -> list[dict]:
    text = "\n".join(shown)
    out = []
    for canon, aliases in PLATFORMS.items():
        for alias in aliases:
            if alias in text:
                out.append({"kind": "platform", "value": canon, "role": None, "label": None,
                            "text": alias})
                break
    return out


UNDECLARED = re.compile(
    r"\d{1,3}(?:,\d{3})+|\d+\.\d{2}(?![\d%])|[¥￥$]\s*\d|\d+(?:\.\d+)?\s*[元块圆]"
    r"|\d{1,2}[:：]\d{2}|\d{1,2}月\d{1,2}日|\d{4}[-/年.]\d{1,2}|\d{1,2}-\d{1,2}\s+\d"
    r"|\d{5,}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d")


def lint_undeclared(shown: list[str], fields: list[dict]) -> list[str]:
    """Amount-, date- or identifier-like text drawn but not declared as a field.

    The benchmark measures precision and recall against the truth, so a visible number that is
    not in the truth would make a correct reader look wrong. Field texts are cut out of the
    drawn strings; whatever still looks like money, a time or an identifier is reported.
    """
    texts = sorted({f["text"] for f in fields}, key=len, reverse=True)
    left = []
    for s in shown:
        for t in texts:
            s = s.replace(t, "\x00")
        left += [f"{m.group()!r} in {s!r}" for m in UNDECLARED.finditer(s)]
    return left


def finish_fields(sc_shown: list[str], fields: list[dict], cap: dt.datetime | None,
                  allow: tuple[str, ...] = ()) -> list[dict]:
    """Check every field is visible, add platforms, drop repeats of (kind, value, role)."""
    text = "\n".join(sc_shown)
    stray = [x for x in lint_undeclared(sc_shown, fields) if not any(a in x for a in allow)]
    if stray:
        raise AssertionError("drawn but not in the truth: " + "; ".join(stray))
    for f in fields:
        if f["text"] not in text:
            raise AssertionError(f"field not drawn: {f}")
        if f.get("resolved"):
            if cap is None:
                raise AssertionError(f"{f['text']!r} needs a capture time to resolve")
            when = dt.date.fromisoformat(f["value"][:10])
            if not (cap.date() - dt.timedelta(days=366) < when <= cap.date() + dt.timedelta(days=1)
                    or f.get("role") == "due"):
                raise AssertionError(f"{f} does not resolve near {cap}")
    seen, out = set(), []
    for f in fields + platform_fields(sc_shown):
        key = (f["kind"], f["value"], f["role"])
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def write_truth(path: Path, truth: dict) -> None:
    Path(str(path) + ".json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
