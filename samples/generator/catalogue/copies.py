"""The catalogue's degraded copies: which sample, what was done to it, and the name it arrives under."""

from __future__ import annotations

import datetime as dt

from ..render import Copy

D = dt.datetime  # short alias used by the catalogue


def COPIES() -> list[Copy]:  # noqa: N802
    return [
        Copy("d-chat-jd", "chat-jd", [("scale", 2 / 3), ("jpeg", 45)], style="mmexport",
             cap=D(2024, 3, 18, 9, 50, 12)),
        Copy("d-alipay", "alipay-taobao", [("jpeg", 28)], style="wxpc", cap=D(2024, 3, 19, 8, 2, 40)),
        Copy("d-wxpay-dark", "wxpay-pdd-dark", [("scale", 0.5), ("jpeg", 70)], style="qq",
             cap=D(2024, 3, 28, 14, 0, 5)),
        Copy("d-taobao-blur", "taobao-order", [("blur", 1.6), ("jpeg", 75)], style="mmexport",
             cap=D(2024, 4, 15, 9, 30, 0)),
        Copy("d-pdd-rot", "pdd-order", [("rotate", 2.0), ("jpeg", 72)], style="mmexport",
             cap=D(2024, 3, 28, 12, 1, 33)),
        Copy("d-chat-tmall-photo", "chat-tmall-dark", [("photo", {}), ("jpeg", 80)],
             style="camera", cap=D(2024, 4, 8, 20, 31, 2)),
        Copy("d-jd-photo", "jd-order", [("photo", dict(desk=(120, 120, 118))), ("jpeg", 78)],
             style="wx_camera", cap=D(2024, 3, 18, 11, 2, 40)),
        Copy("d-sms-photo", "sms-cmb", [("photo", dict(desk=(70, 62, 58))), ("jpeg", 80)],
             style="pxl", cap=D(2024, 3, 20, 16, 30, 9)),
        Copy("d-loan-resend", "loan-detail", [("scale", 0.6), ("jpeg", 50)], style="mmexport",
             cap=D(2024, 3, 16, 10, 0, 1)),
        Copy("d-alipay-jd-blur", "alipay-jd-mismatch", [("blur", 1.0), ("jpeg", 60)], style="wxpc",
             cap=D(2024, 3, 16, 12, 44, 18)),
        Copy("d-courier-rot", "courier-sf", [("rotate", -1.5), ("jpeg", 70)], style="mmexport",
             cap=D(2024, 3, 14, 21, 3, 55)),
        Copy("d-chat-hant-small", "chat-hant", [("scale", 0.5), ("jpeg", 80)], style="wxpc",
             cap=D(2024, 6, 12, 16, 8, 27)),
        Copy("d-wxpay-en-q", "wxpay-en", [("jpeg", 25)], style="mmexport",
             cap=D(2024, 7, 3, 9, 15, 0)),
        Copy("d-loan-photo", "loan-overdue", [("photo", dict(desk=(150, 140, 125))), ("jpeg", 82)],
             style="camera", cap=D(2024, 6, 20, 19, 30, 45)),
        Copy("d-meituan-rotblur", "meituan-order", [("rotate", 3.0), ("blur", 0.8), ("jpeg", 65)],
             style="mmexport", cap=D(2024, 3, 15, 13, 10, 6)),
        Copy("d-chat-en-blur", "chat-en", [("scale", 0.75), ("blur", 1.2), ("jpeg", 70)],
             style="wxpc", cap=D(2024, 7, 2, 21, 0, 31)),
    ]
