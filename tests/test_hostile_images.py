"""Hostile images and PDFs (issue 9, items 3 and 11): each is stored, read within
bounds or not at all with a one-line warning, and never costs the rest of the batch.

The files come from tests/reliability/hostile_files.py. The commands run as real
processes (`python -m evidence_vault`), so a traceback or a raw Pillow warning on
the terminal would show; what the reader decodes is checked in-process with an
engine that records what it is shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import have_cjk_font
from PIL import Image, ImageFile

from evidence_vault import capture, imaging
from evidence_vault.models import OcrLine
from evidence_vault.ocr import OcrEngine
from evidence_vault.readers import ReadError, read_file
from evidence_vault.readers.image import MAX_SLICES
from evidence_vault.readers.pdf import MAX_OCR_PAGES
from tests.reliability import hostile_files as hostile

REPO = Path(__file__).resolve().parents[1]


class Recording(OcrEngine):
    """Sees every image it is given, reads nothing."""

    name = "recording"

    def __init__(self) -> None:
        self.seen: list[tuple[int, int]] = []

    def available(self) -> str | None:
        return None

    def version(self) -> str:
        return "1"

    def read_image(self, image: Image.Image) -> list[OcrLine]:
        self.seen.append(image.size)
        return []


def vault(vault_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "evidence_vault", "--vault", str(vault_dir), *args],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=600)


def add_json(vault_dir: Path, *args: str) -> list[dict]:
    r = vault(vault_dir, "add", *args, "--json")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "warnings.warn" not in r.stderr, r.stderr
    return json.loads(r.stdout)["items"]


def assert_verified(vault_dir: Path) -> None:
    r = vault(vault_dir, "verify", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["ok"], r.stdout + r.stderr



@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def test_bombs_are_stored_and_the_batch_kept(tmp_path):
    """A PNG, a JPEG and a GIF claiming 50000 x 50000 between two good files:
    all five stored (the capture time read from what needs no pixels), a re-add
    finds them, verify is clean."""
    bombs = [hostile.make_bomb_png(tmp_path), hostile.make_bomb_jpeg(tmp_path),
             hostile.make_bomb_gif(tmp_path)]
    batch = [hostile.make_good_png(tmp_path, "good.png", "one"), *bombs,
             hostile.make_good_png(tmp_path, "good2.png", "two")]
    v = tmp_path / "v"
    items = add_json(v, *map(str, batch), "--engine", "none", "--case", "c")
    assert [i["status"] for i in items] == ["added"] * 5
    assert [i["mime"] for i in items[1:4]] == ["image/png", "image/jpeg", "image/gif"]
    again = add_json(v, *map(str, bombs), "--engine", "none")
    assert [i["status"] for i in again] == ["duplicate"] * 3
    assert_verified(v)


def test_a_bomb_behind_a_symlink_in_a_folder_is_stored_once(tmp_path):
    folder = hostile.make_symlink_bomb_folder(tmp_path)
    v = tmp_path / "v"
    items = add_json(v, str(folder), "--engine", "none")
    assert sorted(i["status"] for i in items if i["status"] != "failed") in (
        ["added", "added", "duplicate"], ["added", "added"])
    assert_verified(v)


@pytest.mark.slow
def test_hostile_files_with_ocr_are_stored_with_one_line_warnings(tmp_path):
    """Bombs, a truncated PNG, a fake PDF and a TIFF over the frame limit in one
    batch with the real engine: all stored, each with the reason it was not
    (wholly) read."""
    bomb_png, bomb_jpeg = hostile.make_bomb_png(tmp_path), hostile.make_bomb_jpeg(tmp_path)
    tiff = hostile.make_many_frames_tiff(tmp_path, frames=imaging.MAX_FRAMES + 3, side=600)
    batch = [bomb_png, bomb_jpeg, hostile.make_truncated_png(tmp_path),
             hostile.make_fake_pdf(tmp_path), tiff, hostile.make_good_png(tmp_path)]
    v = tmp_path / "v"
    items = add_json(v, *map(str, batch), "--engine", "rapidocr", "--jobs", "1")
    assert [i["status"] for i in items] == ["added"] * len(batch)
    warnings = [i["warnings"] for i in items]
    assert any("50000×50000" in w and "limit" in w for w in warnings[0])
    assert any("50000×50000" in w and "limit" in w for w in warnings[1])
    assert any("truncated" in w for w in warnings[2])
    assert any("PDF" in w for w in warnings[3])
    assert any(f"only the first {imaging.MAX_FRAMES} of {imaging.MAX_FRAMES + 3} pages" in w
               for w in warnings[4])
    assert all("\n" not in w for ws in warnings for w in ws)
    shown = vault(v, "show", "E5", "--json")
    assert json.loads(shown.stdout)["ocr"]["text"].count("\f") == imaging.MAX_FRAMES - 1
    assert_verified(v)


@pytest.mark.slow
@pytest.mark.skipif(not have_cjk_font(), reason="needs a CJK font (apt-get install fonts-noto-cjk)")
def test_a_case_holding_bombs_and_a_huge_image_exports(tmp_path):
    batch = [hostile.make_bomb_png(tmp_path), hostile.make_bomb_jpeg(tmp_path),
             hostile.make_huge_png(tmp_path), hostile.make_good_png(tmp_path)]
    v = tmp_path / "v"
    add_json(v, *map(str, batch), "--engine", "none", "--case", "c")
    r = vault(v, "export", "--case", "c", "--out", str(tmp_path / "out"), "--json")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert len(manifest["exhibits"]) == 4
    assert vault(v, "verify-export", str(tmp_path / "out")).returncode == 0


def test_a_huge_image_is_refused_before_decoding(files):
    huge = hostile.make_huge_png(files)
    engine = Recording()
    with pytest.raises(ReadError, match=r"13000×13000 pixels, over the limit of 50,000,000"):
        read_file(huge, "image/png", engine)
    assert engine.seen == []


def test_a_long_screenshot_is_read_in_slices_up_to_the_limit(files):
    long = hostile.make_long_png(files)
    engine = Recording()
    reading = read_file(long, "image/png", engine)
    assert len(engine.seen) == MAX_SLICES
    assert set(engine.seen) == {(1080, 1728)}
    [warning] = [w for w in reading.warnings if "only the top" in w]
    assert "of 60,000 px" in warning and f"{MAX_SLICES} slices" in warning


def test_a_long_png_is_decoded_only_as_far_as_it_is_read(files):
    long = hostile.make_long_png(files)
    with imaging.open_image(long) as opened:
        frame = opened.decode(rows=5000)
        assert frame.size == (1080, 5000)
        expect = Image.new("L", (1080, 300))
        expect.frombytes(b"".join(hostile._text_rows(1080, 300)))
        assert frame.crop((0, 300, 1080, 600)).tobytes() == expect.tobytes()


def test_tiff_frames_are_read_up_to_the_limit(files):
    tiff = hostile.make_many_frames_tiff(files)
    engine = Recording()
    reading = read_file(tiff, "image/tiff", engine)
    assert len(engine.seen) == imaging.MAX_FRAMES
    assert f"only the first {imaging.MAX_FRAMES} of 120 pages were read" in " ".join(reading.warnings)


def test_a_pdf_of_image_pages_is_ocrd_up_to_the_limit(files):
    pdf = hostile.make_many_pages_pdf(files)
    engine = Recording()
    reading = read_file(pdf, "application/pdf", engine)
    assert len(engine.seen) == MAX_OCR_PAGES
    assert f"pages {MAX_OCR_PAGES + 1}-2000 of the PDF are images and were not read" in \
        " ".join(reading.warnings)


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(tmp_path):
    path = tmp_path / "big.jpg"
    Image.new("L", (10000, 6000), 255).save(path, "JPEG")  # 60 MP: over the budget
    engine = Recording()
    reading = read_file(path, "image/jpeg", engine)
    assert engine.seen == [(2400, 1440)]  # 5000 x 3000 decoded, then scaled for OCR as before
    assert any("read at 1/2 scale" in w for w in reading.warnings)


def _png_with_late_chunks(tmp_path: Path) -> Path:
    """A small PNG whose text and eXIf chunks come after the image data."""
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "2024:03:15 14:23:07"
    data = hostile._png(64, 64, lambda y: b"\xff" * 64)
    late = (hostile._chunk(b"tEXt", b"Creation Time\x002024:03:16 09:00:00")
            + hostile._chunk(b"eXIf", exif.tobytes()))
    path = tmp_path / "late.png"
    path.write_bytes(data[:-12] + late + data[-12:])
    assert data[-8:-4] == b"IEND"
    return path


def test_capture_reads_metadata_without_decoding_pixels(tmp_path, monkeypatch):
    path = _png_with_late_chunks(tmp_path)

    def no_decoding(self):
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    claims = capture.from_image_metadata(path)
    assert {"source": "exif", "value": "2024-03-15T14:23:07", "tag": "DateTimeOriginal"} in claims
    assert {"source": "png-text", "value": "2024-03-16T09:00:00", "tag": "Creation Time"} in claims
    huge = hostile.make_huge_png(tmp_path)
    assert capture.claim(huge, "image/png").source == "mtime"


def test_damaged_exif_is_an_item_warning_not_terminal_noise(tmp_path):
    exif = Image.Exif()
    exif[306] = "2024:03:15 14:23:07"
    exif[0x010F] = "Maker" * 20
    path = tmp_path / "bad-exif.jpg"
    Image.new("RGB", (50, 50), "white").save(path, "JPEG", exif=exif.tobytes()[:40])
    [item] = add_json(tmp_path / "v", str(path), "--engine", "none")
    assert item["status"] == "added"
    assert any(w.startswith("damaged EXIF/metadata:") for w in item["warnings"])


def test_export_draws_a_long_image_up_to_its_page_limit_and_describes_a_huge_one(files, tmp_path):
    from types import SimpleNamespace

    from evidence_vault.dossier.export import MAX_IMAGE_PAGES, _image_pages

    ex = SimpleNamespace(number=1, mime="image/png")
    assert len(_image_pages(ex, hostile.make_long_png(files), tmp_path)) == MAX_IMAGE_PAGES
    assert _image_pages(ex, hostile.make_huge_png(files), tmp_path) == []
