"""manifest.json and SHA256SUMS: what a bundle holds, for people and for
`vault verify-export` (which reads them back as untrusted input, in export.py).

manifest.json lists every file with its SHA-256 and size, the exhibits with
their capture and ingest times, and the custody log's head, in the shape of
schema/json/manifest.schema.json (the tests check every kind of bundle against
it: tests/test_dossier_export.py). SHA256SUMS lists every file but itself, for
`sha256sum -c SHA256SUMS`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evidence_vault.dossier.model import Dossier
from evidence_vault.dossier.wording import words
from evidence_vault.identity import sha256_file

FORMAT = "evidence-vault-dossier/1"


def build_manifest(d: Dossier, bundle: Path, slug: str, seq: int, head: str, pages: int,
                   redacted: bool, redactions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The manifest; with `redactions` (--redact), each copy in redacted/ with what it was
    made from, how each page was read and what was hidden."""
    w = words(d.lang)
    files = []
    for p in sorted(bundle.rglob("*")):
        if p.is_file() and p.name not in ("manifest.json", "SHA256SUMS"):
            files.append({"path": p.relative_to(bundle).as_posix(), "sha256": sha256_file(p),
                          "size": p.stat().st_size})
    manifest = {
        "format": FORMAT,
        "case": {"slug": slug, "title": d.title},
        "lang": d.lang,
        "made_at": d.made_at,
        "vault_id": d.vault_id,
        "custody_head": {"seq": seq, "hash": head},
        "pages": pages,
        "redacted": redacted,
        "exhibits": [{"number": e.number, "label": w("exhibit", n=e.number), "ref": e.ref,
                      "name": e.name, "kind": e.kind,
                      "file": e.original, "sha256": e.sha256, "size": e.size, "mime": e.mime,
                      "added_at": e.added_at, "captured_at": e.captured_at,
                      "captured_at_source": e.captured_at_source, "group": e.group,
                      "purpose": e.purpose} for e in d.exhibits],
        "files": files,
    }
    if redactions is not None:
        manifest["redactions"] = redactions
    return manifest


def write_sums(bundle: Path) -> None:
    lines = []
    for p in sorted(bundle.rglob("*")):
        if p.is_file() and p.name != "SHA256SUMS":
            lines.append(f"{sha256_file(p)}  {p.relative_to(bundle).as_posix()}\n")
    (bundle / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")
