"""Rows read by column name into typed records.

Every query of the repository goes through `one` or `all_of`: the cursor hands
out sqlite3.Row objects, and the record is built from the columns it names, so
a column added to a table or reordered in a SELECT cannot shift a value into
the wrong field (the old code read `r[11]`, `existing[6]`).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def _cursor(conn: sqlite3.Connection) -> sqlite3.Cursor:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur


def _build(cls: type[T], row: sqlite3.Row) -> T:
    return cls(**dict(zip(row.keys(), row, strict=True)))


def one(conn: sqlite3.Connection, cls: type[T], sql: str, params: Iterable[Any] = ()) -> T | None:
    """The first row of `sql` as a `cls` (its columns named as the record's fields)."""
    row = _cursor(conn).execute(sql, tuple(params)).fetchone()
    return None if row is None else _build(cls, row)


def all_of(conn: sqlite3.Connection, cls: type[T], sql: str, params: Iterable[Any] = ()) -> list[T]:
    return [_build(cls, r) for r in _cursor(conn).execute(sql, tuple(params))]


def named(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
    """Rows whose columns are read by name (for pairs and maps that need no record)."""
    return _cursor(conn).execute(sql, tuple(params)).fetchall()


def column(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> list[Any]:
    """The first column of every row (ids, slugs, hashes)."""
    return [r[0] for r in conn.execute(sql, tuple(params))]


def scalar(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> Any:
    """The first column of the first row, or None."""
    row = conn.execute(sql, tuple(params)).fetchone()
    return None if row is None else row[0]


def new_id(cur: sqlite3.Cursor) -> int:
    """The rowid of the row an INSERT just made."""
    assert cur.lastrowid is not None  # sqlite3 sets it after every INSERT into a rowid table
    return cur.lastrowid


def columns_of(cls: type) -> str:
    """`a, b, c`: the SELECT list of a record's fields, in its order."""
    return ", ".join(f.name for f in dataclasses.fields(cls))
