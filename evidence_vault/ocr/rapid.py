"""RapidOCR: the default engine (PP-OCR detection + recognition on OpenVINO or onnxruntime).

Why this engine: PaddleOCR's PP-OCR models read Chinese (simplified and
traditional, with digits and Latin mixed in) far better than tesseract: on the
67 real receipts and tickets with a known total in shared/realdata it found
the total on 67, tesseract on 54. It runs on one CPU core in about a second
per screenshot, and the `rapidocr` wheel ships the ONNX models inside itself,
so nothing is fetched at run time.

That last point is enforced here, not trusted: rapidocr downloads a model when
it is given no model path and the file it expects is missing. We always pass
explicit paths to the model files inside the installed package and refuse to
run (available() says why) when they are not there, so an offline machine
never tries the network and a broken install is reported instead of
"repaired" from the internet.

The model is loaded once per process and per thread count (lazily, on the
first read), because loading costs ~1 s. A process that has read a 1080 x
2400 screenshot peaks at ~400 MB, ~880 MB after large receipt scans.
`threads` sets onnxruntime's intra-op threads (and OpenCV's): 1 when the
caller runs one engine per CPU core in worker processes, None to let
onnxruntime use every core.

Images are handed over as numpy arrays (BGR, as rapidocr's OpenCV pipeline
expects) so no temporary files are written.

Backends. The same ONNX model files run on either of two inference runtimes:
OpenVINO (`openvino`, read the ONNX files directly) or onnxruntime. OpenVINO is
the default wherever `import openvino` works, because it is the faster one on
the machines measured (benchmarks/ocr_backend.py: 1.5-1.7x per screenshot on
one thread, the same fields found); onnxruntime otherwise. The environment
variable EVIDENCE_VAULT_OCR_BACKEND=onnxruntime|openvino forces one (benchmarks,
tests, or a user who wants the other). The OpenVINO path is given the same
explicit model paths, and the recogniser's character list is read from the
ONNX file's metadata, so it fetches nothing either.

The direction classifier (which turns a line read upside down) costs 4-14 % of a
screenshot's time and is needed only for text upside down, which a screenshot never
has: each image is read without it first, and read again with it only when the
lines' mean confidence is under UPRIGHT_CONFIDENCE (upright screenshots 0.99,
the same screenshots turned over 0.66-0.72), keeping the reading with the greater
summed confidence. A scan or photo upside down costs two reads; the rest one.

The engine version (stored with every reading, and the reading cache's key)
names the backend, its version and the number type it computes in on this CPU
(OpenVINO uses bfloat16 where the CPU has it natively, float32 elsewhere), and each
model file's SHA-256: a reading by one backend, or by OpenVINO in another precision,
is never reused as the other's, and a reading can be reproduced.
OpenVINO costs memory for its speed: a one-thread process that read 20 screenshots
peaked at ~880 MB against ~630 MB on onnxruntime (benchmarks/ingest.py).

rapidocr is imported without its catalogue of downloadable models: at import it loads
`default_models.yaml` (85 KB, every model's download address and checksum) into OmegaConf,
~0.4 s of every process that reads (measured: rapidocr's import and set-up 0.52-0.68 s
with it, 0.19-0.20 s without), used only to download a model when none is given. We always
give the bundled files, so the catalogue is replaced by an empty one while rapidocr imports:
a download address can then not even be looked up (it fails instead of fetching).

OpenVINO's telemetry is kept off. `import openvino` imports its model converter,
which, when the `openvino-telemetry` package (a dependency of the wheel) imports,
sends a Google Analytics event on every import unless the user has opted out, and
writes a client id and a usage count under ~/intel. A tool that keeps a person's
dispute evidence must not report its use to anyone, so this module makes
`openvino_telemetry` unimportable in its process before OpenVINO is imported
(`sys.modules[name] = None`); OpenVINO then uses its own do-nothing stand-in.

OpenVINO compiles each model for this CPU when a process first uses it (~0.5 s of
a worker's first screenshot). The compiled models are kept in the user's cache
folder (`<user cache>/evidence-vault/openvino`, ~30 MB; OpenVINO names each by a
hash of the model, the settings, the device and its own version, and compiles
anew when any differs), so later processes load them instead. The cache holds no
evidence, only what the installed model files already hold.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import threading
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence_vault.models import OcrLine
from evidence_vault.ocr.engine import OcrEngine
from evidence_vault.ocr.layout import reading_order
from evidence_vault.ocr.prepare import flatten_alpha

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

INSTALL_HINT = "pip install rapidocr onnxruntime"

#: the inference runtimes rapidocr can run the bundled ONNX models on, fastest first
BACKENDS = ("openvino", "onnxruntime")
#: set to one of BACKENDS to force it (otherwise: the first that imports)
BACKEND_ENV = "EVIDENCE_VAULT_OCR_BACKEND"

#: the longest side rapidocr may see before it shrinks the image; its own
#: default (2000) would shrink a 1440-wide slice of a long screenshot
MAX_SIDE = 2600
#: text detection runs on a copy whose longest side is at most this; the
#: recogniser still reads each line from the full-size image. Measured on the
#: drawn screenshots and the 67 real receipts with an amount: the same results
#: as detecting at full size (58/58 phrases, 67/67 totals), in about half the
#: time and half the peak memory (826 MB against 1,768 MB).
DETECT_SIDE = 1280

#: a reading made without the direction classifier whose lines' mean confidence is
#: below this is read again with it. Measured on 6 full-size screenshots: upright, mean
#: 0.993-0.996 either way; turned 180 degrees, 0.66-0.72 without the classifier and
#: 0.96-0.997 with it.
UPRIGHT_CONFIDENCE = 0.9
#: named in the engine version: how the direction classifier is used
CLS_POLICY = "cls when unsure"

_models: dict[tuple[str, int | None], Any] = {}
_lock = threading.Lock()

#: OpenVINO's usage reporting (module notes): never imported in a process that reads
TELEMETRY_MODULE = "openvino_telemetry"
sys.modules.setdefault(TELEMETRY_MODULE, None)  # type: ignore[arg-type]


def _model_files() -> dict[str, Path] | str:
    """The det/rec/cls model files bundled in the rapidocr wheel, or the reason
    they cannot be used."""
    try:
        import rapidocr
    except ImportError:
        return f"rapidocr is not installed: {INSTALL_HINT}"
    folder = Path(rapidocr.__file__).resolve().parent / "models"
    found: dict[str, Path] = {}
    for task in ("det", "rec", "cls"):
        candidates = sorted(folder.glob(f"*_{task}_*.onnx"))
        if len(candidates) != 1:
            return (f"rapidocr's bundled {task} model is missing or ambiguous in {folder}; "
                    f"reinstall it: pip install --force-reinstall rapidocr")
        found[task] = candidates[0]
    return found


@functools.cache
def importable(module: str) -> bool:
    """Does `import module` work here? (Imported for real, once per process: a wheel
    that is installed but cannot load is not a backend.)"""
    try:
        __import__(module)
    except Exception:  # noqa: BLE001 - ImportError, or a native library that fails to load
        return False
    return True


def choose_backend() -> str:
    """The backend to run: the one EVIDENCE_VAULT_OCR_BACKEND names, else the first of
    BACKENDS that imports (onnxruntime when none does: available() then says why).
    An unknown name in the variable is returned as is; available() reports it."""
    forced = os.environ.get(BACKEND_ENV, "").strip().lower()
    if forced:
        return forced
    return next((b for b in BACKENDS if importable(b)), "onnxruntime")


@functools.cache
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_digest(path: Path) -> str:
    """The SHA-256 of a model file (hashed once per process while the file is unchanged)."""
    st = path.stat()
    return _sha256(path, st.st_size, st.st_mtime_ns)


@functools.cache
def inference_precision(backend: str) -> str | None:
    """The number type the backend computes in on this CPU, where it is not always the
    models' own float32: OpenVINO computes in bfloat16 on CPUs that have it natively
    (AVX512_BF16 or AMX) and in float32 elsewhere, so the same model reads the same
    screenshot a little differently on two machines; the engine version says which
    (`openvino 2026.4.1 bf16`). None for onnxruntime (float32 everywhere)."""
    if backend != "openvino" or not importable("openvino"):
        return None
    try:
        import openvino

        return str(openvino.Core().get_property("CPU", "INFERENCE_PRECISION_HINT").to_string())
    except Exception:  # noqa: BLE001 - a CPU plugin that cannot say: leave it out
        return None


def _dist(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


#: rapidocr's catalogue of models to download, never loaded (module notes)
DOWNLOAD_CATALOGUE = "default_models.yaml"


def _import_without_download_catalogue() -> None:
    """Import rapidocr's inference sessions with an empty catalogue of downloadable models
    (module notes). Called under _lock; nothing when they are imported already."""
    if "rapidocr.inference_engine.base" in sys.modules:
        return
    from omegaconf import OmegaConf

    real = OmegaConf.load

    def load(file_: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(str(file_)).name == DOWNLOAD_CATALOGUE:
            return OmegaConf.create({})
        return real(file_, *args, **kwargs)

    OmegaConf.load = load  # type: ignore[method-assign]
    try:
        import rapidocr.inference_engine.base  # noqa: F401 - imported for its side effect
    finally:
        OmegaConf.load = real  # type: ignore[method-assign]


def _load(backend: str, threads: int | None) -> Any:
    with _lock:
        if (backend, threads) in _models:
            return _models[backend, threads]
        _import_without_download_catalogue()
        from rapidocr import EngineType, RapidOCR

        files = _model_files()
        if isinstance(files, str):
            raise RuntimeError(files)
        params: dict[str, Any] = {
            "Global.log_level": "error",
            "Global.max_side_len": MAX_SIDE,
            "Det.limit_type": "max",
            "Det.limit_side_len": DETECT_SIDE,
            "Det.model_path": str(files["det"]),
            "Rec.model_path": str(files["rec"]),
            "Cls.model_path": str(files["cls"]),
        }
        kind = EngineType.OPENVINO if backend == "openvino" else EngineType.ONNXRUNTIME
        for section in ("Det", "Rec", "Cls"):
            params[f"{section}.engine_type"] = kind
        if backend == "openvino":
            _cache_compiled_models()
        if threads is not None:
            if backend == "openvino":
                params["EngineConfig.openvino.inference_num_threads"] = threads
                # one engine per core in several worker processes: OpenVINO's pinning of
                # its threads to cores makes them contend (two processes reading side by
                # side on 2 cores: 1.30-1.50 s per image pinned, 1.13-1.20 s not)
                params["EngineConfig.openvino.enable_cpu_pinning"] = False
            else:
                params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
                params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
            import cv2  # rapidocr's own dependency; its resizes are threaded too

            cv2.setNumThreads(threads)
        model = RapidOCR(params=params)
        _models[backend, threads] = model
        return model


def compiled_model_cache() -> Path | None:
    """The folder OpenVINO keeps the models it compiled for this CPU in, or None when
    no cache folder can be written (then each process compiles them again)."""
    from evidence_vault.resources import user_cache_dir

    folder = user_cache_dir("openvino")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def _cache_compiled_models() -> None:
    """Make rapidocr's OpenVINO sessions keep their compiled models in
    compiled_model_cache(). rapidocr makes its own `openvino.Core` for each model and
    offers no setting for the cache, so the Core it makes is replaced by one that sets
    OpenVINO's CACHE_DIR; when rapidocr's module no longer has a `Core`, nothing is
    changed and only the cache is lost (tests/test_ocr_backend.py checks that it
    fills)."""
    folder = compiled_model_cache()
    if folder is None:
        return
    try:
        from rapidocr.inference_engine.openvino import main as session_module
    except ImportError:
        return
    base = getattr(session_module, "Core", None)
    if not isinstance(base, type) or getattr(base, "cache_dir", None) == str(folder):
        return

    class CachingCore(base):  # type: ignore[misc, valid-type]
        cache_dir = str(folder)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.set_property({"CACHE_DIR": self.cache_dir})

    session_module.Core = CachingCore


class RapidOcrEngine(OcrEngine):
    """PP-OCR through rapidocr on OpenVINO or onnxruntime, models from the wheel."""

    name = "rapidocr"

    def __init__(self, threads: int | None = None, backend: str | None = None) -> None:
        self.threads = threads
        #: chosen once, when the engine is made: version() and the reads agree
        self.backend = backend or choose_backend()

    def available(self) -> str | None:
        if self.backend not in BACKENDS:
            return (f"{BACKEND_ENV}={self.backend!r} is not an OCR backend; "
                    f"choose one of: {', '.join(BACKENDS)}")
        if not importable(self.backend):
            hint = "pip install openvino" if self.backend == "openvino" else INSTALL_HINT
            return f"{self.backend} is not installed (or does not load): {hint}"
        files = _model_files()
        return files if isinstance(files, str) else None

    def version(self) -> str:
        """`rapidocr 3.10.0 / openvino 2026.4.1 bf16 / cls when unsure /
        PP-OCRv6_det_small sha256:<64 hex> + ...`: the backend, its version and precision,
        how the direction classifier is used, and each model file by name and full SHA-256."""
        files = _model_files()
        models = (
            " + ".join(f"{files[t].stem} sha256:{model_digest(files[t])}"
                       for t in ("det", "rec", "cls"))
            if isinstance(files, dict) else "models missing"
        )
        backend = f"{self.backend} {_dist(self.backend)}"
        precision = inference_precision(self.backend)
        if precision:
            backend += f" {precision}"
        return f"rapidocr {_dist('rapidocr')} / {backend} / {CLS_POLICY} / {models}"

    def read_image(self, image: Image.Image) -> list[OcrLine]:
        return self._read(image, chars=False)

    def warm(self) -> None:
        """Import the runtime, load (or compile) the models and read three drawn lines of
        digits and Latin letters, which sets up both models' kernels: ~1.5 s of a
        worker's first screenshot (measured: 2.5 s unwarmed, 0.95 s after this), done
        while the batch is still being stored."""
        self._read(_warm_up_image(), chars=False)

    def read_chars(self, image: Image.Image) -> list[OcrLine]:
        """With rapidocr's own character boxes (return_word_box with
        return_single_char_box): placed from where the recogniser's CTC decoder saw
        each character in the line, so a digit's box is its own, not a share of the
        line's width."""
        return self._read(image, chars=True)

    def _read(self, image: Image.Image, chars: bool) -> list[OcrLine]:
        import numpy as np

        model = _load(self.backend, self.threads)
        rgb = np.asarray(flatten_alpha(image))
        bgr = np.ascontiguousarray(rgb[:, :, ::-1])
        # rapidocr keeps these settings on the shared model once given: always say all three.
        # First without the direction classifier (upright text: a screenshot, a photo turned
        # upright by its EXIF); text upside down reads with low confidence, and then the
        # image is read again with it and the better reading kept (module notes).
        result = model(bgr, use_cls=False, return_word_box=chars, return_single_char_box=chars)
        if _confidence(result) < UPRIGHT_CONFIDENCE:
            again = model(bgr, use_cls=True, return_word_box=chars, return_single_char_box=chars)
            if sum(_scores(again)) > sum(_scores(result)):
                result = again
        if result.boxes is None or result.txts is None:
            return []
        words = result.word_results if chars else None
        if words is not None and len(words) != len(result.txts):
            words = None  # a line without character boxes shifts the rest: trust none
        lines = []
        for i, (quad, raw, score) in enumerate(zip(result.boxes, result.txts, result.scores,
                                                   strict=True)):
            text = raw.strip()
            if not text:
                continue
            xs = [float(p[0]) for p in quad]
            ys = [float(p[1]) for p in quad]
            lines.append(OcrLine(text=text, box=(min(xs), min(ys), max(xs), max(ys)),
                                 confidence=float(score),
                                 chars=_char_boxes(text, words[i]) if words is not None else None))
        return reading_order(lines)


@functools.cache
def _warm_up_image() -> Image.Image:
    """A small image with three lines of text, so that detection finds lines and the
    recogniser runs too (a blank image would warm detection only)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (480, 200), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=28)
    for i, text in enumerate(("Order 2024-03-18 10:14", "Total 1,280.00 CNY", "Tel 400-820-8820")):
        draw.text((20, 20 + 48 * i), text, fill="black", font=font)
    return image


def _scores(result: Any) -> list[float]:
    """The confidences of a rapidocr result's lines (none for an empty result)."""
    scores = getattr(result, "scores", None)
    return [] if scores is None else [float(x) for x in scores]


def _confidence(result: Any) -> float:
    """The mean confidence of a rapidocr result's lines (0 when it found none)."""
    scores = _scores(result)
    return sum(scores) / len(scores) if scores else 0.0


def _char_boxes(text: str, words: Any) -> tuple[tuple[float, float, float, float] | None, ...] | None:
    """A box per character of `text` from rapidocr's per-character results (one per
    character that is not a space, in order), or None when they do not line up."""
    boxes: list[tuple[float, float, float, float] | None] = []
    pending = list(words)
    for ch in text:
        if ch.isspace():
            boxes.append(None)
            continue
        if not pending:
            return None
        got, _score, quad = pending.pop(0)
        if got != ch or quad is None:
            return None
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return tuple(boxes) if not pending else None
