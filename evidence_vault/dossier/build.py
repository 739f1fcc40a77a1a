"""From a case in the vault to a Dossier: names, sources, purposes, the
timeline, the custody table and the statement, in Chinese or English.

This is where the 证据目录 gets its wording (DOMAIN.md §1.4): an exhibit's
name is made from what it is and its key identifier (支付宝账单详情截图（订单号
2024…）) unless the user named it with `vault describe`; its purpose is the
user's or a suggestion from its fields (the amount paid, the promise made).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_vault import followup
from evidence_vault.dossier.model import CustodyRow, Dossier, Event, Exhibit, FieldLine
from evidence_vault.dossier.pdf import LABELS  # one wording for sources, shared with the PDF
from evidence_vault.filetypes import kind_of
from evidence_vault.followup import CHANNELS_ZH, ID_LABELS_ZH, fields_of

ID_LABEL_EN = {"order_no": "order", "transaction_no": "transaction", "merchant_order_no":
               "merchant order", "refund_no": "refund", "tracking_no": "waybill",
               "contract_no": "contract", "serial_no": "serial", "ticket_no": "ticket"}
ROLE_ZH = {"paid": "实付", "total": "总额", "refund": "退款", "principal": "借款本金",
           "disbursed": "实际到账", "due": "应还", "repaid": "已还", "overdue": "逾期",
           "penalty": "罚息/违约金", "fee": "服务费/手续费", "balance": "余额", "shipping": "运费",
           "discount": "优惠", "interest": "利息", "received": "收款"}
ROLE_EN = {"paid": "paid", "total": "total", "refund": "refunded", "principal": "principal",
           "disbursed": "disbursed", "due": "due", "repaid": "repaid", "overdue": "overdue",
           "penalty": "penalties", "fee": "fees", "balance": "balance", "shipping": "shipping",
           "discount": "discount", "interest": "interest", "received": "received"}
KIND_ZH = {"amount": "金额", "datetime": "时间", "date": "日期", "phone": "电话",
           "id_card": "身份证号", "bank_card": "银行卡", "credit_code": "统一社会信用代码",
           "platform": "平台", "promise": "承诺", "staff_id": "客服工号", "check": "核对", **ID_LABELS_ZH}
MONEY_ROLES = ("paid", "refund", "principal", "disbursed", "due", "repaid", "overdue",
               "penalty", "fee", "total")


@dataclass
class Source:
    """An exhibit and where its bytes are: what the exporter copies to originals/."""

    exhibit: Exhibit
    blob: Path | None          # the stored original (None for a note: its record is written)
    record: bytes | None = None  # a note's canonical JSON


def money(value: str) -> str:
    return followup.money(value)


def safe_name(name: str) -> str:
    """A file name that is safe on every system and keeps Chinese readable."""
    bad = '<>:"/\\|?*\x00'
    cleaned = "".join("_" if c in bad or ord(c) < 32 else c for c in name).strip(" .")
    return cleaned[:120] or "file"


NAME_MAX_BYTES = 255      # the longest file name Linux, macOS and Windows file systems take (UTF-8)
REDACTED_SUFFIX = ".png"  # redacted/ copies keep the stem and end in .png or .jpg


def exhibit_file_name(prefix: str, filename: str) -> str:
    """The name of an exhibit's copy in originals/: `prefix` (E01-) and the safe
    file name, cut to NAME_MAX_BYTES of UTF-8, also once its redacted copy takes
    .png or .jpg. The extension is kept and no character is split; the prefix
    keeps the names unique."""
    name = "".join("_" if 0xD800 <= ord(c) <= 0xDFFF else c for c in safe_name(filename))
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext.encode()) > 16:
        stem, ext = name, ""
    suffix = "." + ext if ext else ""
    room = NAME_MAX_BYTES - len(prefix.encode()) - max(len(suffix.encode()), len(REDACTED_SUFFIX))
    if len(stem.encode()) > room:
        stem = stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .") or "file"
    return prefix + stem + suffix


def _what(kind: str, fields: list[dict[str, Any]], app: str | None, zh: bool,
          photo: bool = False) -> str:
    """What an item shows, for its name: 支付宝账单详情截图, 聊天记录截图 …"""
    kinds = {f["kind"] for f in fields}
    roles = {f["role"] for f in fields}
    platforms = [f["value"] for f in fields if f["kind"] == "platform"]
    where = (platforms[0] if platforms else None) or app or ""
    if kind == "pdf":
        return f"{where}电子文件" if zh else f"{where} PDF document".strip()
    if kind == "audio":
        return "录音" if zh else "Audio recording"
    if kind == "video":
        return "录像" if zh else "Video recording"
    if kind not in ("image",):
        return "电子文件" if zh else "Electronic file"
    if photo:
        return f"{where}照片" if zh else f"{where} photo".strip()
    if zh:
        if "chat" in roles:
            return f"{app or where}聊天记录截图"
        if "principal" in roles or "contract_no" in kinds:
            return f"{where}借款详情截图"
        if "transaction_no" in kinds or "payment" in roles:
            return f"{where}支付账单详情截图"
        if "order_no" in kinds:
            return f"{where}订单详情截图"
        if "tracking_no" in kinds:
            return f"{where}物流信息截图"
        return f"{where}截图"
    if "chat" in roles:
        return f"{app or where} chat screenshot".strip()
    if "transaction_no" in kinds or "payment" in roles:
        return f"{where} payment details screenshot".strip()
    if "order_no" in kinds:
        return f"{where} order details screenshot".strip()
    return f"{where} screenshot".strip()


def _key_id(fields: list[dict[str, Any]], zh: bool) -> str:
    for kind in ("order_no", "transaction_no", "contract_no", "refund_no", "tracking_no",
                 "merchant_order_no", "serial_no", "ticket_no"):
        for f in fields:
            if f["kind"] == kind:
                label = (ID_LABELS_ZH if zh else ID_LABEL_EN)[kind]
                return f"（{label}{f['value']}）" if zh else f" ({label} {f['value']})"
    return ""


def _formed_at(fields: list[dict[str, Any]], fallback: str | None) -> str:
    when = {f["role"]: f["value"] for f in fields if f["kind"] in ("datetime", "date")}
    for role in ("payment", "order", "refund", "loan", "chat"):
        if when.get(role):
            return when[role].replace("T", " ")
    return (fallback or "").replace("T", " ")


def suggest_purpose(fields: list[dict[str, Any]], zh: bool) -> str:
    """证明目的 from the fields: the money, the promise, the identifiers."""
    parts = []
    amounts = [f for f in fields if f["kind"] == "amount" and f["role"] in MONEY_ROLES]
    when = _formed_at(fields, None)[:10]
    for f in amounts[:2]:
        role = (ROLE_ZH if zh else ROLE_EN).get(f["role"], f["role"])
        if zh:
            parts.append(f"{when + ' ' if when else ''}{role}{money(f['value'])}")
        else:
            parts.append(f"{role} {money(f['value'])}{' on ' + when if when else ''}")
    for f in fields:
        if f["kind"] == "promise":
            due = f["detail"].get("due")
            parts.append(f"对方承诺“{f['value']}”" + (f"（应于{due}前）" if due else "") if zh
                         else f"the promise \"{f['value']}\"" + (f" (due {due})" if due else ""))
            break
    key = _key_id(fields, zh)
    if not parts and key:
        parts.append(f"交易{key}的存在及内容" if zh else f"the transaction{key}")
    if not parts:
        return ""
    return ("证明" + "；".join(parts)) if zh else "Shows " + "; ".join(parts)


def _field_lines(fields: list[dict[str, Any]], zh: bool) -> list[FieldLine]:
    out = []
    for f in fields:
        if f["kind"] == "check":
            label = "核对" if zh else "check"
            out.append(FieldLine(label, f["value"]))
            continue
        label = f["label"] or (KIND_ZH.get(f["kind"], f["kind"]) if zh else f["kind"])
        if f["role"] and f["kind"] in ("amount", "datetime", "date"):
            role = (ROLE_ZH if zh else ROLE_EN).get(f["role"], f["role"])
            if role not in label:
                label = f"{label}（{role}）" if zh else f"{label} ({role})"
        value = money(f["value"]) if f["kind"] == "amount" else f["value"].replace("T", " ")
        if f["kind"] == "promise" and f["detail"].get("due"):
            value += f"（到期 {f['detail']['due']}）" if zh else f" (due {f['detail']['due']})"
        out.append(FieldLine(label, value))
    return out


def build(conn: sqlite3.Connection, store_path: Any, *, slug: str, lang: str,
          numbers: dict[str, int], made_at: str, vault_id: str, log_head: tuple[int, str],
          images: Any) -> tuple[Dossier, list[Source]]:
    """The Dossier for a case. `numbers` maps refs (E12, N3) to their stable
    exhibit numbers; `images(exhibit, blob)` returns the page images for an
    exhibit (the exporter makes them)."""
    zh = lang != "en"
    case = conn.execute("SELECT id, slug, title, against, platform, created_at FROM cases "
                        "WHERE slug = ?", (slug,)).fetchone()
    sources: list[Source] = []
    all_fields: list[tuple[str, dict[str, Any]]] = []
    for ref, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        original_prefix = f"E{number:02d}-"
        if ref.startswith("E"):
            item_id = int(ref[1:])
            r = conn.execute(
                "SELECT sha256, size, mime, filename, added_at, captured_at, captured_at_source, "
                "app, user_note, reading_id FROM items WHERE id = ?", (item_id,)).fetchone()
            sha, size, mime, filename, added_at, captured_at, cap_source, app, user_note, rid = r
            fields = fields_of(conn, "item_id", item_id)
            all_fields += [(ref, f) for f in fields]
            desc = conn.execute("SELECT name, purpose, grp FROM descriptions WHERE item_id = ?",
                                (item_id,)).fetchone() or (None, None, None)
            text = ""
            if rid is not None:
                text = conn.execute("SELECT text FROM readings WHERE id = ?",
                                    (rid,)).fetchone()[0]
            kind = kind_of(mime)
            photo = mime in ("image/heic", "image/heif") or cap_source == "exif"
            name = desc[0] or (_what(kind, fields, app, zh, photo) + _key_id(fields, zh))
            form = ("视听资料" if kind in ("audio", "video") else "电子数据") if zh else (
                "audio-visual material" if kind in ("audio", "video") else "electronic data")
            src_name = LABELS["zh" if zh else "en"].get(f"source_{cap_source}", cap_source or "")
            when = (captured_at or "").replace("T", " ")
            shot = kind == "image" and not photo
            if zh:
                what = (f"申请人手机{app or ''}截屏" if shot else "申请人手机拍摄的照片" if photo
                        else "申请人提供的文件")
                when_word = "截取时间" if shot else "拍摄时间" if photo else "文件时间"
                source = what + (f"，声称{when_word}{when}（依据：{src_name}）" if when else "")
            else:
                what = (f"the claimant's phone, {app + ' ' if app else ''}screenshot" if shot
                        else "a photo taken with the claimant's phone" if photo
                        else "a file provided by the claimant")
                when_word = "captured" if shot else "taken" if photo else "dated"
                source = what + (f", claimed {when_word} {when} (from the {src_name})"
                                 if when else "")
            description = ""
            if kind not in ("image", "pdf"):
                description = (f"{name}，文件 {filename}，{size} 字节，类型 {mime}。原件见 originals/ 目录。"
                               if zh else f"{name}: file {filename}, {size} bytes, {mime}. "
                               "The original is in originals/.")
            if user_note:
                description += ("\n备注：" if zh else "\nNote: ") + user_note
            ex = Exhibit(number=number, ref=ref, kind=kind, name=name, form=form, source=source,
                         formed_at=_formed_at(fields, captured_at or added_at[:19]),
                         purpose=desc[1] or suggest_purpose(fields, zh), group=desc[2],
                         filename=filename, original="originals/"
                         + exhibit_file_name(original_prefix, filename), sha256=sha, size=size, mime=mime,
                         added_at=added_at, captured_at=captured_at,
                         captured_at_source=cap_source, fields=_field_lines(fields, zh),
                         text=text, description=description)
            blob = store_path(sha)
            ex.images = images(ex, blob)
            sources.append(Source(ex, blob))
        else:
            note_id = int(ref[1:])
            r = conn.execute("SELECT sha256, channel, at, with_whom, ticket, text, created_at "
                             "FROM notes WHERE id = ?", (note_id,)).fetchone()
            sha, channel, at, with_whom, ticket, text, created_at = r
            record = Path(store_path(sha)).read_bytes()
            fields = fields_of(conn, "note_id", note_id)
            all_fields += [(ref, f) for f in fields]
            desc = conn.execute("SELECT name, purpose, grp FROM descriptions WHERE note_id = ?",
                                (note_id,)).fetchone() or (None, None, None)
            promises = conn.execute("SELECT text, due FROM promises WHERE note_id = ?",
                                    (note_id,)).fetchall()
            ch = CHANNELS_ZH.get(channel, channel) if zh else channel
            who = f"（{with_whom}）" if with_whom and zh else (f" with {with_whom}" if with_whom
                                                              else "")
            name = desc[0] or (f"{ch}沟通记录{who}" if zh else f"Record of a {ch} contact{who}")
            lines = [text]
            if ticket:
                lines.append(("工单号：" if zh else "Ticket: ") + ticket)
            for ptext, due in promises:
                lines.append((f"对方承诺：{ptext}" + (f"（到期 {due}）" if due else "")) if zh else
                             f"Promised: {ptext}" + (f" (due {due})" if due else ""))
            purpose = desc[1] or (
                f"证明{at[:10]}对方{('承诺' + promises[0][0]) if promises else '的答复'}" if zh
                 else f"Shows what was said on {at[:10]}")
            filename = f"note-N{note_id}.json"
            ex = Exhibit(number=number, ref=ref, kind="note", name=name,
                         form="当事人陈述（沟通记录）" if zh else "party's record of a contact",
                         source=(f"申请人记录，记录于{created_at[:19].replace('T', ' ')}" if zh else
                                 f"recorded by the claimant on {created_at[:10]}"),
                         formed_at=at.replace("T", " "), purpose=purpose, group=desc[2],
                         filename=filename, original=f"originals/{original_prefix}{filename}",
                         sha256=sha, size=len(record), mime="application/json",
                         added_at=created_at, captured_at=at, captured_at_source="user",
                         fields=_field_lines(fields, zh), text="\n".join(lines),
                         description="\n".join(lines))
            sources.append(Source(ex, None, record))

    exhibits = [s.exhibit for s in sources]
    by_ref = {e.ref: e.number for e in exhibits}
    events = [Event(e.at.replace("T", " "), e.kind, _label(e.ref, by_ref, zh), e.text, e.status)
              for e in followup.timeline(conn, slug)]
    custody = [CustodyRow(e.number, e.original.split("/", 1)[1], e.sha256, e.size,
                          e.added_at.replace("T", " "),
                          (e.captured_at or "").replace("T", " ") or None,
                          e.captured_at_source) for e in exhibits]
    dossier = Dossier(
        lang=lang, title=case[2], slug=case[1],
        parties=_parties(case, zh), money=_money(all_fields, by_ref, zh),
        counts=_counts(exhibits, events, zh), made_at=made_at, vault_id=vault_id,
        log_head=f"#{log_head[0]} {log_head[1]}", exhibits=exhibits, timeline=events,
        custody=custody, statement=statement(zh, log_head),
        check_commands=check_commands(zh))
    return dossier, sources


def _label(ref: str, by_ref: dict[str, int], zh: bool) -> str:
    if ref in by_ref:
        return f"证据{by_ref[ref]}" if zh else f"Exhibit {by_ref[ref]}"
    return ref


def _parties(case: tuple, zh: bool) -> list[tuple[str, str]]:
    out = [("申请人" if zh else "Claimant", "")]
    if case[3]:
        out.append(("被申请人" if zh else "Respondent", case[3]))
    if case[4]:
        out.append(("平台" if zh else "Platform", case[4]))
    return out


def _money(all_fields: list[tuple[str, dict[str, Any]]], by_ref: dict[str, int],
           zh: bool) -> list[tuple[str, str]]:
    """Distinct amounts by role, each with the exhibits showing it: the same
    payment shown on two screenshots is one payment, not two."""
    seen: dict[tuple[str, str], list[int]] = {}
    for ref, f in all_fields:
        if f["kind"] == "amount" and f["role"] in MONEY_ROLES:
            seen.setdefault((f["role"], f["value"]), []).append(by_ref[ref])
    out = []
    for role in MONEY_ROLES:
        values = [(v, nums) for (r, v), nums in seen.items() if r == role]
        if not values:
            continue
        label = (ROLE_ZH if zh else ROLE_EN)[role]
        text = "，".join(f"{money(v)}（证据{'、'.join(map(str, sorted(set(n))))}）" if zh else
                        f"{money(v)} (exhibit {', '.join(map(str, sorted(set(n))))})"
                        for v, n in values)
        out.append((label, text))
    return out


def _counts(exhibits: list[Exhibit], events: list[Event], zh: bool) -> list[tuple[str, str]]:
    groups = {e.group for e in exhibits if e.group}
    promises = [e for e in events if e.kind == "promise"]
    broken = sum(1 for e in promises if e.status == "broken")
    if zh:
        return [("证据", f"{len(exhibits)} 份" + (f"，{len(groups)} 组" if groups else "")),
                ("截图及文件", f"{sum(1 for e in exhibits if e.kind != 'note')} 份"),
                ("沟通记录", f"{sum(1 for e in exhibits if e.kind == 'note')} 份"),
                ("承诺", f"{len(promises)} 项，其中 {broken} 项到期未兑现")]
    return [("Exhibits", f"{len(exhibits)}" + (f" in {len(groups)} groups" if groups else "")),
            ("Files", str(sum(1 for e in exhibits if e.kind != "note"))),
            ("Contact records", str(sum(1 for e in exhibits if e.kind == "note"))),
            ("Promises", f"{len(promises)}, {broken} broken")]


def statement(zh: bool, log_head: tuple[int, str]) -> list[str]:
    if zh:
        return [
            "一、本卷所附电子数据由申请人使用本地证据保管工具 evidence-vault 保存。每一份原始文件在入库时"
            "即计算 SHA-256 哈希值，原件按哈希值以只读方式存放，此后从未修改；本卷 originals/ 目录中的文件"
            "是原件逐字节一致的副本，其哈希值与本说明所列一致。",
            "二、保管工具对每一次操作（入库、记录、关联、导出、核验）写入追加式日志，每条日志包含前一条日志的"
            f"哈希值，形成哈希链。导出时日志的最新位置为 #{log_head[0]}，哈希值 {log_head[1]}。"
            "此位置与哈希值即本卷交出时保管状态的锚点：日期在后的任何导出或核验，其日志第 "
            f"#{log_head[0]} 条的哈希值都应与此相同，否则日志已被改写。日志由申请人自行保管，若整个证据库被"
            "换回较早的副本，工具本身无法察觉，只能依靠已交出的卷宗（如本卷）所载位置或第三方存证核对。",
            "三、所列“声称的截图时间”来自文件名、照片元数据或申请人填写，属于声称信息，仅供参考；“入库时间”"
            "为保管工具自身记录的时间。",
            "四、上述哈希值只能证明文件自入库以来未被改动，不能证明文件在入库之前的真实性。本工具由申请人自行"
            "使用，并非中立的第三方存证平台。原始载体（申请人手机）可当庭展示；如有需要，可另行办理公证或"
            "第三方存证。",
            "五、核对方法：在本卷文件夹中运行下列命令，逐一核对每个文件的哈希值；任何一个字节的改动都会导致"
            "核对失败。",
        ]
    return [
        "1. The electronic data in this bundle was kept by the claimant with the local evidence "
        "archive evidence-vault. The SHA-256 of every original was computed when it was taken "
        "in; the original was then stored read-only under that hash and never modified. The "
        "files in originals/ are byte-identical copies whose hashes are listed below.",
        "2. Every action on the archive (intake, note, link, export, verification) was written "
        "to an append-only log in which each entry carries the hash of the one before. At export "
        f"the log stood at entry #{log_head[0]} with hash {log_head[1]}. That entry anchors the "
        "archive as it stood when this bundle was handed over: any later export or verification "
        f"must show the same hash for entry #{log_head[0]}, or the log was rewritten. The claimant "
        "keeps the log; if the whole archive were put back to an older copy, the archive itself "
        "could not tell, and only a bundle already handed over (such as this one) or a "
        "third-party deposit can show it.",
        "3. Claimed capture times come from file names, photo metadata or the claimant, and are "
        "claims only; the intake time is the archive's own clock.",
        "4. These hashes show only that a file has not changed since it was taken in, not that "
        "it was genuine before. The archive is run by the claimant and is not a neutral third "
        "party. The original device can be shown on request; notarisation or a third-party "
        "deposit can be arranged where needed.",
        "5. To check: run the commands below in the bundle's folder; a change of a single byte "
        "in any file makes the check fail.",
    ]


def check_commands(zh: bool) -> list[str]:
    return [
        "sha256sum -c SHA256SUMS                          # Linux",
        "shasum -a 256 -c SHA256SUMS                      # macOS",
        "Get-FileHash -Algorithm SHA256 originals\\*       # Windows PowerShell",
        "certutil -hashfile originals\\<文件名> SHA256      # Windows" if zh else
        "certutil -hashfile originals\\<file> SHA256       # Windows",
        "vault verify-export .                            # evidence-vault",
    ]
