"""The run: clean the folder, draw every sample of the catalogue (or only the keys named), then the
degraded copies of those drawn, then the PDFs, and print a summary.
"""

from __future__ import annotations

import json
from pathlib import Path

from .catalogue import catalogue
from .catalogue.copies import COPIES
from .catalogue.paper import render_pdfs
from .render import clean, render, render_copy

HERE = Path(__file__).resolve().parent.parent  # samples/


def main(argv: list[str]) -> int:
    folder = HERE
    only = set(argv)
    clean(folder)
    registry: dict = {}
    for spec in catalogue():
        if only and spec.key not in only:
            continue
        render(spec, folder, registry)
    for c in COPIES():
        if only and c.key not in only and c.src not in only:
            continue
        render_copy(c, folder, registry)
    if not only:
        render_pdfs(folder)
    summary(folder)
    return 0


def summary(folder: Path) -> None:
    """Print what is in the folder: counts per layout, language and degradation, and size."""
    from collections import Counter

    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    print(f"{len(truths)} samples, {size / 1e6:.1f} MB in {folder}")
    for title, key in (("layout", lambda t: t["layout"]), ("lang", lambda t: t["lang"]),
                       ("degraded", lambda t: "degraded" if t["degraded"] else "original")):
        counts = Counter(key(t) for t in truths)
        print(f"  {title}: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
