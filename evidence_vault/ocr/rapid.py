"""RapidOCR: the default engine (PP-OCR detection + recognition on onnxruntime).

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
"""

from __future__ import annotations

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

#: the longest side rapidocr may see before it shrinks the image; its own
#: default (2000) would shrink a 1440-wide slice of a long screenshot
MAX_SIDE = 2600
#: text detection runs on a copy whose longest side is at most this; the
#: recogniser still reads each line from the full-size image. Measured on the
#: drawn screenshots and the 67 real receipts with an amount: the same results
#: as detecting at full size (58/58 phrases, 67/67 totals), in about half the
#: time and half the peak memory (826 MB against 1,768 MB).
DETECT_SIDE = 1280

_models: dict[int | None, Any] = {}
_lock = threading.Lock()


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


def _dist(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def _load(threads: int | None) -> Any:
    with _lock:
        if threads in _models:
            return _models[threads]
        from rapidocr import RapidOCR

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
        if threads is not None:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
            import cv2  # rapidocr's own dependency; its resizes are threaded too

            cv2.setNumThreads(threads)
        model = RapidOCR(params=params)
        _models[threads] = model
        return model


class RapidOcrEngine(OcrEngine):
    """PP-OCR through rapidocr + onnxruntime, models from the wheel."""

    name = "rapidocr"

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads

    def available(self) -> str | None:
        try:
            import onnxruntime  # noqa: F401
        except ImportError:
            return f"onnxruntime is not installed: {INSTALL_HINT}"
        files = _model_files()
        return files if isinstance(files, str) else None

    def version(self) -> str:
        files = _model_files()
        models = (
            "+".join(files[t].stem for t in ("det", "rec", "cls"))
            if isinstance(files, dict) else "models missing"
        )
        return f"rapidocr {_dist('rapidocr')} / onnxruntime {_dist('onnxruntime')} / {models}"

    def read_image(self, image: Image.Image) -> list[OcrLine]:
        return self._read(image, chars=False)

    def read_chars(self, image: Image.Image) -> list[OcrLine]:
        """With rapidocr's own character boxes (return_word_box with
        return_single_char_box): placed from where the recogniser's CTC decoder saw
        each character in the line, so a digit's box is its own, not a share of the
        line's width."""
        return self._read(image, chars=True)

    def _read(self, image: Image.Image, chars: bool) -> list[OcrLine]:
        import numpy as np

        model = _load(self.threads)
        rgb = np.asarray(flatten_alpha(image))
        # rapidocr keeps these two settings on the shared model once given: always say both
        result = model(np.ascontiguousarray(rgb[:, :, ::-1]),  # RGB -> BGR
                       return_word_box=chars, return_single_char_box=chars)
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
