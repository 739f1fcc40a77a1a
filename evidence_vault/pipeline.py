"""Reading and extraction, the slow middle of the add pipeline, run in parallel.

    walk → hash → duplicate? → store → sniff → claim time    (vault.py, in order)
         → read (OCR / text layer) → extract fields          (here, in workers)
         → record in one short transaction                   (vault.py, in order)

OCR is CPU-bound and the engines hold the GIL for parts of their work, so a
batch is read in worker processes, one engine per process with one thread
each, as many as `--jobs` (default: the number of cores). With one job, or one
file, everything runs in this process and no pool is started. Each worker
loads its engine's model once. Results come back in the order the files were
given, so items are numbered in that order whatever finishes first; the
database is only written by the main process, and never while a file is
being read.

The workers are handed the engine's class, never its name: the registry is
read once, here in the main process, so an engine registered at run time (a
test's fake) reaches the workers under fork, forkserver and spawn alike. The
class must be importable by its module path (pickled by reference).

How the workers are started is chosen in one place, `pool_context`: forkserver
where the platform has it, else spawn, and never plain fork, since the process
that starts the pool may hold threads by then (the progress bar's refresh, the
pool's own management thread, an engine library's thread pool), and a forked
child inherits their locks in whatever state they were.

What to read and with what (the reader registry, the engine, the reading
cache) is decided in evidence_vault.ingest; this module only runs the reads.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.context import BaseContext
from pathlib import Path

from evidence_vault.models import Field, Reading
from evidence_vault.ocr import OcrEngine, engine_class, make_engine

__all__ = ["START_METHOD_ENV_VAR", "Job", "Outcome", "default_jobs", "extract_fields",
           "make_engine", "pool_context", "run", "run_all"]

#: names the start method instead of the default, to compare them (benchmarks/start_method.py)
#: and in tests; not a setting a user needs
START_METHOD_ENV_VAR = "EVIDENCE_VAULT_START_METHOD"


@dataclass(frozen=True)
class Job:
    """What a worker needs to read one stored file."""

    blob: Path
    mime: str
    filename: str
    captured_at: str | None
    app: str | None


@dataclass
class Outcome:
    reading: Reading | None
    fields: list[Field]


def extract_fields(text: str, *, captured_at: str | None, app: str | None,
                   filename: str | None, source: str) -> list[Field]:
    """Fields from text, with the claimed capture time as the reference for
    year-less and relative dates and for promises."""
    if not text.strip():
        return []
    from evidence_vault.extract import Context, extract

    when = None
    if captured_at:
        try:
            when = datetime.fromisoformat(captured_at)
        except ValueError:
            when = None
    return extract(text, Context(captured_at=when, app=app, filename=filename, source=source))


def run(job: Job, engine: OcrEngine) -> Outcome:
    """Read one file and extract its fields. Never raises for a bad file."""
    from evidence_vault.readers import ReadError, read_file

    try:
        reading = read_file(job.blob, job.mime, engine)
    except ReadError as e:
        reading = Reading(engine=engine.name, engine_version=_version(engine),
                          warnings=[f"could not be read: {e}"])
    except Exception as e:  # noqa: BLE001 - an engine bug must not cost the batch
        reading = Reading(engine=engine.name, engine_version=_version(engine),
                          warnings=[f"could not be read: {type(e).__name__}: {e}"])
    fields: list[Field] = []
    if reading is not None and reading.text:
        fields = extract_fields(reading.text, captured_at=job.captured_at, app=job.app,
                                filename=job.filename, source="ocr")
    return Outcome(reading, fields)


def _version(engine: OcrEngine) -> str:
    try:
        return engine.version()
    except Exception:  # noqa: BLE001
        return "unknown"


_worker_engine: OcrEngine | None = None


def _init_worker(engine: type[OcrEngine]) -> None:
    global _worker_engine
    _worker_engine = make_engine(engine, threads=1)


def _run_in_worker(job: Job) -> Outcome:
    assert _worker_engine is not None
    return run(job, _worker_engine)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def pool_context(method: str | None = None) -> BaseContext:
    """The multiprocessing context the read pool starts its workers with: `method`, else
    $EVIDENCE_VAULT_START_METHOD, else forkserver where the platform has it (Linux,
    macOS) and spawn where it does not (Windows). Fork only when named. An unknown or
    unavailable method is bad input."""
    available = multiprocessing.get_all_start_methods()
    name = method or os.environ.get(START_METHOD_ENV_VAR) or (
        "forkserver" if "forkserver" in available else "spawn")
    if name not in available:
        from evidence_vault.errors import InvalidInputError

        raise InvalidInputError(f"{START_METHOD_ENV_VAR}={name!r}: no such start method here; "
                                f"choose one of: {', '.join(available)}")
    return multiprocessing.get_context(name)


def run_all(jobs: list[Job | None], engine: str | type[OcrEngine], workers: int, *,
            context: BaseContext | None = None) -> Iterator[Outcome | None]:
    """Outcomes in the order of `jobs` (None for a None job: nothing to read).
    `engine` is a registered name or the engine class itself; `context` the
    multiprocessing context of the pool (default: `pool_context()`)."""
    cls = engine_class(engine) if isinstance(engine, str) else engine
    name = engine if isinstance(engine, str) else cls.name
    real = [j for j in jobs if j is not None]
    if workers <= 1 or len(real) <= 1:
        # --jobs 1 is one core; a single file with cores to spare may use them all
        one = make_engine(cls, threads=1 if workers <= 1 else None)
        for job in jobs:
            yield None if job is None else run(job, one)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(real)),
                             mp_context=context or pool_context(),
                             initializer=_init_worker, initargs=(cls,)) as pool:
        futures: list[Future[Outcome] | None] = [
            None if job is None else pool.submit(_run_in_worker, job) for job in jobs]
        for job, fut in zip(jobs, futures, strict=True):
            if fut is None:
                yield None
                continue
            try:
                yield fut.result()
            except Exception as e:  # noqa: BLE001 - a crashed worker: keep the file, say why
                assert job is not None
                yield Outcome(Reading(engine=name, engine_version="unknown",
                                      warnings=[f"could not be read: {type(e).__name__}: {e}"]),
                              [])
