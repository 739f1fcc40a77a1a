"""OCR engines behind one small interface.

An engine turns one upright PIL image into lines of text with boxes and
confidences. Engines are registered by name in ENGINES, the one table of
them; heavy imports happen inside the engine, never at module import, so
`vault list` stays fast and a missing engine only matters when it is asked for.

Adding an engine is one subclass and one entry in ENGINES (or, for a plug-in
or a test, one call to `register_engine`).

The registry is read only in the process that chooses the engine: the ingest
path resolves a name to its class with `engine_class` and hands the class
itself to the worker processes, which never look a name up. So an engine
registered at run time (a test's fake) reaches workers under every
multiprocessing start method, fork, forkserver and spawn alike, as long as
its class is importable by its module path (defined at a module's top level).
"""

from __future__ import annotations

from evidence_vault.i18n import L_
from evidence_vault.ocr.engine import NoEngine, OcrEngine

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


def register_engine(cls: type[OcrEngine], name: str | None = None) -> None:
    """Add (or replace) an engine under `name`, by default its class's `name`."""
    ENGINES[name or cls.name] = cls


def engine_class(name: str) -> type[OcrEngine]:
    """The engine class registered as `name`; an unknown name is bad input."""
    try:
        return ENGINES[name]
    except KeyError:
        from evidence_vault.errors import InvalidInputError

        raise InvalidInputError(
            L_(
                "unknown OCR engine {name!r}; choose one of: {engine_names}",
                name=name, engine_names=', '.join(engine_names()))) from None


def make_engine(engine: str | type[OcrEngine], threads: int | None = None) -> OcrEngine:
    """An instance of the engine named (or given as a class), with `threads`
    for engines that take a thread count."""
    cls = engine_class(engine) if isinstance(engine, str) else engine
    try:
        return cls(threads=threads)  # type: ignore[call-arg]
    except TypeError:
        return cls()


def get_engine(name: str) -> OcrEngine:
    """The engine registered as `name`. Raises KeyError for an unknown name."""
    return ENGINES[name]()
