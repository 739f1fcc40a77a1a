"""Where the files that ship with the package live.

schema/ sits at the top of the repository (the design card names it) and is
copied into the wheel as evidence_vault/schema. An editable checkout has no
such copy, so fall back to the repository's folder.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def schema_dir() -> Path:
    for candidate in (_PACKAGE / "schema", _PACKAGE.parent / "schema"):
        if (candidate / "migrations").is_dir():
            return candidate
    raise FileNotFoundError("evidence_vault's schema/ folder is missing from this installation")


def migrations() -> list[Path]:
    return sorted((schema_dir() / "migrations").glob("[0-9][0-9][0-9][0-9]_*.sql"))


def json_schema(name: str) -> Path:
    return schema_dir() / "json" / f"{name}.schema.json"


def user_cache_dir(name: str) -> Path:
    """`name` in the user's cache folder for evidence-vault (~/.cache/evidence-vault/<name>
    on Linux): what can be made again from the installed files, never evidence. Not created."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("evidence-vault", appauthor=False)) / name
