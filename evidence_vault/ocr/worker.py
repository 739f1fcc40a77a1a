"""An OCR engine in a process of its own, behind the engine interface.

For work that reads a few images in a process that goes on to do other heavy work (`export
--redact` reads some lines again, then typesets a 600-page PDF): the engine's model (rapidocr's
is ~380 MB once loaded) lives in one worker process, started on the first read and ended by
`close()`, so the calling process never grows by it, and the typesetter's processes, forked
from the caller, do not start from a copy of it. One worker, using every core (threads=None).
(Forked on Linux, the worker shares the caller's pages until it writes them; its peak RSS as
getrusage reports it counts those shared pages too.)

The worker is handed the engine's class, as evidence_vault.pipeline's are: an engine
registered at run time reaches it under every start method.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from evidence_vault.models import OcrLine
from evidence_vault.ocr.engine import OcrEngine

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

_engine: OcrEngine | None = None


def _start(cls: type[OcrEngine]) -> None:
    global _engine
    try:
        _engine = cls(threads=None)  # type: ignore[call-arg]
    except TypeError:
        _engine = cls()


def _read(image: Image.Image, chars: bool) -> list[OcrLine]:
    assert _engine is not None
    return _engine.read_chars(image) if chars else _engine.read_image(image)


class EngineProcess(OcrEngine):
    """`cls`'s engine, run in a worker process; use it in a `with` block, or call close()."""

    def __init__(self, cls: type[OcrEngine]) -> None:
        self.cls = cls
        self.name = cls.name
        self._local = cls()  # for available() and version(): no model is loaded for those
        self._pool: ProcessPoolExecutor | None = None

    def available(self) -> str | None:
        return self._local.available()

    def version(self) -> str:
        return self._local.version()

    def _call(self, image: Image.Image, chars: bool) -> list[OcrLine]:
        if self._pool is None:
            # the platform's start method, as pipeline.py's workers: spawn would run the
            # caller's __main__ again in the worker, which a script without a main guard
            # cannot bear
            self._pool = ProcessPoolExecutor(max_workers=1, initializer=_start,
                                             initargs=(self.cls,))
        return self._pool.submit(_read, image, chars).result()

    def read_image(self, image: Image.Image) -> list[OcrLine]:
        return self._call(image, False)

    def read_chars(self, image: Image.Image) -> list[OcrLine]:
        return self._call(image, True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> EngineProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
