"""The one read path of `add` and `reocr`: stored originals in, readings and fields out.

    for each stored file:  reader by MIME (readers.READERS)
                           → can it be read with this engine? (Reader.ocr)
                           → a vouched cached reading of these bytes by this engine version?
                           → else read it (pipeline: in worker processes)
                           → extract fields

Both commands hand `read_all` the files to read and the engine chosen, and
get back one Result per file, in the order given, lazily (so the caller can
record each as it comes and report progress). The caller owns the database:
it supplies the cache look-up (the vault's rule that only a reading the
custody log vouches for is reused) and records what comes back.

The engine decides only what needs OCR. A reader that needs none for part of
a file (a PDF's text layer) reads that part with `--engine none` and when
the engine is not installed; one that needs OCR for everything (an image) is
then not read at all, and, when the engine chosen is missing, says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path

from evidence_vault import pipeline
from evidence_vault.models import Field, Reading
from evidence_vault.ocr import OcrEngine, engine_class, make_engine
from evidence_vault.readers import reader_for

#: what the caller supplies to look a reading up: (sha256, engine, version) -> a
#: reading it trusts, or None
CacheLookup = Callable[[str, str, str], "Reading | None"]


@dataclass(frozen=True)
class Source:
    """One stored original to read, with what extraction needs to know of it."""

    sha256: str
    blob: Path
    mime: str
    filename: str
    captured_at: str | None
    app: str | None


@dataclass(frozen=True)
class Engine:
    """The engine chosen for a batch, resolved once: its class (what the workers
    get), whether it can run here and, when it can, its version (the cache key)."""

    name: str
    cls: type[OcrEngine]
    #: why it cannot run (with an install hint), or None
    missing: str | None
    version: str

    @property
    def chosen(self) -> bool:
        """False for `--engine none`: no OCR was asked for."""
        return self.name != "none"

    @property
    def usable(self) -> bool:
        return self.chosen and self.missing is None


def choose_engine(name: str) -> Engine:
    """Resolve an engine name. Raises InvalidInputError for an unknown one."""
    cls = engine_class(name)
    probe = make_engine(cls)
    missing = probe.available() if name != "none" else None
    return Engine(name, cls, missing, probe.version() if missing is None else "")


@dataclass
class Result:
    """What became of one file. `reading` is None when the file was not read
    (no reader for its type, or a reader that needs OCR and no engine that can
    run); `notice` then says why when the user should know."""

    reading: Reading | None
    fields: list[Field] = field(default_factory=list)
    #: the reading is a vouched one from the cache, not read now
    cached: bool = False
    notice: str | None = None


def readable(mime: str, engine: Engine) -> bool:
    """Will a file of this type be read with this engine?"""
    reader = reader_for(mime)
    return reader is not None and (engine.usable or not reader.needs_engine)


def fields_of(reading: Reading, src: Source) -> list[Field]:
    """The fields extracted from a reading of `src` (the same for a cached reading as
    for one read now)."""
    return pipeline.extract_fields(reading.text, captured_at=src.captured_at, app=src.app,
                                   filename=src.filename, source="ocr")


def plan(src: Source, engine: Engine, cached: CacheLookup) -> Result | pipeline.Job:
    """What reading `src` takes: a Result already (nothing to read it with, or a cached
    reading), or the Job to read it."""
    reader = reader_for(src.mime)
    if reader is None:
        return Result(None)
    if reader.needs_engine and not engine.usable:
        return Result(None, notice=(
            f"not read: {engine.missing}; the file is stored, and `vault reocr` reads it "
            "once the engine is installed") if engine.chosen else None)
    hit = cached(src.sha256, engine.name, engine.version) if engine.usable else None
    if hit is not None:
        return Result(hit, fields_of(hit, src), cached=True)
    return pipeline.Job(src.blob, src.mime, src.filename, src.captured_at, src.app)


def read_all(sources: Sequence[Source | None], engine: Engine, *, workers: int,
             cached: CacheLookup, context: BaseContext | None = None
             ) -> Iterator[Result | None]:
    """One Result per source, in order (None for a None source), read in up to
    `workers` processes. The plan (readers, cache look-ups) is made now, in
    this process; the reading happens as the results are consumed."""
    plans = [None if src is None else plan(src, engine, cached) for src in sources]
    return _read_in_own_pool(plans, pipeline.ReadPool(engine.cls, workers, context=context))


def _read_in_own_pool(plans: list[Result | pipeline.Job | None], pool: pipeline.ReadPool
                      ) -> Iterator[Result | None]:
    with pool:
        yield from read_planned(plans, pool)


def read_planned(plans: Sequence[Result | pipeline.Job | Future[pipeline.Outcome] | None],
                 pool: pipeline.ReadPool) -> Iterator[Result | None]:
    """One Result per plan (see plan()), in order, the Jobs read in `pool` as the results
    are consumed (None for None); a Job may already be submitted (its Future)."""
    jobs = [None if p is None or isinstance(p, Result) else p for p in plans]
    if not any(jobs):  # nothing to read: no engine to load, no pool to start
        yield from (p if isinstance(p, Result) else None for p in plans)
        return
    for p, outcome in zip(plans, pool.run_all(jobs), strict=True):
        if isinstance(p, Result) or p is None:
            yield p
        else:
            assert outcome is not None
            yield Result(outcome.reading, outcome.fields)
