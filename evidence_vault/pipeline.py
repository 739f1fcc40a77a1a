"""Reading and extraction, the slow middle of the add pipeline, run in parallel.

    walk → hash → duplicate? → store → sniff → claim time    (vault.py, in order)
         → read (OCR / text layer) → extract fields          (here, in workers)
         → record in one short transaction                   (vault.py, in order)

OCR is CPU-bound and the engines hold the GIL for parts of their work, so a
batch is read in worker processes, one engine per process with one thread
each, as many as `--jobs` (default: the number of cores). With one job, or one
file, everything runs in this process and no pool is started. Each worker
loads its engine's model once and warms it as it starts; `add` starts its pool
(ReadPool) once a second file to read is stored, hands it each file as soon as it
is stored, and keeps it for up to RECYCLE_AFTER files. Results come back in the order the files were
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

import contextlib
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import cast

from evidence_vault.i18n import L_
from evidence_vault.models import Field, Reading
from evidence_vault.ocr import OcrEngine, engine_class, make_engine

__all__ = ["START_METHOD_ENV_VAR", "Job", "Outcome", "default_jobs", "extract_fields",
           "RECYCLE_AFTER", "ReadPool", "make_engine", "pool_context", "run"]

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
    # only a head start: when warming fails, the reads themselves report what is wrong
    with contextlib.suppress(Exception):
        _worker_engine.warm()


def _ready() -> None:
    """A task that does nothing: submitted to make the pool start a worker now."""


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

        raise InvalidInputError(L_(
            "{start_method_env_var}={name!r}: no such start method here; choose one of: {available}",
            start_method_env_var=START_METHOD_ENV_VAR, name=name, available=', '.join(available)))
    return multiprocessing.get_context(name)


#: files a read pool's workers read before they are replaced (ReadPool.recycle). With
#: `add`'s chunks of 500 it is a pool per chunk, as before the pool was kept; Python's own
#: max_tasks_per_child is not used: it can deadlock on 3.11-3.13 (CPython gh-115634).
RECYCLE_AFTER = 500


class ReadPool:
    """The worker processes a batch is read in.

    Starting a worker costs more than a screenshot: importing the engine, loading
    its models and its first inference (~1.5-2.5 s with OpenVINO, measured in
    benchmarks/ingest.py). `start()` starts the workers early, so that this is done
    while the caller still stores the batch, and each worker warms its engine when
    it starts (OcrEngine.warm); `add` calls it once a second file to read is stored.
    The pool is kept across the chunks of a batch until its workers have read
    RECYCLE_AFTER files (`recycle()`, called between chunks), then replaced: a worker's
    memory grows with the shapes of the images it has read (OpenVINO 1.0 -> 1.8 GB over
    360 screenshots of varied sizes, onnxruntime 0.64 -> 0.86 GB over 100), and a fresh
    process gives it back. `close()` (or leaving the `with` block) shuts it down.

    With one job, or when there is only one file to read and no pool was started,
    the files are read in this process (all cores for one file when more than one
    job is allowed): starting a process for one file would cost more than it saves.
    """

    def __init__(self, engine: str | type[OcrEngine], workers: int, *,
                 context: BaseContext | None = None) -> None:
        self.cls = engine_class(engine) if isinstance(engine, str) else engine
        self.name = engine if isinstance(engine, str) else self.cls.name
        self.workers = workers
        self.context = context
        self._pool: ProcessPoolExecutor | None = None
        self._given = 0  # files handed to the running pool

    @property
    def started(self) -> bool:
        return self._pool is not None

    def start(self, files: int) -> None:
        """Start min(workers, files) worker processes now (each loads and warms its
        engine); nothing with one job or one file, or when they are started."""
        if self._pool is not None or self.workers <= 1 or files <= 1:
            return
        count = min(self.workers, files)
        self._pool = ProcessPoolExecutor(max_workers=count,
                                         mp_context=self.context or pool_context(),
                                         initializer=_init_worker, initargs=(self.cls,))
        for _ in range(count):  # workers are started as tasks come: one each, now
            self._pool.submit(_ready)

    def submit(self, job: Job) -> Job | Future[Outcome]:
        """Start reading `job` now when the workers run (its Future), else hand the job
        back for run_all to read."""
        if self._pool is None:
            return job
        self._given += 1
        return self._pool.submit(_run_in_worker, job)

    def run_all(self, jobs: Sequence[Job | Future[Outcome] | None]
                ) -> Iterator[Outcome | None]:
        """Outcomes in the order of `jobs` (None for a None job: nothing to read); a job
        may be the Future submit() gave for it."""
        real = [j for j in jobs if j is not None]
        if self._pool is None and (self.workers <= 1 or len(real) <= 1):
            # --jobs 1 is one core; a single file with cores to spare may use them all
            one = make_engine(self.cls, threads=1 if self.workers <= 1 else None)
            for job in jobs:
                yield None if job is None else run(cast(Job, job), one)
            return
        self.start(len(real))
        futures = [job if job is None or isinstance(job, Future) else self.submit(job)
                   for job in jobs]
        broken = False
        for fut in futures:
            if fut is None:
                yield None
                continue
            assert isinstance(fut, Future)
            try:
                yield fut.result()
            except Exception as e:  # noqa: BLE001 - a crashed worker: keep the file, say why
                if isinstance(e, BrokenProcessPool):
                    broken = True
                yield Outcome(Reading(engine=self.name, engine_version="unknown",
                                      warnings=[f"could not be read: {type(e).__name__}: {e}"]),
                              [])
        if broken:  # a worker died (killed, out of memory): the next chunk gets a new pool
            self.close()

    def recycle(self) -> None:
        """Replace the workers (at the next start) once they have read RECYCLE_AFTER files.
        Call it between chunks, when nothing handed to the pool is still waiting."""
        if self._given >= RECYCLE_AFTER:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._given = 0

    def __enter__(self) -> ReadPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

