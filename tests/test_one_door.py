"""Every change to the vault goes through one door, integrity.change: the write
transaction, the state digests of what it vouches for, the custody entry and
HEAD happen in one function (STYLE: "one door for every change"). Read from the
source with ast, so a module that opens its own write transaction, appends to the
log or moves HEAD by hand fails here before it can change something unvouched."""

from __future__ import annotations

import ast
from pathlib import Path

import evidence_vault

PACKAGE = Path(evidence_vault.__file__).parent

#: the only modules that may call these, and why
ALLOWED = {
    "write": {"db.py", "integrity.py"},                 # the transaction itself; the door
    "append": {"custody.py", "integrity.py"},           # the log itself; the door
    "write_head_file": {"custody.py", "vault.py"},      # HEAD itself; Vault._sync_head
    "_sync_head": {"vault.py", "integrity.py"},         # defined in Vault, called by the door
}
OWNERS = {"write": ("dbmod", "db"), "append": ("custody",), "write_head_file": ("custody",)}


def calls(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name, owner = node.func.attr, node.func.value
        by_owner = name in OWNERS and isinstance(owner, ast.Name) and owner.id in OWNERS[name]
        if name == "_sync_head" or by_owner:
            found.append((name, node.lineno))
    return found


def test_every_change_goes_through_the_one_door():
    stray = [f"{path.relative_to(PACKAGE)}:{line} calls {name}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for name, line in calls(path) if path.name not in ALLOWED[name]]
    assert not stray, "\n".join(stray)


def test_the_check_sees_a_hand_written_change(tmp_path):
    """The check itself bites: a module writing the log by hand is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("from evidence_vault import custody\n"
                   "from evidence_vault import db as dbmod\n"
                   "def f(v):\n"
                   "    with dbmod.write(v.db):\n"
                   "        custody.append(v.db, 'x', None, {})\n"
                   "    v._sync_head()\n", encoding="utf-8")
    assert sorted(n for n, _ in calls(bad)) == ["_sync_head", "append", "write"]
