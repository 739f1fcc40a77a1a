"""The OCR engine interface, and `--engine none`.

Its own module so that the engines (ocr.rapid, ocr.tesseract) can subclass it
without importing the package that registers them: ocr/__init__ imports the
engines, the engines import this, and nothing imports back.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from evidence_vault.models import OcrLine

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image


class OcrEngine(ABC):
    """One OCR engine. Instances are cheap to make; models load on first use."""

    #: the name users type after --engine
    name: str = ""

    @abstractmethod
    def available(self) -> str | None:
        """None if the engine can run here, else a one-line reason that says how
        to install what is missing (the add still stores the file)."""

    @abstractmethod
    def version(self) -> str:
        """The engine's version string, stored with every reading so that a
        reading can be reproduced (DOMAIN §2.6 P6) and cached by version."""

    @abstractmethod
    def read_image(self, image: Image.Image) -> list[OcrLine]:
        """Read one upright image; lines in reading order, boxes in the image's
        pixels."""

    def warm(self) -> None:
        """Load the models and run them once, so the first real read is as fast as the
        rest. A read pool calls it when a worker starts, while the batch is still being
        stored (pipeline.ReadPool). Engines with nothing to load leave it alone."""
        return None

    def read_chars(self, image: Image.Image) -> list[OcrLine]:
        """Like read_image, with a box per character in each line's `chars` where the
        engine can give them (redaction covers a number, not its whole line). An engine
        that cannot leaves `chars` None, and the caller places characters in the line."""
        return self.read_image(image)


class NoEngine(OcrEngine):
    """`--engine none`: store and index the file, OCR nothing. Readers that
    need no OCR (a PDF's text layer) still read; `available()` gives the reason
    a reader reports for what it left unread."""

    name = "none"

    def available(self) -> str | None:
        return "no OCR engine was chosen (--engine none)"

    def version(self) -> str:
        return "0"

    def read_image(self, image: Image.Image) -> list[OcrLine]:
        return []
