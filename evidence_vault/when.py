"""Times the user types (`--at`, `--due`) and times the vault keeps.

The vault keeps two kinds of time and never mixes them:
- its own clock (`added_at`, custody-log `at`): ISO 8601 with the machine's
  UTC offset, second precision;
- claimed local times (capture times, note times, due dates): ISO 8601 local
  wall time without an offset, as a phone shows it. Mainland China has one
  zone (UTC+8, no DST), so every absolute stamp (WeChat's Unix-millisecond
  file names, a PDF's CreationDate with an offset or Z, a file's modification
  time) is converted once to UTC+8 (CHINA_TZ), whatever the machine's zone.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone

from evidence_vault.errors import InvalidInputError

CHINA_TZ = timezone(timedelta(hours=8), "UTC+08:00")


def now_iso() -> str:
    """The vault's clock: local time with offset, e.g. 2026-11-22T10:00:01+08:00."""
    return datetime.now().astimezone().replace(microsecond=0).isoformat()


_USER_DT = re.compile(
    r"^\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?:[Tt]|\s)\s*(?P<ap>上午|下午|晚上|凌晨|早上|中午)?\s*"
    r"(?P<H>\d{1,2})\s*[:：时点]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?\s*秒?"
    r"(?:\.\d+)?)?\s*$"
)


def parse_user_datetime(text: str, *, what: str = "date/time") -> str:
    """Parse what a user typed into an ISO 8601 local time.

    Accepts 2024-03-16 10:05, 2024-03-16T10:05:00, 2024/3/16 10:05,
    2024年3月16日 下午3:05, and a date alone (kept as a date, 2024-03-16).
    """
    s = unicodedata.normalize("NFKC", text or "").strip()
    m = _USER_DT.match(s)
    if not m:
        raise InvalidInputError(
            f"cannot read {what} {text!r}; write it like 2024-03-16 10:05 or 2024-03-16"
        )
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
        if m["H"] is None:
            return d.isoformat()
        hour = int(m["H"])
        if m["ap"] in ("下午", "晚上") and hour < 12:
            hour += 12
        if m["ap"] == "中午" and hour < 11:
            hour += 12
        if m["ap"] == "凌晨" and hour == 12:
            hour = 0
        dt = datetime(d.year, d.month, d.day, hour, int(m["M"]), int(m["S"] or 0))
    except ValueError as e:
        raise InvalidInputError(f"cannot read {what} {text!r}: {e}") from None
    return dt.isoformat()


def parse_user_date(text: str, *, what: str = "date") -> str:
    value = parse_user_datetime(text, what=what)
    return value[:10]
