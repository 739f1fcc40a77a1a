"""rapidocr's two backends, OpenVINO and onnxruntime: the default is the first that imports,
EVIDENCE_VAULT_OCR_BACKEND forces one, both read the same fields from a real screenshot,
and their readings are never confused (the engine version, the reading cache's key, names
the backend and each model file's SHA-256).

The readings run the real models, offline: a download attempt fails the test.
"""

from __future__ import annotations

import hashlib
import socket
from importlib import metadata
from pathlib import Path

import pytest
from PIL import Image

from evidence_vault import filetypes
from evidence_vault.ocr import rapid
from evidence_vault.pipeline import extract_fields
from evidence_vault.readers import read_file
from evidence_vault.vault import Vault

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "IMG_4238.PNG"


def engine_on(backend: str) -> rapid.RapidOcrEngine:
    eng = rapid.RapidOcrEngine(threads=1, backend=backend)
    reason = eng.available()
    if reason:
        pytest.skip(reason)
    with pytest.MonkeyPatch.context() as mp:  # load the models with the network unusable
        def refuse(*args, **kwargs):
            raise AssertionError("rapidocr tried to reach the network")

        mp.setattr(socket.socket, "connect", refuse)
        from rapidocr.utils import download_file

        mp.setattr(download_file.DownloadFile, "run", classmethod(refuse))
        rapid._models.pop((backend, 1), None)
        eng.read_image(Image.new("RGB", (200, 80), "white"))
    return eng


@pytest.fixture(scope="module")
def onnx():
    return engine_on("onnxruntime")


@pytest.fixture(scope="module")
def openvino():
    return engine_on("openvino")


def test_the_default_backend_is_the_first_that_imports(monkeypatch):
    monkeypatch.delenv(rapid.BACKEND_ENV, raising=False)
    expected = "openvino" if rapid.importable("openvino") else "onnxruntime"
    assert rapid.choose_backend() == expected
    assert rapid.RapidOcrEngine().backend == expected


@pytest.mark.parametrize("backend", rapid.BACKENDS)
def test_the_environment_forces_a_backend(monkeypatch, backend):
    monkeypatch.setenv(rapid.BACKEND_ENV, backend)
    assert rapid.RapidOcrEngine(threads=1).backend == backend


def test_an_unknown_backend_is_reported_not_run(monkeypatch):
    monkeypatch.setenv(rapid.BACKEND_ENV, "cuda")
    reason = rapid.RapidOcrEngine().available()
    assert reason is not None and "EVIDENCE_VAULT_OCR_BACKEND='cuda'" in reason
    assert "onnxruntime" in reason and "openvino" in reason


def test_versions_name_the_backend_and_every_model_file():
    files = rapid._model_files()
    assert isinstance(files, dict)
    versions = {b: rapid.RapidOcrEngine(backend=b).version() for b in rapid.BACKENDS}
    assert versions["openvino"] != versions["onnxruntime"]
    for backend, version in versions.items():
        assert f" / {backend} " in version
        other = next(b for b in rapid.BACKENDS if b != backend)
        assert other not in version
        for path in files.values():
            assert f"{path.stem} sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}" in version


def fields_of(engine: rapid.RapidOcrEngine) -> set[tuple[str, str]]:
    reading = read_file(SAMPLE, filetypes.sniff(SAMPLE), engine)
    assert reading.engine_version == engine.version()
    return {(f.kind, f.value) for f in extract_fields(reading.text, captured_at=None, app=None,
                                                       filename=SAMPLE.name, source="ocr")}


def test_both_backends_read_the_same_fields_from_a_real_screenshot(onnx, openvino):
    got = fields_of(onnx)
    # the screenshot's amounts and staff id, as its truth file lists them
    assert {("amount", "10000.00"), ("amount", "9200.00"), ("staff_id", "HX3306")} <= got
    assert fields_of(openvino) == got


def test_the_cache_never_gives_one_backends_reading_as_the_others(vault_dir, monkeypatch, run,
                                                                     onnx, openvino):
    v = Vault.open(vault_dir)
    try:
        monkeypatch.setenv(rapid.BACKEND_ENV, "onnxruntime")
        [added] = v.add([SAMPLE], engine="rapidocr", jobs=1)
        assert v.show(added.ref)["ocr"]["engine_version"] == onnx.version()
        monkeypatch.setenv(rapid.BACKEND_ENV, "openvino")
        [done] = v.reocr([added.ref], engine="rapidocr", jobs=1)
        assert not done["cached"] and done["engine_version"] == openvino.version()
        assert v.show(added.ref)["ocr"]["engine_version"] == openvino.version()
        # the same backend again: its own reading is reused
        [again] = v.reocr([added.ref], engine="rapidocr", jobs=1)
        assert again["cached"]
        # and back: the onnxruntime reading is the one reused, not openvino's
        monkeypatch.setenv(rapid.BACKEND_ENV, "onnxruntime")
        [back] = v.reocr([added.ref], engine="rapidocr", jobs=1)
        assert back["cached"] and back["engine_version"] == onnx.version()
        assert v.show(added.ref)["ocr"]["engine_version"] == onnx.version()
        assert v.verify(record=False).ok
    finally:
        v.close()
    # people see each model's hash cut to 12 digits; --json keeps the whole version
    digest = rapid.model_digest(rapid._model_files()["rec"])  # type: ignore[index]
    shown = run("show", added.ref).output
    assert "onnxruntime" in shown and f"sha256:{digest[:12]} " in shown and digest not in shown
    assert run.json("show", added.ref)["ocr"]["engine_version"] == onnx.version()
    listed = run("reading", "list", added.ref).output
    assert digest not in listed and "openvino" in listed


def test_the_openvino_version_names_the_precision_it_computes_in():
    """OpenVINO computes in bfloat16 on CPUs that have it and float32 elsewhere: the two
    read a screenshot a little differently, so the stored version must tell them apart."""
    if not rapid.importable("openvino"):
        pytest.skip("openvino is not installed here")
    import openvino

    short = openvino.Core().get_property("CPU", "INFERENCE_PRECISION_HINT").to_string()
    assert short in ("bf16", "f32", "f16")
    version = rapid.RapidOcrEngine(backend="openvino").version()
    assert f" / openvino {metadata.version('openvino')} {short} / " in version
    assert rapid.inference_precision("onnxruntime") is None
    assert " / onnxruntime " in rapid.RapidOcrEngine(backend="onnxruntime").version()


@pytest.mark.parametrize("backend", rapid.BACKENDS)
def test_text_upside_down_is_read_with_the_direction_classifier(backend):
    """Screenshots are read without the direction classifier; an image turned over reads
    with low confidence that way, so it is read again with it: the lines read from a
    screenshot upside down are those the classifier-always reading gave (as before)."""
    import numpy as np

    engine = rapid.RapidOcrEngine(threads=1, backend=backend)
    if engine.available():
        pytest.skip(engine.available())
    model = rapid._load(backend, 1)

    def raw(image: Image.Image, use_cls: bool) -> object:
        return model(np.ascontiguousarray(np.asarray(image)[:, :, ::-1]), use_cls=use_cls,
                     return_word_box=False, return_single_char_box=False)

    upright = Image.open(SAMPLE).convert("RGB")
    turned = upright.rotate(180)
    # the case the second read exists for (so this test can fail): without the classifier
    # the turned screenshot reads with low confidence, the upright one does not
    assert rapid._confidence(raw(turned, False)) < rapid.UPRIGHT_CONFIDENCE
    assert rapid._confidence(raw(upright, False)) >= rapid.UPRIGHT_CONFIDENCE
    always = sorted(t.strip() for t in raw(turned, True).txts if t.strip())
    assert sorted(line.text for line in engine.read_image(turned)) == always
    assert "ZL2024050800417" in "".join(always)


RUN_OPENVINO = r"""
import json, sys
from PIL import Image
from evidence_vault.ocr import rapid
engine = rapid.RapidOcrEngine(threads=1, backend="openvino")
lines = [line.text for line in engine.read_image(Image.open(sys.argv[1]).convert("RGB"))]
cache = rapid.compiled_model_cache()
print(json.dumps({"lines": lines, "telemetry": repr(sys.modules.get("openvino_telemetry")),
                  "cache": str(cache) if cache else None}))
"""


def _openvino_in(tmp_path: Path, name: str, **env: str) -> dict:
    """Read SAMPLE with OpenVINO in a fresh process whose home and cache folder are
    under tmp_path/name (what it leaves there is what it would leave in the user's)."""
    import json
    import os
    import subprocess
    import sys

    if not rapid.importable("openvino"):
        pytest.skip("openvino is not installed here")
    if sys.platform != "linux":
        pytest.skip("the cache folder is placed by XDG_CACHE_HOME on Linux only")
    home = tmp_path / name
    home.mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-c", RUN_OPENVINO, str(SAMPLE)],
                          env={**os.environ, "HOME": str(home),
                               "XDG_CACHE_HOME": str(home / ".cache"), **env},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_openvino_reports_nothing_to_anyone(tmp_path):
    """`import openvino` sends a Google Analytics event and writes a client id under
    ~/intel unless the user opted out (openvino-telemetry, a dependency of the wheel);
    reading with OpenVINO here leaves no trace of it and never imports it."""
    import importlib.util
    import os
    import subprocess
    import sys

    got = _openvino_in(tmp_path, "reader")
    assert got["telemetry"] == "None" and got["lines"]
    assert not (tmp_path / "reader" / "intel").exists()
    if importlib.util.find_spec("openvino_telemetry") is not None:
        # the case this guards against (so the test can fail): plain `import openvino`
        home = tmp_path / "plain"
        home.mkdir()
        subprocess.run([sys.executable, "-c", "import openvino"], check=True, timeout=300,
                       env={**os.environ, "HOME": str(home)}, capture_output=True)
        assert (home / "intel").exists()


def test_openvino_keeps_its_compiled_models_in_the_user_cache(tmp_path):
    """The models OpenVINO compiles for this CPU are kept in the user's cache folder, and
    a process that loads them from there reads exactly what one that compiled them did;
    without a writable cache folder it compiles them and reads the same."""
    first = _openvino_in(tmp_path, "one")
    folder = tmp_path / "one" / ".cache" / "evidence-vault" / "openvino"
    assert first["cache"] == str(folder)
    blobs = sorted(folder.glob("*.blob"))
    assert len(blobs) >= 2  # detection and recognition at least
    stamps = [b.stat().st_mtime_ns for b in blobs]
    again = _openvino_in(tmp_path, "one")  # the same home: loads from the cache
    assert again["lines"] == first["lines"]
    assert [b.stat().st_mtime_ns for b in sorted(folder.glob("*.blob"))] == stamps
    (tmp_path / "blocked").mkdir()
    (tmp_path / "blocked" / "cache-is-a-file").write_text("")
    blocked = _openvino_in(tmp_path, "none",
                           XDG_CACHE_HOME=str(tmp_path / "blocked" / "cache-is-a-file"))
    assert blocked["cache"] is None and blocked["lines"] == first["lines"]


CATALOGUE = r"""
import json, sys
from PIL import Image
from evidence_vault.ocr import rapid
engine = rapid.RapidOcrEngine(threads=1)
lines = [line.text for line in engine.read_image(Image.open(sys.argv[1]).convert("RGB"))]
from rapidocr.inference_engine.base import FileInfo, InferSession
from rapidocr.utils.typings import EngineType, LangDet, ModelType, OCRVersion, TaskType
try:
    InferSession.get_model_url(FileInfo(engine_type=EngineType.ONNXRUNTIME,
                                        ocr_version=OCRVersion.PPOCRV4, task_type=TaskType.DET,
                                        lang_type=LangDet.CH, model_type=ModelType.MOBILE))
    url = "looked up"
except Exception as e:
    url = type(e).__name__
print(json.dumps({"lines": lines, "catalogue": len(InferSession.model_info), "url": url}))
"""


def test_rapidocr_runs_without_its_catalogue_of_downloads():
    """rapidocr loads a catalogue of model download addresses at import (~0.4 s a process);
    it is left empty, the bundled models read as before, and no download address can be
    looked up any more."""
    import json
    import subprocess
    import sys

    if rapid.RapidOcrEngine(threads=1).available():
        pytest.skip(rapid.RapidOcrEngine(threads=1).available())
    done = subprocess.run([sys.executable, "-c", CATALOGUE, str(SAMPLE)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["catalogue"] == 0 and got["url"] != "looked up"
    assert "ZL2024050800417" in "".join(got["lines"])
    # and the catalogue does exist in the wheel (so this test can fail)
    import rapidocr

    assert (Path(rapidocr.__file__).parent / rapid.DOWNLOAD_CATALOGUE).stat().st_size > 10_000
