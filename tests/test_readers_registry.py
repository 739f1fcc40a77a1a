"""The reader table and the one read path of add and reocr (issue 10, item 4 and 8).

A text-layer PDF (an e-invoice, a bank 电子回单) needs no OCR engine: it is
read with `--engine none` and when the engine is missing, and the pages that
are pictures say that OCR would read them. Engines reach the worker
processes under every multiprocessing start method. PDFs are made with
reportlab (text) and Pillow (pictures), read by the real pdfium.
"""

from __future__ import annotations

import io
import multiprocessing
from pathlib import Path

import pytest
from conftest import png_bytes
from PIL import Image
from test_readers_pdf import A4, text_pdf

from evidence_vault import ingest, pipeline
from evidence_vault.errors import InvalidInputError
from evidence_vault.identity import sha256_bytes
from evidence_vault.models import ChildFile, OcrLine, Reading
from evidence_vault.ocr import ENGINES, OcrEngine, engine_class
from evidence_vault.readers import ALWAYS, NEVER, READERS, SOME_PAGES, reader_for
from evidence_vault.vault import Vault

METHODS = ["fork", "forkserver", "spawn"]


def skip_unless_available(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not available on this platform")

RECEIPT = [[(72, 760, "中国工商银行 电子回单"), (72, 720, "订单编号 295914147223954356"),
            (72, 690, "实付款"), (400, 690, "¥1,280.00"),
            (72, 660, "支付时间 2024-03-15 14:23:07")]]


class FakeEngine(OcrEngine):
    """Reads a refund from any image, its number from the red of the image's centre.
    Defined at the top level so that spawned workers can import it."""

    name = "fake"

    def __init__(self, threads=None):
        pass

    def available(self):
        return None

    def version(self):
        return "fake 1"

    def read_image(self, image):
        red = image.convert("RGB").getpixel((image.width // 2, image.height // 2))[0]
        return [OcrLine(f"退款单号 {red}0000000000000000", (0, 0, 100, 10), 0.99),
                OcrLine(f"退款金额 ¥{red}.00", (0, 12, 100, 22), 0.98)]


class NewerFakeEngine(FakeEngine):
    """The fake engine after an upgrade: its readings are not the cached ones."""

    def version(self):
        return "fake 2"


class MissingEngine(FakeEngine):
    name = "missing"

    def available(self):
        return "missing is not installed: pip install missing-ocr"


@pytest.fixture(autouse=True)
def engines(monkeypatch):
    # registered in this process only: workers must get the class, not look the name up
    monkeypatch.setitem(ENGINES, "fake", FakeEngine)
    monkeypatch.setitem(ENGINES, "missing", MissingEngine)


def mixed_pdf(path: Path) -> Path:
    """Page 1 a text layer (the receipt), page 2 only a picture (a screenshot)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 14)
    for x, y, text in RECEIPT[0]:
        c.drawString(x, y, text)
    c.showPage()
    c.drawImage(ImageReader(Image.new("RGB", (300, 500), (7, 0, 0))), 50, 100, 400, 650)
    c.showPage()
    c.save()
    return path


def fields_of(vault, ref):
    return {(f["kind"], f["value"], f["role"]) for f in vault.show(ref)["fields"]}


# ---- the table ---------------------------------------------------------------------------


def test_every_reader_says_whether_it_needs_an_engine():
    assert {reader.ocr for reader in READERS.values()} <= {ALWAYS, SOME_PAGES, NEVER}
    assert reader_for("image/png").needs_engine and reader_for("image/heic").needs_engine
    assert reader_for("application/pdf").ocr == SOME_PAGES
    assert not reader_for("application/pdf").needs_engine


@pytest.mark.parametrize("engine, image, pdf, audio", [
    ("fake", True, True, False),
    ("none", False, True, False),
    ("missing", False, True, False),
])
def test_what_is_read_with_each_engine(engine, image, pdf, audio):
    chosen = ingest.choose_engine(engine)
    assert ingest.readable("image/png", chosen) is image
    assert ingest.readable("application/pdf", chosen) is pdf
    assert ingest.readable("audio/mp4", chosen) is audio


def test_unknown_engine_is_bad_input():
    with pytest.raises(InvalidInputError, match="unknown OCR engine 'nope'; choose one of: .*fake"):
        engine_class("nope")


# ---- a text-layer PDF needs no engine ----------------------------------------------------


@pytest.mark.parametrize("engine", ["none", "missing"])
def test_text_pdf_is_read_and_extracted_without_an_engine(vault, files, tmp_path, engine):
    pdf = text_pdf(tmp_path / "回单.pdf", RECEIPT)
    shot = files("shot.png", png_bytes(color=(3, 0, 0)))
    r, img = vault.add([pdf, shot], engine=engine, jobs=1)
    assert r.mime == "application/pdf" and reading_warnings(r) == [] and r.fields >= 3
    shown = vault.show(r.ref)
    assert shown["ocr"]["engine"] == "pdf-text" and "电子回单" in shown["ocr"]["text"]
    got = fields_of(vault, r.ref)
    assert ("order_no", "295914147223954356", None) in got
    assert ("amount", "1280.00", "paid") in got
    assert ("datetime", "2024-03-15T14:23:07", "payment") in got
    assert [h.ref for h in vault.search("295914147223954356").hits] == [r.ref]
    # the image beside it needs the engine: stored, not read, and said so only when one was asked for
    assert vault.show(img.ref)["ocr"] is None
    if engine == "missing":
        assert any("pip install missing-ocr" in w and "vault reocr" in w for w in img.warnings)
    else:
        assert reading_warnings(img) == []
    assert vault.verify(record=False).ok


def test_picture_pages_say_ocr_would_read_them_and_reocr_does(vault, tmp_path):
    [r] = vault.add([mixed_pdf(tmp_path / "mixed.pdf")], engine="none", jobs=1)
    [warning] = r.warnings
    assert warning.startswith("page 2 of the PDF are images and were not read: no OCR engine")
    assert "OCR would read them" in warning and "vault reocr" in warning
    assert ("order_no", "295914147223954356", None) in fields_of(vault, r.ref)

    [done] = vault.reocr([r.ref], engine="fake", jobs=1)
    assert done["cached"] is False and done["warnings"] == []
    shown = vault.show(r.ref)
    assert shown["ocr"]["engine"] == "fake"
    text_page, picture_page = shown["ocr"]["text"].split("\n\f\n")
    assert "电子回单" in text_page and "退款单号 70000000000000000" in picture_page
    got = fields_of(vault, r.ref)
    assert ("order_no", "295914147223954356", None) in got
    assert ("refund_no", "70000000000000000", None) in got
    assert vault.verify(record=False).ok


def test_reocr_with_no_engine_rereads_text_pdfs_and_leaves_images_alone(vault, files, tmp_path):
    shot, pdf = vault.add([files("shot.png", png_bytes(color=(5, 0, 0))),
                           text_pdf(tmp_path / "回单.pdf", RECEIPT)], engine="fake", jobs=1)
    before = vault.show(shot.ref)
    done = vault.reocr(None, engine="none", jobs=1)
    assert [d["ref"] for d in done] == [pdf.ref]  # an image is never replaced by an empty reading
    assert vault.show(shot.ref)["ocr"] == before["ocr"]
    assert vault.show(shot.ref)["fields"] == before["fields"]
    assert ("amount", "1280.00", "paid") in fields_of(vault, pdf.ref)
    assert vault.verify(record=False).ok


# ---- engines reach the workers under every start method ----------------------------------


def read_batch(tmp_path: Path, method: str | None, workers: int) -> list[tuple]:
    tmp_path.mkdir()
    sources = []
    for i in range(4):
        blob = tmp_path / f"blob{i}.png"
        blob.write_bytes(png_bytes(color=(i + 1, 0, 0)))
        sources.append(ingest.Source(sha256_bytes(blob.read_bytes()), blob, "image/png",
                                     blob.name, "2024-03-15T14:23:07", None))
    pdf = text_pdf(tmp_path / "回单.pdf", RECEIPT)
    sources.insert(2, ingest.Source("0" * 64, pdf, "application/pdf", pdf.name, None, None))
    sources.insert(1, None)
    context = multiprocessing.get_context(method) if method else None
    results = ingest.read_all(sources, ingest.choose_engine("fake"), workers=workers,
                              cached=lambda *key: None, context=context)
    return [None if r is None else
            (r.reading.engine, r.reading.text, r.reading.warnings, r.cached,
             sorted((f.kind, f.value, f.role) for f in r.fields)) for r in results]


@pytest.mark.parametrize("method", METHODS)
def test_parallel_ingest_gives_the_same_results_under_every_start_method(tmp_path, method):
    skip_unless_available(method)
    in_process = read_batch(tmp_path / "one", None, workers=1)
    assert in_process[1] is None
    assert [r[1].splitlines()[0] for r in in_process if r and r[0] == "fake"] == [
        f"退款单号 {i}0000000000000000" for i in range(1, 5)]
    assert in_process[3][0] == "pdf-text"
    assert read_batch(tmp_path / "many", method, workers=2) == in_process


def test_the_pool_never_forks_unless_told_to(monkeypatch):
    monkeypatch.delenv(pipeline.START_METHOD_ENV_VAR, raising=False)
    available = multiprocessing.get_all_start_methods()
    chosen = pipeline.pool_context().get_start_method()
    assert chosen == ("forkserver" if "forkserver" in available else "spawn")
    for method in available:
        assert pipeline.pool_context(method).get_start_method() == method
        monkeypatch.setenv(pipeline.START_METHOD_ENV_VAR, method)
        assert pipeline.pool_context().get_start_method() == method


def test_an_unknown_start_method_is_bad_input_before_anything_is_stored(vault, files,
                                                                          monkeypatch):
    monkeypatch.setenv(pipeline.START_METHOD_ENV_VAR, "vfork")
    paths = [files(f"{i}.png", png_bytes(color=(i, 0, 0))) for i in range(2)]
    with pytest.raises(InvalidInputError, match="EVIDENCE_VAULT_START_METHOD='vfork'.*forkserver"):
        vault.add(paths, engine="fake", jobs=2)
    assert vault.list_items() == [] and not list(vault.store.root.rglob("*.png"))
    vault.add(paths[:1], engine="fake", jobs=1)  # one job: no pool, so no start method
    assert len(vault.list_items()) == 1


def vault_view(v: Vault) -> list[tuple]:
    return [(i["ref"], v.show(i["ref"])["ocr"]["text"], sorted(
        (f["kind"], f["value"], f["role"]) for f in v.show(i["ref"])["fields"]))
        for i in v.list_items()]


@pytest.mark.parametrize("method", METHODS)
def test_add_and_reocr_in_worker_processes_under_every_start_method(files, tmp_path, method,
                                                                     monkeypatch):
    """The whole of `vault add --jobs 2` and `vault reocr --jobs 2`, the fake engine known
    only to this process's registry: under each start method the vault holds what one
    job in this process makes."""
    skip_unless_available(method)
    paths = [files(f"{i:02d}.png", png_bytes(color=(i + 1, 0, 0))) for i in range(4)]
    paths.insert(2, text_pdf(tmp_path / "回单.pdf", RECEIPT))
    monkeypatch.setenv(pipeline.START_METHOD_ENV_VAR, method)
    views = []
    for jobs in (1, 2):
        v = Vault.open(tmp_path / f"vault-{jobs}")
        try:
            added = v.add(paths, engine="fake", jobs=jobs)
            assert [r.ref for r in added] == [f"E{i}" for i in range(1, 6)]
            before = vault_view(v)
            done = v.reocr(None, engine="fake", jobs=jobs)
            # the images' readings are this engine's, kept: reused; the PDF's is its text layer's
            assert [d["cached"] for d in done] == [True, True, False, True, True]
            with pytest.MonkeyPatch.context() as mp:  # a new engine version: all read anew
                mp.setitem(ENGINES, "fake", NewerFakeEngine)
                done = v.reocr(None, engine="fake", jobs=jobs)
            assert [d["cached"] for d in done] == [False] * 5
            assert [v.show(f"E{i}")["ocr"]["engine_version"] for i in (1, 2, 4, 5)] == [
                "fake 2"] * 4  # read by the class the registry gave, in the workers too
            assert vault_view(v) == before and v.verify(record=False).ok
            views.append(before)
        finally:
            v.close()
    assert views[0] == views[1]
    assert views[0][0][1].startswith("退款单号 10000000000000000")
    assert "电子回单" in views[0][2][1]


def test_cached_readings_are_used_and_not_read_again(tmp_path):
    blob = tmp_path / "a.png"
    blob.write_bytes(png_bytes(color=(9, 0, 0)))
    src = ingest.Source("a" * 64, blob, "image/png", "a.png", None, None)
    vouched = Reading("fake", "fake 1", "退款金额 ¥42.00")
    asked = []

    def cached(sha, engine, version):
        asked.append((sha, engine, version))
        return vouched

    [result] = ingest.read_all([src], ingest.choose_engine("fake"), workers=1, cached=cached)
    assert asked == [("a" * 64, "fake", "fake 1")]
    assert result.cached and result.reading is vouched
    assert [(f.kind, f.value) for f in result.fields] == [("amount", "42.00")]


# ---- Reading's room for the readers to come ---------------------------------------------


def test_reading_has_rows_and_children_empty_by_default_and_they_cross_processes():
    import pickle

    assert Reading().rows == [] and Reading().children == []
    bill = Reading("csv", "1", "交易时间,金额(元)", rows=[{"交易时间": "2024-03-15 14:23:07",
                                                         "金额(元)": "1280.00"}],
                   children=[ChildFile("发票.pdf", data=b"%PDF-1.7", mime="application/pdf")])
    again = pickle.loads(pickle.dumps(bill))
    assert again == bill and io.BytesIO(again.children[0].data).read(4) == b"%PDF"


def test_stored_reading_and_its_digest_ignore_empty_rows_and_children(vault, files):
    vault.add([files("a.png", png_bytes(color=(2, 0, 0)))], engine="fake", jobs=1)
    state = vault.states.reading_state(1)
    assert set(state) == {"sha256", "engine", "engine_version", "text", "lines", "warnings",
                          "created_at"}
    assert vault.verify(record=False).ok


def reading_warnings(result):
    """A result's warnings but the one every file without a time of its own gets."""
    return [w for w in result.warnings if not w.startswith("no capture time")]
