"""The catalogue: every sample as data (a layout function, its arguments, the file-name style and
the claimed capture time), one module per family. Degraded copies and the PDFs are listed in
copies.py and paper.py.
"""

from __future__ import annotations

from ..render import Spec
from .bills import BILLS
from .chats import CHATS
from .misc import MISC
from .orders import ORDERS
from .paper import RECEIPTS


def catalogue() -> list[Spec]:
    return CHATS() + BILLS() + ORDERS() + MISC() + RECEIPTS()
