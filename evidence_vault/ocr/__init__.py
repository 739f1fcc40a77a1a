"""OCR engines behind one small interface.

An engine turns one upright PIL image into lines of text with boxes and
confidences. Engines are registered by name in ENGINES; heavy imports happen
inside the engine, never at module import, so `vault list` stays fast and a
missing engine only matters when it is asked for.

Adding an engine is one subclass and one entry in ENGINES.
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


class NoEngine(OcrEngine):
    """`--engine none`: store and index the file, read nothing."""

    name = "none"

    def available(self) -> str | None:
        return None

    def version(self) -> str:
        return "0"

    def read_image(self, image: Image.Image) -> list[OcrLine]:
        return []


# The engine modules are light: they import rapidocr / pytesseract inside
# their methods, so registering them here costs nothing at startup.
from evidence_vault.ocr.rapid import RapidOcrEngine  # noqa: E402
from evidence_vault.ocr.tesseract import TesseractEngine  # noqa: E402

ENGINES: dict[str, type[OcrEngine]] = {
    "none": NoEngine,
    "rapidocr": RapidOcrEngine,
    "tesseract": TesseractEngine,
}

#: what `vault add` uses when no --engine is given
DEFAULT_ENGINE = "rapidocr"


def engine_names() -> list[str]:
    return sorted(ENGINES)


def get_engine(name: str) -> OcrEngine:
    """The engine registered as `name`. Raises KeyError for an unknown name."""
    return ENGINES[name]()
