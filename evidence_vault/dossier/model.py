"""What a dossier says, as plain data: built from the vault by the exporter,
typeset by dossier/pdf.py, tabulated by the CSV and Word writers.

Nothing here does I/O. Every string is final text in the dossier's language
(zh, zh-Hant or en, worded by wording.py); the writers only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evidence_vault.followup import Event  # one timeline event, as `vault timeline` shows it

__all__ = ["CustodyRow", "Dossier", "Event", "Exhibit", "FieldLine"]


@dataclass
class FieldLine:
    """One extracted field as the dossier shows it: 订单编号 295914147223954356."""

    label: str
    value: str


@dataclass
class Exhibit:
    number: int                      # stable per case: 1, 2, 3 … (shown as 证据1 / Exhibit 1)
    ref: str                         # E12 or N3
    kind: str                        # image | pdf | audio | video | email | text | other | note
    name: str                        # 证据名称: 支付宝账单详情截图（订单号2024…）
    form: str                        # 证据形式: 电子数据 / 视听资料 / 当事人陈述
    source: str                      # 证据来源: app, device, claimed capture time
    formed_at: str                   # 形成时间: when the underlying event happened
    purpose: str                     # 证明目的
    group: str | None                # 证明事项 the user grouped it under, if any
    filename: str                    # the original file name (or the note's title)
    original: str                    # its copy in the bundle: originals/证据01-name.png
    sha256: str
    size: int
    mime: str
    added_at: str                    # the vault's ingest time
    captured_at: str | None          # claimed
    captured_at_source: str | None
    captured_label: str = ""         # what the claimed time is: 声称的截图时间, 通话时间 …
    fields: list[FieldLine] = field(default_factory=list)
    text: str = ""                   # OCR text, or the note's text
    images: list[Path] = field(default_factory=list)  # page images to show, in order,
    #                                  already sliced so that none is taller than a page allows
    description: str = ""            # for audio, video and other files: what it is
    public_copy: str = ""            # (the redacted dossier) its copy in redacted/, if any
    attached: str = ""               # a note's attachments: 证据2（微信支付账单详情截图）、证据5（…）


@dataclass
class CustodyRow:
    number: int
    filename: str
    sha256: str
    size: int
    added_at: str
    captured_at: str | None
    captured_at_source: str | None


@dataclass
class Dossier:
    lang: str                        # zh | zh-Hant | en
    title: str                       # the case title
    slug: str
    parties: list[tuple[str, str]]   # (label, value): 申请人 / 被申请人 / 平台 …
    money: list[tuple[str, str]]     # (label, amount text): 实付 ¥1,280.00 …
    counts: list[tuple[str, str]]    # (label, value): 证据 12 份 …
    made_at: str
    vault_id: str
    log_head: str                    # "#140 3f2a…" the custody log's head
    exhibits: list[Exhibit]
    timeline: list[Event]
    custody: list[CustodyRow]
    statement: list[str]             # paragraphs of the 电子数据保全说明
    check_commands: list[str]        # how to check the hashes with standard tools
    labels: dict[str, str] = field(default_factory=dict)  # headings and column names
    claimant: str | None = None      # 申请人, as `vault case set --claimant` gave it
    claim: str | None = None         # 诉求, as `vault case set --claim` gave it
    redacted: bool = False           # the public copy: marked 脱敏版 on its cover and every page
