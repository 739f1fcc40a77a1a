"""The repository layer (evidence_vault.records) alone holds the SQL on the vault's
tables: no other module names items, readings, fields, notes, promises, cases, their
link tables, descriptions or exhibits in a SQL string. Read with ast, so a query
written anywhere else (a new command, the dossier, search) fails here by name."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import evidence_vault

PACKAGE = Path(evidence_vault.__file__).parent
TABLES = ("items", "readings", "fields", "notes", "promises", "cases", "case_items",
          "case_notes", "note_attachments", "descriptions", "exhibits")
# a table named after a SQL keyword that reads or writes rows
SQL = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(" + "|".join(TABLES) + r")\b",
                 re.IGNORECASE)
OWNERS = {"records"}          # the repository itself
SCHEMA = {"db.py"}            # migrations and the schema's own checks


def offending(path: Path) -> list[str]:
    return [f"{path.relative_to(PACKAGE)}:{hit}" for hit in sql_in(path.read_text("utf-8"))]


def sql_in(source: str) -> list[str]:
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            m = SQL.search(node.value)
            if m and ("SELECT" in node.value.upper() or "INSERT" in node.value.upper()
                      or "UPDATE" in node.value.upper() or "DELETE" in node.value.upper()):
                found.append(f"{node.lineno}: {m.group(0)}")
    return found


def test_only_the_repository_writes_sql_on_the_vaults_tables():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in OWNERS or rel.name in SCHEMA:
            continue
        found += offending(path)
    assert not found, "SQL on the vault's tables outside evidence_vault/records:\n" + \
        "\n".join(found)


def test_the_check_sees_a_query():
    source = ('q = "SELECT id FROM items WHERE sha256 = ?"\n'
              'r = f"INSERT INTO case_notes (case_id) VALUES ({1})"\n'
              'ok = "the items of a case, from notes"\n')
    assert sql_in(source) == ["1: FROM items", "2: INTO case_notes"]


def test_records_read_rows_by_column_name():
    """No record is built from a row by position in the repository (rows.py's
    single-column helpers aside: `column` and `scalar` read the one column asked for)."""
    positional = re.compile(r"\brow\[\d+\]|\br\[\d+\]")
    hits = [f"{p.name}:{i}" for p in (PACKAGE / "records").glob("*.py") if p.name != "rows.py"
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if positional.search(line)]
    assert not hits, hits
