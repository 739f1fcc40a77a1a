"""Every word the dossier prints, in one place: zh (simplified), zh-Hant
(traditional) and en.

The tables below hold templates, keyed by what they say, never by where they
are printed: the content layer (build.py) decides *what* an exhibit is (a chat
screenshot, a note with a promise) and asks for the key; the writers (PDF, CSV,
Word) take their headings from the same table. `{placeholders}` are filled
with str.format, so text from the vault (file names, OCR text, what the user
typed) is never read as a template.

zh-Hant is not written out: it is made from the zh table, template by template,
with OpenCC's `s2tw` (Taiwan-standard characters, one for one: 為, 說, 戶) when a
traditional dossier is first asked for in a process. So the two can never
drift apart, and the mainland's legal terms stay what they are (電子數據, not
s2twp's 電子資料; 視頻, not 影片), which is what a dossier filed on the mainland
in traditional script should say. Only the templates are converted: the user's
own words and the vault's data go in as they are.

This module imports nothing of the vault's but its errors: every layer above
may use it, and the CLI and the timeline (followup.py) take their Chinese
words from it too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from evidence_vault.errors import InvalidInputError
from evidence_vault.i18n import L_

LANGS = ("zh", "zh-Hant", "en")

_ZH: dict[str, str] = {
    # ---- the PDF: headings and column names ({n}/{m} and {pages} are filled by the template) ----
    "dossier": "证据材料",
    "parties": "当事人", "claim": "诉求", "money": "涉案金额", "counts": "证据概况",
    "made_at": "制作时间", "vault_id": "证据库标识", "log_head": "保管日志末条",
    "cover_note": "本卷宗由证据库自动生成；原件、SHA256SUMS 与 manifest.json 随附，"
                  "校验方法见“电子数据保全说明”。",
    "redacted_mark": "脱敏版",
    "redacted_note": "本卷宗为脱敏版，供公开投诉使用：身份证号码、手机号码、银行卡号及当事人姓名已遮盖"
                     "（文字以 * 代替，图像以黑框覆盖）。未脱敏的卷宗与原件由提交人保存，"
                     "可供监管部门、调解组织或法院核对。",
    "ex_public": "脱敏副本",
    "catalogue": "证据目录",
    "case_name": "案件名称", "submitter": "提交人", "submit_date": "提交日期",
    "col_no": "证据编号", "col_name": "证据名称", "col_form": "证据形式", "col_source": "证据来源",
    "col_formed_at": "形成时间", "col_purpose": "证明目的", "col_pages": "页码",
    "col_sha": "SHA-256\n（前16位）",  # two lines, so that the column stays as wide as the hash
    "ungrouped": "其他证据",
    "total_groups": "共 {groups} 组 {count} 份，全卷共 {pages} 页",
    "total": "共 {count} 份，全卷共 {pages} 页",
    "sha_note": "SHA-256 完整值见各证据页及“电子数据保全说明”。",
    "timeline": "案件时间线",
    "tl_at": "时间", "tl_kind": "类型", "tl_ref": "编号", "tl_text": "事项", "tl_status": "状态",
    "tl_empty": "（无记录）",
    "kind_payment": "支付", "kind_item": "证据", "kind_note": "沟通记录", "kind_promise": "承诺",
    "status_open": "○ 待履行", "status_kept": "✓ 已履行", "status_broken": "× 未履行",
    "exhibit": "证据{n}",
    # an exhibit's copy in originals/ starts with its number as the dossier says it, never
    # like a vault ref (E9 is an item, 证据9 the ninth exhibit): 证据09-借款合同.pdf
    "file_prefix": "证据{n:02d}-",
    "ex_source": "证据来源", "ex_formed_at": "形成时间", "ex_form": "证据形式",
    "ex_captured": "声称的时间", "ex_added": "入库时间", "ex_sha": "SHA-256",
    "ex_original": "原件", "ex_purpose": "证明目的",
    "original_line": "{file}（原文件名：{name}；{size}）",
    "claimed": "{at}（依据：{source}）",
    "unknown": "未知",
    "continued": "（续）",
    "image_part": "图 {i}/{n}",
    "fields": "提取的信息",
    "ocr_text": "识别文字（OCR，仅供检索参考，以图像为准）",
    "note_text": "记录内容",
    "description": "说明",
    "notice_note": "本证据为当事人制作的沟通记录，内容如下；记录文件见 {file}。",
    "notice_file": "本证据为{kind}文件，无法在纸面上呈现；原件见 {file}（{size}，{mime}），"
                   "可当庭播放或演示。",
    "image_missing": "此图像无法显示；原件见 {file}。",
    "kindname_audio": "音频", "kindname_video": "视频", "kindname_email": "电子邮件",
    "kindname_text": "文本", "kindname_pdf": "PDF", "kindname_other": "电子",
    "kindname_image": "图片",
    "statement": "电子数据保全说明",
    "custody": "附表：文件清单",
    "cu_no": "编号", "cu_file": "文件名", "cu_sha": "SHA-256", "cu_size": "大小",
    "cu_added": "入库时间", "cu_captured": "声称的时间（依据）",
    "check": "校验方法",
    "bytes": "{n} 字节", "bytes_mb": "{n} 字节（{mb} MB）",
    "page": "第 {n} 页 共 {m} 页",
    "source_exif": "照片EXIF信息", "source_png-text": "图片元数据", "source_filename": "文件名",
    "source_user": "用户填写", "source_mtime": "文件修改时间", "source_ocr": "截图内容",
    "formed_unknown_mtime": "不明（文件修改时间 {when}）",
    "formed_unknown_added": "不明（存入证据库 {when}）",
    "source_pdf-meta": "PDF元数据",

    # ---- what an exhibit is: its name (证据名称), from what the document is (doc_*, see
    # extract/documents.py) and what kind of picture or file it is (medium_*): the platform the
    # kind is named by goes first, without repeating a word (微信支付 + 支付账单详情 = 微信支付账单详情)
    "doc_invoice": "发票", "doc_invoice_pdf": "电子发票",
    "doc_bank_receipt": "银行回单", "doc_bank_receipt_pdf": "电子回单",
    "doc_contract": "合同", "doc_loan_contract": "借款合同", "doc_ticket": "火车票",
    "doc_sms": "短信", "doc_chat": "聊天记录", "doc_card_bill": "信用卡账单",
    "doc_repayment_plan": "还款计划", "doc_loan": "借款详情", "doc_refund": "退款详情",
    "doc_payment": "账单详情", "doc_payment_alone": "支付账单详情", "doc_order": "订单详情",
    "doc_tracking": "物流信息", "doc_receipt": "购物小票",
    "medium_screenshot": "{what}截图", "medium_photo": "{what}照片", "medium_image": "{what}图片",
    "medium_pdf": "{what}", "medium_scan": "{what}扫描件",
    "what_pdf": "{where}电子文件", "what_audio": "录音", "what_video": "录像", "what_file": "电子文件",
    "key_id": "（{label}{value}）",
    "note_name": "{channel}沟通记录{who}", "note_with": "（{with_}）",
    # ---- its form (证据形式) and source (证据来源) ----
    "form_data": "电子数据", "form_av": "视听资料", "form_note": "当事人陈述（沟通记录）",
    "app_sms": "短信",  # the app a screenshot of text messages was taken in, when its name says none
    "source_screenshot": "申请人手机{app}截屏", "source_screenshot_computer": "申请人电脑{app}截屏",
    "source_photo": "申请人拍摄的照片", "source_image": "申请人提供的图片",
    "source_pdf": "申请人提供的电子文件（PDF）", "source_scan": "申请人提供的扫描件（PDF）",
    "source_file": "申请人提供的文件",
    "when_screenshot": "截取时间", "when_photo": "拍摄时间", "when_file": "文件时间",
    "source_claim": "{what}，声称{when_word}{when}（依据：{source}）",
    "source_claim_mtime": "{what}，{when_word}不明（文件修改时间 {when}）",
    "source_note": "申请人记录，记录于{created_at}",
    # the row of an exhibit's table that gives its claimed time, by what the time is of
    "captured_screenshot": "声称的截图时间", "captured_photo": "声称的拍摄时间",
    "captured_file": "声称的文件时间", "captured_mtime": "文件修改时间",
    "captured_note_phone": "通话时间", "captured_note_chat": "聊天时间",
    "captured_note_email": "邮件时间", "captured_note_sms": "短信时间",
    "captured_note_visit": "见面时间", "captured_note_other": "沟通时间",
    # ---- what it proves (证明目的) ----
    "purpose": "证明{parts}", "purpose_sep": "；",
    "purpose_amount": "{role}{amount}", "purpose_amount_on": "{when} {role}{amount}",
    "purpose_promise": "对方承诺“{value}”", "purpose_promise_due": "对方承诺“{value}”（应于{due}前）",
    "purpose_transaction": "交易{key}的存在及内容",
    "note_purpose": "证明{date}对方的答复", "note_purpose_promise": "证明{date}对方承诺{promise}",
    # ---- its fields and text ----
    "field_check": "核对", "label_with_role": "{label}（{role}）", "due_suffix": "（到期 {due}）",
    "by_user": "（申请人更正，识别结果为 {read}）", "by_user_added": "（申请人补充）",
    "confirmed": "（申请人已核对）",
    "file_description": "{name}，文件 {filename}，{size} 字节，类型 {mime}。原件见 originals/ 目录。",
    "user_note": "备注：{note}", "ticket": "工单号：{ticket}", "promised": "对方承诺：{text}",
    # a note's attachments (vault note --attach), on its page and in the timeline
    "ex_attached": "附件", "attached_item": "{label}（{name}）", "attached_sep": "、",
    "attached_elsewhere": "{filename}（未列入本卷）",
    "tl_attached": "（附：{labels}）",
    # a long note in the timeline: its beginning, and where it is in full
    "tl_cut": "{text}……（全文见{label}）",
    # ---- the cover ----
    "party_claimant": "申请人", "party_respondent": "被申请人", "party_platform": "平台",
    "money_item": "{amount}（证据{numbers}）", "money_numbers_sep": "、", "money_sep": "，",
    "count_exhibits_label": "证据", "count_exhibits": "{n} 份", "count_groups": "，{groups} 组",
    "count_files_label": "截图及文件", "count_files": "{n} 份",
    "count_notes_label": "沟通记录", "count_notes": "{n} 份",
    "count_promises_label": "承诺", "count_promises": "{n} 项，其中 {broken} 项到期未兑现",
    # ---- the 电子数据保全说明 ({seq} and {hash}: the custody log's head) ----
    "statement_1":
        "一、本卷所附电子数据由申请人使用本地证据保管工具 evidence-vault 保存。每一份原始文件在入库时"
        "即计算 SHA-256 哈希值，原件按哈希值以只读方式存放，此后从未修改；本卷 originals/ 目录中的文件"
        "是原件逐字节一致的副本，其哈希值与本说明所列一致。",
    "statement_2":
        "二、保管工具对每一次操作（入库、记录、关联、导出、核验）写入追加式日志，每条日志包含前一条日志的"
        "哈希值，形成哈希链。导出时日志的最新位置为 #{seq}，哈希值 {hash}。"
        "此位置与哈希值即本卷交出时保管状态的锚点：日期在后的任何导出或核验，其日志第 "
        "#{seq} 条的哈希值都应与此相同，否则日志已被改写。日志由申请人自行保管，若整个证据库被"
        "换回较早的副本，工具本身无法察觉，只能依靠已交出的卷宗（如本卷）所载位置或第三方存证核对。",
    "statement_3":
        "三、所列声称的截图、拍摄或文件时间来自文件名、照片或文件的元数据，沟通记录的时间由申请人填写，"
        "均属于声称信息，仅供参考；“入库时间”为保管工具自身记录的时间。",
    "statement_4":
        "四、上述哈希值只能证明文件自入库以来未被改动，不能证明文件在入库之前的真实性。本工具由申请人自行"
        "使用，并非中立的第三方存证平台。原始载体（申请人手机）可当庭展示；如有需要，可另行办理公证或"
        "第三方存证。",
    "statement_5":
        "五、核对方法：在本卷文件夹中运行下列命令，逐一核对每个文件的哈希值；任何一个字节的改动都会导致"
        "核对失败。",
    "check_certutil": "certutil -hashfile originals\\<文件名> SHA256      # Windows",
    # ---- the evidence list (CSV and Word) ----
    "list_columns": "证据编号|证明事项|证据名称|证据形式|证据来源|形成时间|证明目的|页码|原件/复印件|SHA-256",
    "carrier_file": "电子数据打印件，原始载体为申请人手机，可当庭展示", "carrier_note": "申请人记录",
    "docx_case": "案件名称：{title}", "docx_submit": "提交人：{blank}    提交日期：{date}",
    "docx_total": "共 {m} 份证据",
    # ---- the timeline and `vault due` (followup.py, cli/follow.py) ----
    "verb_payment": "支付", "verb_refund": "退款", "id_fallback": "编号",
    "verb_paid": "支付", "verb_disbursed": "放款到账", "verb_principal": "借款",
    "verb_repaid": "还款", "verb_received": "收款",
    "note_event": "{channel}{who}：{text}",
    "due_open": "未到期", "due_kept": "已兑现", "due_broken": "未兑现",
    # ---- amounts by role, identifiers and field kinds, channels ----
    "role_paid": "实付", "role_total": "总额", "role_refund": "退款", "role_principal": "借款本金",
    "role_disbursed": "实际到账", "role_due": "应还", "role_repaid": "已还", "role_overdue": "逾期",
    "role_penalty": "罚息/违约金", "role_fee": "服务费/手续费", "role_balance": "余额",
    "role_shipping": "运费",
    "role_discount": "优惠", "role_interest": "利息", "role_received": "收款",
    "role_subtotal": "不含税金额/小计", "role_tax": "税额", "role_price": "单价",
    "role_cash": "收取现金", "role_change": "找零", "role_rounding": "抹零/舍入",
    "role_instalment_principal": "当期本金", "role_minimum_due": "最低还款额",
    "role_limit": "额度",
    # date roles (extract/roles.py DATE_ROLES) beside a date's label: 放款时间（放款）
    "role_order": "下单", "role_payment": "支付", "role_request": "申请", "role_ship": "发货",
    "role_receive": "收货/到账", "role_deliver": "签收", "role_track": "物流", "role_loan": "放款",
    "role_complete": "完成", "role_cancel": "取消", "role_issue": "开具", "role_sign": "签署",
    "role_statement": "账单日", "role_chat": "聊天", "role_travel": "乘车/出发",
    # rate periods (RATE_PERIODS)
    "role_annual": "年化", "role_monthly": "月", "role_daily": "日",
    "idlabel_order_no": "订单号", "idlabel_transaction_no": "交易单号",
    "idlabel_merchant_order_no": "商户单号",
    "idlabel_refund_no": "退款编号", "idlabel_tracking_no": "运单号", "idlabel_contract_no": "合同编号",
    "idlabel_serial_no": "流水号", "idlabel_ticket_no": "工单号",
    "kindlabel_amount": "金额", "kindlabel_datetime": "时间", "kindlabel_date": "日期",
    "kindlabel_phone": "电话",
    "kindlabel_id_card": "身份证号", "kindlabel_bank_card": "银行卡",
    "kindlabel_credit_code": "统一社会信用代码",
    "kindlabel_platform": "平台/机构", "kindlabel_promise": "承诺", "kindlabel_staff_id": "客服工号",
    "kindlabel_check": "核对", "kindlabel_rate": "利率",
    "kindlabel_other": "其他信息",  # a kind the user gave with `vault field set` and no label
    # roles of phone and card numbers (extract/roles.py CONTACT_ROLES)
    "role_tail": "尾号", "role_masked": "部分隐藏", "role_service": "客服电话", "role_caller": "来电号码",
    # a rate whose label is only its period (每日万分之五): the rate named by its period
    "rate_annual": "年化利率", "rate_monthly": "月利率", "rate_daily": "日利率", "rate_any": "利率",
    "percent": "{value}%",
    # what a cross-check found (extract/roles.py CHECKS)
    "check_txn_date_mismatch": "交易单号{identifier}所含日期 {date_in_identifier} 与页面所示日期 "
                               "{shown_date} 相差 {days_apart} 天，请核实",
    "check_order_date_mismatch": "订单号{identifier}所含日期 {date_in_identifier} 与页面所示下单日期 "
                                 "{shown_date} 相差 {days_apart} 天，请核实",
    "check_other": "页面内容前后不一致，请核实",
    "channel_phone": "电话", "channel_chat": "在线聊天", "channel_email": "电子邮件", "channel_sms": "短信",
    "channel_visit": "当面", "channel_other": "其他",
}

# A field of an identifier kind is labelled with the identifier's name (订单号 for order_no).
_ZH.update({"kindlabel_" + key.removeprefix("idlabel_"): text for key, text in list(_ZH.items())
            if key.startswith("idlabel_")})

# English leaves out only what is English already: a channel is shown by its code (phone,
# chat, email), the timeline's verbs and `vault due`'s words are Chinese whatever the dossier's
# language. Every field kind and role has its words (a test checks them against extract/roles.py).
_EN: dict[str, str] = {
    "dossier": "Evidence dossier",
    "parties": "Parties", "claim": "Claim", "money": "Amounts", "counts": "Evidence",
    "made_at": "Made", "vault_id": "Vault ID", "log_head": "Custody log head",
    "cover_note": "Made by the evidence vault; the originals, SHA256SUMS and manifest.json come with "
                  "it, and the preservation statement says how to check them.",
    "redacted_mark": "Redacted copy",
    "redacted_note": "This is the redacted copy, for public complaint sites: ID-card, mobile and "
                     "bank-card numbers and personal names are hidden (replaced by * in the text, "
                     "covered by black boxes in the images). The unredacted dossier and the "
                     "originals are kept by the submitter for regulators, mediators and courts.",
    "ex_public": "Redacted copy",
    "catalogue": "List of exhibits",
    "case_name": "Case", "submitter": "Submitted by", "submit_date": "Date",
    "col_no": "No.", "col_name": "Exhibit", "col_form": "Form", "col_source": "Source",
    "col_formed_at": "Date of event", "col_purpose": "What it proves", "col_pages": "Pages",
    "col_sha": "SHA-256 (first 16)",
    "ungrouped": "Other exhibits",
    "total_groups": "{count} exhibits in {groups} groups; {pages} pages in all",
    "total": "{count} exhibits; {pages} pages in all",
    "sha_note": "The full SHA-256 of each file is on its exhibit page and in the preservation statement.",
    "timeline": "Timeline",
    "tl_at": "Time", "tl_kind": "Kind", "tl_ref": "Ref", "tl_text": "What happened",
    "tl_status": "Status", "tl_empty": "(nothing recorded)",
    "kind_payment": "Payment", "kind_item": "Evidence", "kind_note": "Contact", "kind_promise": "Promise",
    "status_open": "○ OPEN", "status_kept": "✓ KEPT", "status_broken": "× BROKEN",
    "exhibit": "Exhibit {n}",
    "file_prefix": "Exhibit{n:02d}-",
    "ex_source": "Source", "ex_formed_at": "Date of event", "ex_form": "Form",
    "ex_captured": "Claimed time", "ex_added": "Added to the vault", "ex_sha": "SHA-256",
    "ex_original": "Original", "ex_purpose": "What it proves",
    "original_line": "{file} (original name: {name}; {size})",
    "claimed": "{at} (from the {source})",
    "unknown": "unknown",
    "continued": " (continued)",
    "image_part": "Image {i} of {n}",
    "fields": "Extracted fields",
    "ocr_text": "Recognised text (OCR; for reference, the image prevails)",
    "note_text": "Record",
    "description": "Description",
    "notice_note": "This exhibit is the user's own record of a contact, as follows; its file is {file}.",
    "notice_file": "This exhibit ({kind} file) cannot be shown on paper; the original is {file} "
                   "({size}, {mime}) and can be played or shown at the hearing.",
    "image_missing": "This image cannot be shown; the original is {file}.",
    "kindname_audio": "audio", "kindname_video": "video", "kindname_email": "email",
    "kindname_text": "text", "kindname_pdf": "PDF", "kindname_other": "computer",
    "kindname_image": "image",
    "statement": "Electronic evidence preservation statement",
    "custody": "Schedule: the files",
    "cu_no": "No.", "cu_file": "File name", "cu_sha": "SHA-256", "cu_size": "Size",
    "cu_added": "Added", "cu_captured": "Claimed time (from)",
    "check": "How to check",
    "bytes": "{n} bytes", "bytes_mb": "{n} bytes ({mb} MB)",
    "page": "Page {n} of {m}",
    "source_exif": "EXIF data", "source_png-text": "image metadata", "source_filename": "file name",
    "source_user": "user's entry", "source_mtime": "file modification time",
    "formed_unknown_mtime": "unknown (file modified {when})",
    "formed_unknown_added": "unknown (added to the vault {when})",
    "source_ocr": "screenshot text", "source_pdf-meta": "PDF metadata",

    "doc_invoice": "invoice", "doc_invoice_pdf": "e-invoice",
    "doc_bank_receipt": "bank receipt", "doc_bank_receipt_pdf": "bank e-receipt",
    "doc_contract": "contract", "doc_loan_contract": "loan contract", "doc_ticket": "railway ticket",
    "doc_sms": "text messages", "doc_chat": "chat", "doc_card_bill": "card bill",
    "doc_repayment_plan": "repayment plan", "doc_loan": "loan details",
    "doc_refund": "refund details", "doc_payment": "payment details",
    "doc_payment_alone": "payment details",
    "doc_order": "order details", "doc_tracking": "tracking", "doc_receipt": "till receipt",
    "medium_screenshot": "{what} screenshot", "medium_photo": "{what} photo",
    "medium_image": "{what} image", "medium_pdf": "{what}", "medium_scan": "{what} (scan)",
    "what_pdf": "{where} PDF document", "what_audio": "Audio recording", "what_video": "Video recording",
    "what_file": "Electronic file",
    "key_id": " ({label} {value})",
    "note_name": "Record of a {channel} contact{who}", "note_with": " with {with_}",
    "form_data": "electronic data", "form_av": "audio-visual material",
    "form_note": "party's record of a contact",
    "app_sms": "Messages",
    "source_screenshot": "the claimant's phone, {app_}screenshot",
    "source_screenshot_computer": "the claimant's computer, {app_}screenshot",
    "source_photo": "a photo taken by the claimant", "source_image": "an image provided by the claimant",
    "source_pdf": "a PDF file provided by the claimant",
    "source_scan": "a scanned PDF provided by the claimant",
    "source_file": "a file provided by the claimant",
    "when_screenshot": "captured", "when_photo": "taken", "when_file": "dated",
    "source_claim": "{what}, claimed {when_word} {when} (from the {source})",
    "source_claim_mtime": "{what}, time {when_word} unknown (file modified {when})",
    "source_note": "recorded by the claimant on {created_date}",
    "captured_screenshot": "Claimed capture time", "captured_photo": "Claimed time taken",
    "captured_file": "Claimed file time", "captured_mtime": "File modified",
    "captured_note_phone": "Time of the call", "captured_note_chat": "Time of the chat",
    "captured_note_email": "Time of the email", "captured_note_sms": "Time of the message",
    "captured_note_visit": "Time of the visit", "captured_note_other": "Time of the contact",
    "purpose": "Shows {parts}", "purpose_sep": "; ",
    "purpose_amount": "{role} {amount}", "purpose_amount_on": "{role} {amount} on {when}",
    "purpose_promise": "the promise \"{value}\"",
    "purpose_promise_due": "the promise \"{value}\" (due {due})",
    "purpose_transaction": "the transaction{key}",
    "note_purpose": "Shows what was said on {date}", "note_purpose_promise": "Shows what was said on {date}",
    "field_check": "check", "label_with_role": "{label} ({role})", "due_suffix": " (due {due})",
    "by_user": " (corrected by the claimant; read as {read})",
    "by_user_added": " (added by the claimant)", "confirmed": " (checked by the claimant)",
    "file_description": "{name}: file {filename}, {size} bytes, {mime}. The original is in originals/.",
    "user_note": "Note: {note}", "ticket": "Ticket: {ticket}", "promised": "Promised: {text}",
    "ex_attached": "Attached", "attached_item": "{label} ({name})", "attached_sep": "; ",
    "attached_elsewhere": "{filename} (not in this dossier)",
    "tl_attached": " (attached: {labels})",
    "tl_cut": "{text}… (in full: {label})",
    "party_claimant": "Claimant", "party_respondent": "Respondent", "party_platform": "Platform",
    "money_item": "{amount} (exhibit {numbers})", "money_numbers_sep": ", ", "money_sep": ", ",
    "count_exhibits_label": "Exhibits", "count_exhibits": "{n}", "count_groups": " in {groups} groups",
    "count_files_label": "Files", "count_files": "{n}",
    "count_notes_label": "Contact records", "count_notes": "{n}",
    "count_promises_label": "Promises", "count_promises": "{n}, {broken} broken",
    "statement_1":
        "1. The electronic data in this bundle was kept by the claimant with the local evidence "
        "archive evidence-vault. The SHA-256 of every original was computed when it was taken "
        "in; the original was then stored read-only under that hash and never modified. The "
        "files in originals/ are byte-identical copies whose hashes are listed below.",
    "statement_2":
        "2. Every action on the archive (intake, note, link, export, verification) was written "
        "to an append-only log in which each entry carries the hash of the one before. At export "
        "the log stood at entry #{seq} with hash {hash}. That entry anchors the "
        "archive as it stood when this bundle was handed over: any later export or verification "
        "must show the same hash for entry #{seq}, or the log was rewritten. The claimant "
        "keeps the log; if the whole archive were put back to an older copy, the archive itself "
        "could not tell, and only a bundle already handed over (such as this one) or a "
        "third-party deposit can show it.",
    "statement_3":
        "3. Claimed capture times come from file names, photo metadata or the claimant, and are "
        "claims only; the intake time is the archive's own clock.",
    "statement_4":
        "4. These hashes show only that a file has not changed since it was taken in, not that "
        "it was genuine before. The archive is run by the claimant and is not a neutral third "
        "party. The original device can be shown on request; notarisation or a third-party "
        "deposit can be arranged where needed.",
    "statement_5":
        "5. To check: run the commands below in the bundle's folder; a change of a single byte "
        "in any file makes the check fail.",
    "check_certutil": "certutil -hashfile originals\\<file> SHA256       # Windows",
    "list_columns": "No.|Group|Name|Form|Source|Formed|Purpose|Pages|Original/copy|SHA-256",
    "carrier_file": "printout of electronic data; the original device can be shown",
    "carrier_note": "claimant's record",
    "docx_case": "Case: {title}", "docx_submit": "Submitted by: {blank}    Date: {date}",
    "docx_total": "{m} exhibits",
    "role_paid": "paid", "role_total": "total", "role_refund": "refunded", "role_principal": "principal",
    "role_disbursed": "disbursed", "role_due": "due", "role_repaid": "repaid", "role_overdue": "overdue",
    "role_penalty": "penalties", "role_fee": "fees", "role_balance": "balance", "role_shipping": "shipping",
    "role_discount": "discount", "role_interest": "interest", "role_received": "received",
    "role_subtotal": "subtotal", "role_tax": "tax", "role_price": "unit price",
    "role_cash": "cash tendered", "role_change": "change", "role_rounding": "rounding",
    "role_instalment_principal": "instalment principal", "role_minimum_due": "minimum due",
    "role_limit": "credit limit",
    "role_order": "ordered", "role_payment": "paid", "role_request": "requested",
    "role_ship": "shipped", "role_receive": "received", "role_deliver": "delivered",
    "role_track": "tracking", "role_loan": "loan paid out", "role_complete": "completed",
    "role_cancel": "cancelled", "role_issue": "issued", "role_sign": "signed",
    "role_statement": "statement date", "role_chat": "chat", "role_travel": "departure",
    "role_annual": "annual", "role_monthly": "monthly", "role_daily": "daily",
    "role_tail": "last digits", "role_masked": "partly hidden", "role_service": "service line",
    "role_caller": "caller",
    "kindlabel_order_no": "Order No.", "kindlabel_transaction_no": "Transaction No.",
    "kindlabel_merchant_order_no": "Merchant order No.", "kindlabel_refund_no": "Refund No.",
    "kindlabel_tracking_no": "Waybill No.", "kindlabel_contract_no": "Contract No.",
    "kindlabel_serial_no": "Serial No.", "kindlabel_ticket_no": "Ticket No.",
    "kindlabel_staff_id": "Staff ID", "kindlabel_amount": "Amount", "kindlabel_rate": "Rate",
    "kindlabel_date": "Date", "kindlabel_datetime": "Time", "kindlabel_phone": "Phone",
    "kindlabel_id_card": "ID card No.", "kindlabel_bank_card": "Bank card",
    "kindlabel_credit_code": "Unified social credit code", "kindlabel_platform": "Platform",
    "kindlabel_promise": "Promise", "kindlabel_check": "Check", "kindlabel_other": "Other",
    "rate_annual": "Annual rate", "rate_monthly": "Monthly rate", "rate_daily": "Daily rate",
    "rate_any": "Rate", "percent": "{value}%",
    "check_txn_date_mismatch": "the date in transaction No. {identifier} ({date_in_identifier}) is "
                               "{days_apart} days from the date shown ({shown_date}); please check",
    "check_order_date_mismatch": "the date in order No. {identifier} ({date_in_identifier}) is "
                                 "{days_apart} days from the order date shown ({shown_date}); "
                                 "please check",
    "check_other": "the page disagrees with itself; please check",
    "idlabel_order_no": "order", "idlabel_transaction_no": "transaction",
    "idlabel_merchant_order_no": "merchant order", "idlabel_refund_no": "refund",
    "idlabel_tracking_no": "waybill",
    "idlabel_contract_no": "contract", "idlabel_serial_no": "serial", "idlabel_ticket_no": "ticket",
}

# The commands a reader runs to check the hashes; the certutil line is worded per language.
CHECK_COMMANDS = (
    "sha256sum -c SHA256SUMS                          # Linux",
    "shasum -a 256 -c SHA256SUMS                      # macOS",
    "Get-FileHash -Algorithm SHA256 originals\\*       # Windows PowerShell",
    "{check_certutil}",
    "vault verify-export .                            # evidence-vault",
)


def check_lang(lang: str) -> str:
    """`lang` if the dossier can be written in it, else a one-line error."""
    if lang not in LANGS:
        raise InvalidInputError(L_("--lang is zh, zh-Hant or en, not {lang!r}", lang=lang))
    return lang


class Words(Mapping[str, str]):
    """The templates of one language: `w["catalogue"]` is a template as it is,
    `w("exhibit", n=3)` one filled in, `w.get("kindlabel_x", "x")` one that may be missing."""

    def __init__(self, lang: str, table: dict[str, str]) -> None:
        self.lang = lang
        self._table = table

    def __getitem__(self, key: str) -> str:
        return self._table[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __call__(self, key: str, /, **values: Any) -> str:
        return self._table[key].format(**values)

    @property
    def chinese(self) -> bool:
        return self.lang != "en"


@functools.cache
def words(lang: str) -> Words:
    """The templates of `lang` (zh, zh-Hant or en); zh-Hant is made from zh on first use."""
    check_lang(lang)
    if lang == "en":
        return Words(lang, dict(_EN))
    if lang == "zh":
        return Words(lang, dict(_ZH))
    import opencc  # 0.1 s to build the converter, paid once and only for a traditional dossier

    to_hant = opencc.OpenCC("s2tw")
    return Words(lang, {key: to_hant.convert(text) for key, text in _ZH.items()})


ZH = words("zh")  # the timeline and `vault due` speak simplified Chinese whatever the dossier's language


def statement(w: Words, log_head: tuple[int, str]) -> list[str]:
    """The paragraphs of the 电子数据保全说明, anchored at the custody log's head."""
    seq, head = log_head
    return [w(f"statement_{i}", seq=seq, hash=head) for i in range(1, 6)]


def check_commands(w: Words) -> list[str]:
    return [line.format(check_certutil=w["check_certutil"]) for line in CHECK_COMMANDS]


_ZH_NUMBERED = re.compile(r"^\s*(第?[一二三四五六七八九十百零〇]+[、组.．]|[0-9]+[、.．])")
_EN_NUMBERED = re.compile(r"^\s*[0-9]+[.)]")


def group_heading(w: Words, group: str, i: int) -> str:
    """The heading of the i-th group of exhibits: 一、… or 1. …, unless the user numbered it."""
    if w.chinese:
        if _ZH_NUMBERED.match(group):
            return group
        return f"{chinese_numeral(i)}、{group}"
    return group if _EN_NUMBERED.match(group) else f"{i}. {group}"


_ZH_NUMERAL = re.compile(r"^\s*第?([一二三四五六七八九十百零〇]+)[、组.．]")
_ARABIC_NUMERAL = re.compile(r"^\s*([0-9]+)[、.．)]")


def group_order(groups: list[str]) -> dict[str, int]:
    """The rank of each group of exhibits (证明事项), for one order everywhere: the
    groups the user numbered (一、… 二、…, 1. 2.) by their number, then the others in
    the order given (the time of their first exhibit), each once."""
    numbered: dict[str, float] = {}
    plain: list[str] = []
    for g in groups:
        if g in numbered or g in plain:
            continue
        n = _group_number(g)
        if n is None:
            plain.append(g)
        else:
            numbered[g] = n
    ranked = sorted(numbered, key=lambda g: numbered[g]) + plain
    return {g: i for i, g in enumerate(ranked)}


def _group_number(group: str) -> float | None:
    m = _ARABIC_NUMERAL.match(group)
    if m:
        return float(m.group(1))
    m = _ZH_NUMERAL.match(group)
    if m:
        import cn2an

        try:
            return float(cn2an.cn2an(m.group(1), "smart"))
        except ValueError:
            return None
    return None


def chinese_numeral(n: int) -> str:
    """一, 十, 十二, 九十九, 一百零一: how a group is numbered in a Chinese 证据目录."""
    import cn2an  # ~0.3 s to import: paid only by a Chinese dossier with groups

    return cn2an.an2cn(n)
