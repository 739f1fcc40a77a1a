"""The read pool of `vault add`: one set of worker processes for a whole batch, started
while the batch is still being stored, each warming its engine when it starts, and
reading each file as soon as it is stored; a worker that dies costs only its chunk.

A fake engine behind the OcrEngine interface tells which process read each file and
whether it had been warmed (the real engines' warm-up is in test_ocr_backend.py)."""

from __future__ import annotations

import os

import pytest
from conftest import png_bytes

from evidence_vault import adding, pipeline
from evidence_vault.models import OcrLine
from evidence_vault.ocr import ENGINES, OcrEngine


class ProcessEngine(OcrEngine):
    """Reads "pid <its process> warm <yes|no>"; dies on an image whose red is 99."""

    name = "process"

    def __init__(self, threads=None):
        self.warmed = False

    def available(self):
        return None

    def version(self):
        return "process 1"

    def warm(self):
        self.warmed = True

    def read_image(self, image):
        if image.convert("RGB").getpixel((0, 0))[0] == 99:
            os._exit(3)  # a worker killed mid-read (out of memory, a crash in the engine)
        return [OcrLine(f"pid {os.getpid()} warm {'yes' if self.warmed else 'no'}",
                        (0, 0, 100, 10), 0.99)]


@pytest.fixture(autouse=True)
def process_engine(monkeypatch):
    monkeypatch.setitem(ENGINES, "process", ProcessEngine)


def read_by(vault, ref):
    text = vault.show(ref)["ocr"]["text"]
    _, pid, _, warm = text.split()
    return int(pid), warm


def test_one_pool_reads_every_chunk_of_a_batch(vault, files, monkeypatch):
    monkeypatch.setattr(adding, "ADD_CHUNK", 3)
    paths = [files(f"{i:02d}.png", png_bytes(color=(i + 1, 0, 0))) for i in range(8)]
    results = vault.add(paths, engine="process", jobs=2)
    assert [r.status for r in results] == ["added"] * 8
    readers = {read_by(vault, r.ref) for r in results}
    # a pool per chunk would have started a worker or two for each of the 3 chunks
    assert len({pid for pid, _ in readers}) <= 2
    assert {warm for _, warm in readers} == {"yes"}  # warmed when it started
    assert os.getpid() not in {pid for pid, _ in readers}


def test_reading_starts_while_the_batch_is_still_stored(vault, files, monkeypatch):
    events: list[str] = []
    stage, submit = adding._stage, pipeline.ReadPool.submit

    def staging(vault, f, seen, **kw):
        events.append(f"stage {f.shown.rsplit('/', 1)[-1]}")
        return stage(vault, f, seen, **kw)

    def submitting(self, job):
        events.append(f"read {job.filename}")
        return submit(self, job)

    monkeypatch.setattr(adding, "_stage", staging)
    monkeypatch.setattr(pipeline.ReadPool, "submit", submitting)
    paths = [files(f"{i}.png", png_bytes(color=(i + 1, 0, 0))) for i in range(4)]
    vault.add(paths, engine="process", jobs=2)
    # the pool starts when a second file to read is stored, and takes each file as it comes
    assert events == ["stage 0.png", "stage 1.png", "read 0.png", "read 1.png",
                      "stage 2.png", "read 2.png", "stage 3.png", "read 3.png"]


def test_one_file_is_read_in_this_process(vault, files):
    [r] = vault.add([files("one.png", png_bytes(color=(5, 0, 0)))], engine="process", jobs=2)
    assert read_by(vault, r.ref)[0] == os.getpid()


def test_a_worker_that_dies_costs_only_its_chunk(vault, files, monkeypatch):
    monkeypatch.setattr(adding, "ADD_CHUNK", 3)
    colors = [1, 99, 2, 3, 4, 5]  # the second file kills its worker
    paths = [files(f"{i}.png", png_bytes(color=(c, 0, 0))) for i, c in enumerate(colors)]
    results = vault.add(paths, engine="process", jobs=2)
    assert [r.status for r in results] == ["added"] * 6  # every file is kept
    crashed = vault.show(results[1].ref)["ocr"]
    assert any("could not be read" in w for w in crashed["warnings"])
    # the next chunk is read by a new pool
    for r in results[3:]:
        pid, warm = read_by(vault, r.ref)
        assert warm == "yes" and pid != os.getpid()
    assert vault.verify().ok


def test_the_workers_are_replaced_after_so_many_files(vault, files, monkeypatch):
    """A worker's memory grows with what it reads: after RECYCLE_AFTER files the pool is
    replaced at the next chunk."""
    monkeypatch.setattr(adding, "ADD_CHUNK", 3)
    monkeypatch.setattr(pipeline, "RECYCLE_AFTER", 5)
    paths = [files(f"{i:02d}.png", png_bytes(color=(i + 1, 0, 0))) for i in range(9)]
    results = vault.add(paths, engine="process", jobs=2)
    pids = [read_by(vault, r.ref)[0] for r in results]
    first, last = set(pids[:6]), set(pids[6:])  # chunks 1-2 (6 files >= 5), then chunk 3
    assert len(first) <= 2 and len(last) <= 2 and not first & last
