"""Made-up identifiers that pass their checksums: resident ID numbers (GB 11643), bank cards
(Luhn), 统一社会信用代码 (GB 32100), phone numbers and the payment platforms' order numbers.

The check digits come from python-stdnum where it has the scheme; the GB 11714 organisation code
inside a 统一社会信用代码 is not in stdnum and is computed here.
"""

from __future__ import annotations

import datetime as dt
import random

from stdnum import luhn
from stdnum.cn import ric, uscc

GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]  # the organisation code; stdnum has no module for it


def digits(rng: random.Random, n: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def id_card(rng: random.Random, region: str, birth: dt.date) -> str:
    """A GB 11643 checksum-valid, made-up resident ID number."""
    body = f"{region}{birth:%Y%m%d}{rng.randrange(10, 999):03d}"
    return body + ric.calc_check_digit(body + "?")  # stdnum wants a placeholder for the check digit


def luhn_card(rng: random.Random, prefix: str, length: int) -> str:
    """A Luhn-valid, made-up bank card number."""
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def credit_code(rng: random.Random, region: str) -> str:
    """A GB 32100 checksum-valid 统一社会信用代码 (with a GB 11714-valid organisation code)."""
    while True:  # a check of 10 would be written X: redraw, so the code stays all digits
        org = digits(rng, 8)
        c = 11 - sum(int(a) * w for a, w in zip(org, GB11714_WEIGHTS, strict=True)) % 11
        if c != 10:
            break
    body = "91" + region + org + ("0" if c == 11 else str(c))
    return body + uscc.calc_check_digit(body)


def mobile(rng: random.Random) -> str:
    return rng.choice(["13", "15", "17", "18", "19"]) + digits(rng, 9, "0123456789")


def masked_mobile(rng: random.Random) -> str:
    m = mobile(rng)
    return m[:3] + "****" + m[7:]


def wechat_txn(rng: random.Random, day: dt.date) -> str:
    """28-digit WeChat Pay 交易单号: 10-digit prefix, YYYYMMDD at chars 11-18, 10 digits."""
    return "420000" + digits(rng, 4, "0123456789") + f"{day:%Y%m%d}" + digits(rng, 10)


def alipay_trade(rng: random.Random, day: dt.date, kind: str = "2200") -> str:
    """28-digit Alipay 订单号 / 支付宝交易号: YYYYMMDD, 2100/2200, 16 digits."""
    return f"{day:%Y%m%d}{kind}1" + digits(rng, 15, "0123456789")


def pdd_order(rng: random.Random, day: dt.date) -> str:
    return f"{day:%y%m%d}-" + digits(rng, 15, "0123456789")


def spaced(card: str) -> str:
    return " ".join(card[i:i + 4] for i in range(0, len(card), 4))


def luhn_ending(rng: random.Random, prefix: str, length: int, ending: str) -> str:
    while True:
        card = luhn_card(rng, prefix, length)
        if card.endswith(ending):
            return card
