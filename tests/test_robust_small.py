"""Small inputs that used to end in a traceback: each gets one line and no harm."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from evidence_vault.errors import NotAVaultError
from evidence_vault.vault import Vault


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_another_programs_sqlite_file_is_not_made_a_vault(run, tmp_path, journal):
    folder = tmp_path / "app"
    folder.mkdir(mode=0o755)
    db = folder / "vault.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '13800138000')")
    conn.commit()
    conn.close()
    before, listing = sha(db), sorted(p.name for p in folder.iterdir())
    result = run("--vault", str(folder), "list", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {db} is a SQLite database but not an evidence vault; nothing was changed "
        "(give --vault a folder of its own)"]
    assert sha(db) == before
    assert sorted(p.name for p in folder.iterdir()) == listing
    assert folder.stat().st_mode & 0o777 == 0o755
    with pytest.raises(NotAVaultError):
        Vault.open(folder)


def test_a_vault_whose_first_migration_was_interrupted_is_still_a_vault(tmp_path):
    """sqlite-utils commits its (empty) bookkeeping table before the first
    migration: a vault killed there is a new vault, not a foreign database."""
    folder = tmp_path / "v"
    folder.mkdir()
    conn = sqlite3.connect(folder / "vault.db")
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, "
                 "name TEXT, applied_at TEXT)")
    conn.commit()
    conn.close()
    with Vault.open(folder) as v:
        assert v.vault_id and v.verify().ok
