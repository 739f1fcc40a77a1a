"""Personal data: what `vault export --redact` hides, defined once, for text and for images alike.

The numbers are recognised by the contact extractor's own rules (contacts.py: an ID card by its
GB 11643 check digit, a bank card by Luhn and its issuer prefix, a mobile by its shape), so what
the vault reads as an ID card and what the redacted copy hides can never drift apart. On top of
those rules, what a public copy must not show:

- **ID-card numbers**: a valid one anywhere; after an ID label (身份证号码, 证件号) any run of its
  shape even when the check fails, since an OCR slip in one digit must not leave the other
  seventeen readable; and one a railway ticket prints half masked (1329271981****0518), whose
  region and birth date are still someone's.
- **Mobile numbers** (not the masked 138****5678 a platform already shows), and a landline after
  a personal label (联系电话, 家庭电话), but never a service number (95555, 400-…, 客服电话).
- **Bank-card numbers**: a Luhn-valid one anywhere; after a card or account label (卡号, 收款账号)
  any run of 12 to 19 digits. A card's tail (尾号1234) identifies nothing and stays.
- **Names**: two to four Chinese characters after a label that names a person (姓名, 户名,
  收款人, 付款人, 借款人, 乘车人, 乙方（借款人）…), unless they are an organisation's (…公司,
  …银行) or a word of the form (账号, 签字); and the name a railway ticket prints after the ID
  (there with no label, so only one that starts with a common surname).

Order numbers, amounts, a company's 统一社会信用代码, staff numbers (工号) and platforms' hotlines
are the dispute's facts, not anyone's private data, and stay.

`find_personal(text)` returns the spans of `text` (offsets into the text as given, whatever
normalising the rules need) with their kind; `mask_text` replaces them; `mask` is how one value
is shown once masked (138****5678, 3604**********0071, 张*).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from evidence_vault.extract.contacts import (
    CARD_LABEL,
    ID_LABEL,
    extract_contacts,
    label_before,
)
from evidence_vault.extract.page import Page, normalise, words_pattern
from evidence_vault.extract.platforms import NAMES as PLATFORM_NAMES

#: the field kinds that are personal data, as the extractors name them
PERSONAL_KINDS = ("id_card", "phone", "bank_card")
#: what `find_personal` reports: those, and names
KINDS = (*PERSONAL_KINDS, "name")

_HAN = r"\u4e00-\u9fff"

# A run of ID shape after an ID label: 15 to 18 characters, digits with an X at the end or stars
# where a platform masked some; separators inside are OCR's.
_ID_LOOSE = re.compile(r"\s*[:：]?\s*(?P<v>[0-9][0-9 *]{13,21}[0-9Xx*])(?![0-9A-Za-z])")
# An ID with its middle masked, as a railway ticket or a profile page prints it.
_ID_MASKED = re.compile(r"(?<![0-9A-Za-z*])(?=[0-9*]{17}[0-9Xx])[1-9][0-9]{2,9}\*{4,11}[0-9]{0,7}"
                        r"[0-9Xx](?![0-9A-Za-z*])")
_CARD_LOOSE = re.compile(r"\s*[:：]?\s*(?P<v>[0-9](?:[0-9]|[ -](?=[0-9])){11,22})(?![0-9])")

_PHONE_LABEL = re.compile(r"联系电话|联系方式|手机号码?|手机|电话号码|家庭电话|住宅电话|本人电话|"
                          r"移动电话|电话|mobile|phone|tel", re.I)
_SERVICE_LABEL = re.compile(r"客服|热线|服务|官方|投诉|举报|咨询|催收")

_NAME_LABEL_WORDS = [
    "姓名", "名字", "户名", "账户名", "账户名称", "开户名", "开户人", "持卡人", "持卡人姓名",
    "收款人", "收款人户名", "收款人姓名", "收款人名称", "付款人", "付款人户名", "付款人姓名",
    "付款人名称", "借款人", "出借人", "贷款人", "担保人", "保证人", "还款人", "乘车人", "乘客",
    "旅客", "联系人", "收货人", "收件人", "寄件人", "签收人", "申请人", "投诉人", "当事人",
    "客户姓名", "用户姓名", "真实姓名", "本人姓名", "法定代表人", "甲方", "乙方", "丙方",
]
# A name is what follows the label, after an optional bracket (乙方（借款人）：周明): two to four
# Chinese characters ending where Chinese ends or the next label of a form begins (张三性别男),
# or a line of its own right after the label's.
_NEXT_LABEL = ("性别|民族|出生|身份|证件|电话|手机|账号|卡号|地址|住址|日期|签字|签名|盖章|年龄|"
               "职业|单位|籍贯")
_NAME_AFTER_LABEL = re.compile(
    r"(?P<label>" + words_pattern(_NAME_LABEL_WORDS) + r")"
    r"[ \t]*(?:[（(][^）)\n]{1,8}[）)])?[ \t]*[:：]?"
    rf"(?:[ \t]*(?P<v>[{_HAN}][{_HAN}·•*]{{1,3}})(?=[^{_HAN}]|$|{_NEXT_LABEL})"
    # or alone on the next line: OCR gives a label and its value in two boxes of one row
    rf"|[ \t]*\n[ \t]*(?P<w>[{_HAN}][{_HAN}·•*]{{1,3}})[ \t]*(?=\n|$))", re.M)
_NAME_AFTER_ID = re.compile(rf"[ \t]+(?P<v>[{_HAN}]{{2,4}})(?![{_HAN}])")

# what follows a label without being a person's name
_NOT_NAME_START = ("账", "卡", "户", "名称", "姓名", "电话", "手机", "地址", "证件", "身份",
                   "开户", "银行", "签", "盖", "信息", "类型", "编号", "号码", "金额", "日期",
                   "时间", "全称", "方式", "同意", "确认", "承诺", "以下", "如下", "双方", "应",
                   "民币",  # 借款人民币: 借款 and 人民币
                   "已", "未", "请", "无", "待", "本", "该", "您", "我", "你", "见")
# Common Chinese surnames (single and compound): a name printed after an ID with no label of its
# own (a ticket's passenger) must start with one, so 已核验 or 实付款 after a number is no name.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
    "严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁"
    "尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时"
    "穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾"
    "隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝洪")
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
                      "长孙", "宇文", "司徒", "夏侯")
_ORGANISATION = re.compile(r"公司|银行|支行|分行|商城|商行|旗舰|有限|集团|科技|金融|小贷|贷款|平台|"
                           r"中心|医院|学校|政府|委员会|协会|事务所|工作室|[店部局厅院社所站网]$|"
                           # who signs for a parcel without being named: 仓库前台, 驿站代收
                           r"前台|代收|驿站|门卫|物业|丰巢|菜鸟|快递|自提|家人|同事|邻居|[柜箱室]$")
_NOT_NAMES = {"本人", "先生", "女士", "用户", "客户", "未知", "匿名", "见下", "如下", "不详",
              *(alias for aliases in PLATFORM_NAMES.values() for alias in aliases)}


@dataclass(frozen=True)
class Personal:
    """A span of personal data in a text: text[start:end] is it, `kind` says what it is
    (id_card, phone, bank_card, name)."""

    start: int
    end: int
    kind: str
    value: str


def is_personal_field(field: dict[str, Any]) -> bool:
    """Whether a field the vault read (as `vault show` gives it) is personal data in full: an
    ID-card, phone or card number, not the tail or the masked form a platform already shows."""
    if field.get("kind") not in PERSONAL_KINDS:
        return False
    role = field.get("role")
    detail = field.get("detail") or {}
    if role in ("tail", "masked") or detail.get("masked") or "*" in str(field.get("value", "")):
        return False
    return not (field["kind"] == "phone"
                and (detail.get("type") == "hotline" or role == "service"))


def _aligned(text: str) -> tuple[str, list[int]]:
    """`text` normalised as the extractors see it, and for each of its characters the index of
    the character of `text` it came from."""
    parts = [normalise(c) for c in text]
    norm = "".join(parts)
    owner = [i for i, part in enumerate(parts) for _ in part]
    if normalise(norm) == norm:
        return norm, owner
    # normalising the whole text composed characters that stand apart one by one: map by matching
    whole = normalise(text)
    owner = [0] * len(whole)
    matcher = difflib.SequenceMatcher(None, whole, text, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        for k in range(a0, a1):
            owner[k] = b0 + (k - a0 if tag == "equal" else (k - a0) * max(0, b1 - b0 - 1)
                             // max(1, a1 - a0 - 1))
    return whole, owner


def _digits(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value).upper()


def _known_pattern(digits: str) -> re.Pattern[str]:
    """A number the vault read, found again however the page spaced it (6222 0248 …)."""
    return re.compile(r"(?<![0-9])" + r"[\s\-]?".join(re.escape(c) for c in digits) + r"(?![0-9])",
                      re.IGNORECASE)


def _is_name(value: str) -> bool:
    bare = value.replace("*", "").replace("·", "").replace("•", "")
    if len(bare) < 1 or value.count("*") >= len(value) - 1:
        return False  # already masked (张*): nothing left to hide
    if value.startswith(_NOT_NAME_START) or _ORGANISATION.search(value):
        return False
    return value not in _NOT_NAMES


def find_personal(text: str, known: Iterable[str] = ()) -> list[Personal]:
    """The personal data in `text` (see the module notes), in text order, overlaps merged;
    `known` adds numbers the vault already read from the same evidence (found however spaced)
    and names known to be a person's (the claimant's), found wherever they are written."""
    norm, owner = _aligned(text)
    page = Page(norm)
    scan = page.scan
    spans: list[tuple[int, int, str]] = []  # in `norm`

    for found in page.run(extract_contacts):
        f = found.field
        detail = f.detail
        if f.kind == "id_card":
            spans.append((found.start, found.end, "id_card"))
        elif f.kind == "bank_card" and f.role != "tail":
            spans.append((found.start, found.end, "bank_card"))
        elif f.kind == "phone" and not detail.get("masked") and (
                (detail.get("type") == "mobile" and f.role != "service")
                or (detail.get("type") == "landline" and _personal_phone_label(page, found.start))):
            spans.append((found.start, found.end, "phone"))

    for m in ID_LABEL.finditer(scan):
        v = _ID_LOOSE.match(scan, m.end())
        if v and 15 <= len(v.group("v").replace(" ", "")) <= 18:
            spans.append((v.start("v"), v.end("v"), "id_card"))
    for m in _ID_MASKED.finditer(scan):
        spans.append((m.start(), m.end(), "id_card"))
    for m in CARD_LABEL.finditer(scan):
        v = _CARD_LOOSE.match(scan, m.end())
        if v and 12 <= len(_digits(v.group("v"))) <= 19:
            spans.append((v.start("v"), v.end("v"), "bank_card"))

    for k in set(known):
        value = _digits(k)
        if len(value) >= 7:
            for m in _known_pattern(value).finditer(scan):
                spans.append((m.start(), m.end(), _number_kind(value)))
        elif not value and len(k.strip()) >= 2:  # a name known to be someone's: the claimant's
            name = normalise(k.strip())
            start = page.simp.find(name)
            while start >= 0:
                spans.append((start, start + len(name), "name"))
                start = page.simp.find(name, start + len(name))

    for m in _NAME_AFTER_LABEL.finditer(page.simp):
        group = "v" if m.group("v") else "w"
        if _is_name(m.group(group)):
            spans.append((m.start(group), m.end(group), "name"))
    for _start, end, kind in list(spans):
        if kind == "id_card":  # a ticket's passenger: 1329271981****0518 崔厚良
            passenger = _NAME_AFTER_ID.match(page.simp, end)
            if passenger and _is_name(passenger.group("v")) and (
                    passenger.group("v")[0] in _SURNAMES
                    or passenger.group("v").startswith(_COMPOUND_SURNAMES)):
                spans.append((passenger.start("v"), passenger.end("v"), "name"))

    merged: list[list[Any]] = []
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            continue
        merged.append([start, end, kind])
    out = []
    for start, end, kind in merged:
        a, b = owner[start], owner[end - 1] + 1
        out.append(Personal(a, b, kind, text[a:b]))
    return out


def _personal_phone_label(page: Page, pos: int) -> bool:
    label = label_before(page, pos, _PHONE_LABEL, reach=10)
    if label is None:
        return False
    line_start = page.line_span(page.line_of(label.start))[0]
    return _SERVICE_LABEL.search(page.simp, line_start, label.end) is None


def _number_kind(digits: str) -> str:
    if len(digits) == 11 and digits.startswith("1"):
        return "phone"
    return "id_card" if len(digits) == 18 or digits.endswith("X") else "bank_card"


def mask(value: str, kind: str | None = None) -> str:
    """How a value is shown once masked: 138****5678, 3604**********0071 and ************5678
    (the owner recognises the number, nobody can use it), 张* for a name. A number a platform
    already half masked (a ticket's 1329271981****0518) keeps none of its digits."""
    if kind == "name" or (kind is None and not re.search(r"[0-9]", value)):
        return value[:1] + "*" * (len(value) - 1) if len(value) > 1 else "*"
    digits = re.sub(r"[^0-9Xx*]", "", value)
    if len(digits) <= 8 or "*" in digits:
        return "*" * len(digits)
    keep_head = 3 if len(digits) == 11 else 4 if len(digits) == 18 else 0
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 4) + digits[-4:]


def mask_text(text: str, known: Iterable[str] = ()) -> str:
    """`text` with every span of personal data in it masked."""
    if not text:
        return text
    out = text
    for p in reversed(find_personal(text, known)):
        out = out[:p.start] + mask(p.value, p.kind) + out[p.end:]
    return out
