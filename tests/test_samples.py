"""The samples in samples/ and their truth files: complete, well formed, self-consistent.

Fast and offline: it reads JSON, file names and image headers, never runs OCR. The generator
(samples/make_samples.py) already refuses to write a field that it did not draw; these tests keep
regenerations and hand edits honest, and pin the truth format that the accuracy benchmark reads.

Each check is one table test over every sample: a failure lists every sample that breaks it, one
line each. Check digits are python-stdnum's (a dependency), never computed here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from PIL import Image
from stdnum import luhn
from stdnum.cn import ric, uscc

from evidence_vault.extract import roles

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".heic"}
DOC_EXTS = {".pdf"}

KEYS = {"layout", "lang", "degraded", "captured_at", "app", "fields", "cross_check_mismatch"}
LANGS = {"zh-Hans", "zh-Hant", "en"}
ID_KINDS = {"order_no", "transaction_no", "merchant_order_no", "refund_no", "tracking_no",
            "contract_no", "serial_no", "ticket_no"}
KINDS = ID_KINDS | {"staff_id", "amount", "date", "datetime", "phone", "id_card", "bank_card",
                    "credit_code", "platform", "promise", "rate"}
AMOUNT_ROLES = {None, *roles.AMOUNT_ROLES}  # the extractors' vocabulary, named in one place
DATE_ROLES = {None, *roles.DATE_ROLES}
PLATFORMS = {"淘宝", "天猫", "京东", "拼多多", "美团", "抖音", "支付宝", "微信支付", "云闪付",
             "招商银行", "工商银行", "建设银行", "农业银行", "交通银行", "平安银行", "浦发银行",
             "中信银行", "分期乐", "360借条", "安逸花"}
CAPTURE_SOURCES = {None, "filename", "exif", "png-text", "pdf-meta"}

WECHAT_TXN_LABELS = {"交易单号", "Transaction No."}
ALIPAY_TRADE_LABELS = {"订单号", "訂單號", "Order No.", "支付宝交易号", "支付寶交易號"}


def id_card_ok(s: str) -> bool:
    """GB 11643 居民身份证号: 17 digits and a check character (stdnum also checks the birth date
    and the region). The pattern keeps it to the identifier's characters alone: stdnum would
    accept spaces."""
    return bool(re.fullmatch(r"[1-9]\d{16}[\dX]", s)) and ric.is_valid(s)


def luhn_ok(s: str) -> bool:
    return bool(re.fullmatch(r"\d{12,19}", s)) and luhn.is_valid(s)


def uscc_ok(s: str) -> bool:
    """GB 32100 统一社会信用代码, check character included."""
    return bool(re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", s)) and uscc.is_valid(s)


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir()
                  if p.is_file() and p.suffix.lower() in IMAGE_EXTS | DOC_EXTS)


def truth_of(path: Path) -> dict:
    return json.loads(Path(str(path) + ".json").read_text(encoding="utf-8"))


SAMPLE_FILES = sample_files()


# ------------------------------------------------------------------------- the collection

def test_counts_and_size():
    images = [p for p in SAMPLE_FILES if p.suffix.lower() in IMAGE_EXTS]
    heic = [p for p in images if p.suffix.lower() == ".heic"]
    pdfs = [p for p in SAMPLE_FILES if p.suffix.lower() in DOC_EXTS]
    long_shots = []
    for p in images:
        if p.suffix.lower() != ".heic":
            with Image.open(p) as im:  # reads the header only
                if im.height >= 6000:
                    long_shots.append(p.name)
    assert len(images) >= 60, f"{len(images)} images"
    assert len(heic) >= 2
    assert len(pdfs) >= 2
    assert len(long_shots) >= 3, long_shots
    total = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    assert total < 12 * 1024 * 1024, f"samples/ is {total / 1e6:.1f} MB"


def test_variety():
    truths = [truth_of(p) for p in SAMPLE_FILES]
    langs = {t["lang"] for t in truths}
    assert langs == LANGS
    assert sum(1 for t in truths if t["degraded"]) >= 12
    assert sum(1 for t in truths if t["cross_check_mismatch"]) >= 1
    layouts = {t["layout"] for t in truths}
    for needed in ("wechat-chat", "wechat-chat-dark", "alipay-bill", "wechatpay-bill",
                   "taobao-order", "jd-order", "pdd-order", "bank-sms", "loan-app", "courier"):
        assert needed in layouts, needed


def test_no_truth_without_a_sample():
    for truth in SAMPLES.glob("*.json"):
        assert truth.with_suffix("").exists(), f"{truth.name} has no sample beside it"


# ------------------------------------------------------------------------ each truth file

def check_truth_shape(path: Path):
    truth_path = Path(str(path) + ".json")
    assert truth_path.exists(), f"no truth file for {path.name}"
    t = truth_of(path)
    assert set(t) >= KEYS, KEYS - set(t)
    assert isinstance(t["layout"], str) and t["layout"]
    assert t["lang"] in LANGS
    assert t["degraded"] is None or (isinstance(t["degraded"], str) and t["degraded"])
    assert t["app"] is None or isinstance(t["app"], str)
    assert isinstance(t["cross_check_mismatch"], bool)
    assert t.get("captured_at_source") in CAPTURE_SOURCES
    if t["captured_at"] is not None:
        dt.datetime.fromisoformat(t["captured_at"])
        assert t.get("captured_at_source") is not None
    assert isinstance(t["fields"], list) and t["fields"], "a sample with nothing to find"


def check_fields(path: Path):
    t = truth_of(path)
    seen = set()
    for f in t["fields"]:
        assert {"kind", "value", "role"} <= set(f), f
        kind, value, role = f["kind"], f["value"], f["role"]
        assert kind in KINDS, f
        assert isinstance(value, str) and value.strip() == value and value, f
        key = (kind, value, role)
        assert key not in seen, f"repeated field {key}"
        seen.add(key)
        if kind == "amount":
            assert re.fullmatch(r"\d+\.\d{2}", value), f
            assert role in AMOUNT_ROLES, f
        elif kind == "rate":
            # a percent, as few digits as it needs: 24.00% is "24", 万分之五 is "0.05"
            assert re.fullmatch(r"\d+(?:\.\d*[1-9])?", value), f
            assert role in roles.RATE_PERIODS, f
        elif kind == "date":
            assert role in DATE_ROLES, f
            dt.date.fromisoformat(value)
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), f
        elif kind == "datetime":
            assert role in DATE_ROLES, f
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", value), f
            dt.datetime.fromisoformat(value)
        elif kind == "id_card":
            assert id_card_ok(value), f
        elif kind == "bank_card":
            if role == "tail":
                assert re.fullmatch(r"\d{4}", value), f
            else:
                assert luhn_ok(value), f
        elif kind == "credit_code":
            assert uscc_ok(value), f
        elif kind == "phone":
            assert re.fullmatch(r"1[3-9]\d{9}|1[3-9]\d\*{4}\d{4}", value), f
        elif kind == "platform":
            assert value in PLATFORMS, f
        elif kind == "promise":
            assert "due" in f, f
            dt.date.fromisoformat(f["due"])
        elif kind in ID_KINDS:
            assert re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z\-]*", value), f
        elif kind == "staff_id":
            assert re.fullmatch(r"[0-9A-Za-z]{2,12}", value), f
        if f.get("resolved"):
            assert f["resolved"] == "capture"
            assert t["captured_at"], "a resolved date needs a capture time"


def check_promise_due_after_message(path: Path):
    """A promise is due on or after the latest chat time shown before it was made."""
    fields = truth_of(path)["fields"]
    chats = [dt.date.fromisoformat(f["value"][:10]) for f in fields
             if f["kind"] == "datetime" and f["role"] == "chat"]
    for f in fields:
        if f["kind"] == "promise" and chats:
            assert dt.date.fromisoformat(f["due"]) >= min(chats), f


# ---------------------------------------------------------------- cross-checks in a page

def _reference_day(fields: list[dict]) -> dt.date | None:
    for role in ("payment", "order"):
        for f in fields:
            if f["kind"] == "datetime" and f["role"] == role:
                return dt.date.fromisoformat(f["value"][:10])
    return None


def _embedded_days(fields: list[dict]) -> list[dt.date]:
    """Dates inside 28-digit payment numbers: WeChat chars 11-18, Alipay chars 1-8."""
    days = []
    for f in fields:
        if f["kind"] != "transaction_no" or not re.fullmatch(r"\d{28}", f["value"]):
            continue
        if f.get("label") in WECHAT_TXN_LABELS:
            days.append(dt.datetime.strptime(f["value"][10:18], "%Y%m%d").date())
        elif f.get("label") in ALIPAY_TRADE_LABELS:
            days.append(dt.datetime.strptime(f["value"][:8], "%Y%m%d").date())
    return days


def check_cross_check_mismatch_is_true(path: Path):
    t = truth_of(path)
    ref = _reference_day(t["fields"])
    days = _embedded_days(t["fields"])
    if ref is None or not days:
        assert not t["cross_check_mismatch"], "flagged but nothing to cross-check"
        return
    agrees = all(abs((d - ref).days) <= 1 for d in days)
    assert agrees != t["cross_check_mismatch"], (ref, days)


def check_pdd_order_prefix_matches_order_day(path: Path):
    fields = truth_of(path)["fields"]
    orders = [f for f in fields if f["kind"] == "datetime" and f["role"] == "order"]
    for f in fields:
        if f["kind"] == "order_no" and re.fullmatch(r"\d{6}-\d{15}", f["value"]) and orders:
            day = dt.datetime.strptime(f["value"][:6], "%y%m%d").date()
            assert any(abs((dt.date.fromisoformat(o["value"][:10]) - day).days) <= 1
                       for o in orders), f


# ---------------------------------------------------------- claimed capture time and app

FILENAME_TIMES = [
    (r"^Screenshot_(\d{8})[-_](\d{6})", lambda m: m[1] + m[2]),
    (r"^Screenshot_(\d{4})-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)", lambda m: "".join(m.groups())),
    (r"^(?:IMG|PXL)_(\d{8})_(\d{6})", lambda m: m[1] + m[2]),
    (r"^(?:微信图片_|QQ截图|QQ图片)(\d{14})", lambda m: m[1]),
    (r"^(?:mmexport|wx_camera_)(1\d{12})",
     lambda m: dt.datetime.fromtimestamp(int(m[1]) // 1000, dt.timezone(dt.timedelta(hours=8)))
     .strftime("%Y%m%d%H%M%S")),
    (r"^屏幕截图 (\d{4})-(\d\d)-(\d\d) (\d{6})", lambda m: "".join(m.groups())),
    (r"^截屏(\d{4})-(\d\d)-(\d\d) ?(上午|下午)?(\d{1,2})\.(\d\d)\.(\d\d)",
     lambda m: m[1] + m[2] + m[3]
     + f"{int(m[5]) % 12 + (12 if m[4] == '下午' else 0) if m[4] else int(m[5]):02d}" + m[6] + m[7]),
    (r"^Screen ?[Ss]hot (\d{4})-(\d\d)-(\d\d) at (\d{1,2})\.(\d\d)\.(\d\d) ?(AM|PM)?",
     lambda m: m[1] + m[2] + m[3]
     + f"{int(m[4]) % 12 + (12 if m[7] == 'PM' else 0) if m[7] else int(m[4]):02d}" + m[5] + m[6]),
]


def filename_time(name: str) -> str | None:
    for pattern, build in FILENAME_TIMES:
        if m := re.match(pattern, name):
            return dt.datetime.strptime(build(m), "%Y%m%d%H%M%S").isoformat()
    return None


def check_captured_at_matches_the_claim(path: Path):
    t = truth_of(path)
    claimed = filename_time(path.name)
    source = t.get("captured_at_source")
    if source == "filename":
        assert claimed == t["captured_at"]
    elif claimed is not None:  # a camera name and its EXIF agree
        assert claimed == t["captured_at"], (claimed, t["captured_at"])
    if source == "png-text":
        with Image.open(path) as im:
            stamp = im.info.get("Creation Time")
        assert stamp, "no Creation Time text chunk"
        for fmt in ("%a, %d %b %Y %H:%M:%S %z", "%Y:%m:%d %H:%M:%S"):
            try:
                when = dt.datetime.strptime(stamp, fmt).replace(tzinfo=None)
                break
            except ValueError:
                continue
        else:
            raise AssertionError(f"unreadable Creation Time {stamp!r}")
        assert when.isoformat() == t["captured_at"]
    if source == "exif" and path.suffix.lower() in (".jpg", ".jpeg"):
        with Image.open(path) as im:
            original = im.getexif().get_ifd(0x8769).get(0x9003)
        assert original == dt.datetime.fromisoformat(t["captured_at"]).strftime("%Y:%m:%d %H:%M:%S")
    if source is None:
        assert t["captured_at"] is None


def check_app_comes_from_the_file_name(path: Path):
    app = truth_of(path)["app"]
    if app is not None:
        assert re.match(r"^Screenshot_", path.name), "only screenshot names carry an app"


# ------------------------------------------------------------------------ the table tests

PER_SAMPLE = [check_truth_shape, check_fields, check_promise_due_after_message,
              check_cross_check_mismatch_is_true, check_pdd_order_prefix_matches_order_day,
              check_captured_at_matches_the_claim, check_app_comes_from_the_file_name]


@pytest.mark.parametrize("check", PER_SAMPLE, ids=lambda c: c.__name__.removeprefix("check_"))
def test_every_sample(check):
    failures = []
    for path in SAMPLE_FILES:
        try:
            check(path)
        except Exception as e:  # an assertion, or a truth value that does not parse
            failures.append(f"{path.name}: {type(e).__name__}: {e}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("check, value, ok", [
    (id_card_ok, "11010519491231002X", True),
    (id_card_ok, "110105194912310021", False),     # check character
    (id_card_ok, "11010519491331002X", False),     # no 13th month
    (id_card_ok, "110105 19491231002X", False),    # not the identifier's characters alone
    (luhn_ok, "6222021234567890128", True),
    (luhn_ok, "6222021234567890123", False),
    (luhn_ok, "6222 0212 3456 7890 128", False),
    (uscc_ok, "91350100M000100Y43", True),
    (uscc_ok, "91350100M000100Y44", False),
], ids=lambda v: getattr(v, "__name__", None))
def test_check_digits(check, value, ok):
    """The checks the samples are held to do reject what they must."""
    assert check(value) is ok
