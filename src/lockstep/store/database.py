"""The DuckDB store: opening, migrating, batch writes, and the queries the CLI needs.

Why one DuckDB file: an analyst can copy it, open it in any DuckDB client, and every
analysis is SQL over it. Writes happen one transaction per batch, so an interrupted
ingest keeps every committed batch and loses only the one in flight; ids are content
derived, so the re-run skips what is already there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from lockstep.errors import InputError
from lockstep.store.schema import MIGRATIONS

DEFAULT_DB = "lockstep.duckdb"
#: DuckDB's buffer cap. Its default (80% of RAM) lets a long ingest grow the writer without
#: need; beyond the cap DuckDB spills to disk. Override with $LOCKSTEP_MEMORY (e.g. "4GB").
MEMORY_LIMIT = "400MB"

#: Tables that hold ingested rows tagged with run_id and source_file; used to undo a file
#: that failed half-way.
_RUN_TABLES = (
    "documents", "posts", "gdelt_mentions", "events", "votes", "signatures", "roll_calls", "statements", "targets",
    "rejections",
)  # fmt: skip


def default_path() -> Path:
    return Path(os.environ.get("LOCKSTEP_DB") or DEFAULT_DB)


class Store:
    """An open lockstep store. Use as a context manager so the file is always closed."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise InputError(
                str(self.path), None, "no store here (run `lockstep ingest` or `lockstep demo` first)"
            )
        self.con = self._connect(read_only)
        if not read_only:
            self.migrate()
        elif self.pending_migrations():
            # an older store opened by a reading command: upgrade it once, then read
            self.con.close()
            self.con = self._connect(False)
            self.migrate()
            self.con.close()
            self.con = self._connect(True)

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        limit = os.environ.get("LOCKSTEP_MEMORY", MEMORY_LIMIT)
        try:
            return duckdb.connect(str(self.path), read_only=read_only, config={"memory_limit": limit})
        except duckdb.Error as err:
            raise InputError(str(self.path), None, f"cannot open store: {err}") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema -----------------------------------------------------------------------------

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """First column of the first row. Always fetches everything: DuckDB 2 refuses the next
        statement while a result is unfinished, and `fetchone` leaves it unfinished."""
        rows = self.con.execute(sql, params or []).fetchall()
        return rows[0][0] if rows else None

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self.con.execute(sql, params or []).fetchall()

    def pending_migrations(self) -> list[int]:
        if not self.version():
            return [v for v, _, _ in MIGRATIONS]
        done = {row[0] for row in self.con.execute("SELECT version FROM schema_version").fetchall()}
        return [v for v, _, _ in MIGRATIONS if v not in done]

    def version(self) -> int:
        if not self.scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ):
            return 0
        return int(self.scalar("SELECT max(version) FROM schema_version") or 0)

    def migrate(self) -> list[int]:
        """Apply every migration the store has not recorded, in order, each in its own
        transaction. Membership, not the maximum, decides: migrations written on parallel
        branches may land in any order."""
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
        )
        done = {row[0] for row in self.con.execute("SELECT version FROM schema_version").fetchall()}
        applied = []
        for version, description, ddl in sorted(MIGRATIONS):
            if version in done:
                continue
            self.execute("BEGIN TRANSACTION")
            try:
                for statement in (s.strip() for s in ddl.split(";")):
                    if statement:
                        self.execute(statement)
                self.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, description, _now()])
                self.execute("COMMIT")
            except Exception:
                self.execute("ROLLBACK")
                raise
            applied.append(version)
        return applied

    # -- writing ----------------------------------------------------------------------------

    def start_run(self, inputs: Sequence[str]) -> int:
        run_id = int(self.scalar("SELECT coalesce(max(id), 0) + 1 FROM ingest_runs"))
        self.execute(
            "INSERT INTO ingest_runs (id, started_at, inputs) VALUES (?, ?, ?)",
            [run_id, _now(), list(inputs)],
        )
        return run_id

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.execute(
            "UPDATE ingest_runs SET finished_at = ?, summary = ? WHERE id = ?",
            [_now(), json.dumps(summary, ensure_ascii=False), run_id],
        )

    def insert_new(self, table: str, rows: pa.Table, key: str = "id") -> int:
        """Insert the rows whose key is not yet stored (nor repeated earlier in `rows`).

        Returns how many were new. Runs inside the caller's transaction.
        """
        if rows.num_rows == 0:
            return 0
        self.con.register("_incoming", rows)
        try:
            columns = ", ".join(rows.column_names)
            before = self._count(table)
            self.execute(
                f"INSERT INTO {table} ({columns}) "
                f"SELECT {columns} FROM (SELECT *, row_number() OVER (PARTITION BY {key}) AS _n "
                f"FROM _incoming) WHERE _n = 1 AND {key} NOT IN (SELECT {key} FROM {table})"
            )
            return self._count(table) - before
        finally:
            self.con.unregister("_incoming")

    def append_new_documents(self, documents: pa.Table, terms: pa.Table) -> int:
        """Append the documents (and their term rows) whose ids are not stored yet; a
        document repeated inside the batch goes in once. Returns how many were new.

        The existence check is one indexed lookup of this batch's ids, then plain appends:
        an anti-join against the whole table would grow with the store."""
        ids = documents.column("id").to_pylist()
        existing = {
            row[0]
            for row in self.con.execute(
                "SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]
            ).fetchall()
        }
        keep_rows, seen = [], set(existing)
        for index, doc_id in enumerate(ids):
            if doc_id not in seen:
                seen.add(doc_id)
                keep_rows.append(index)
        if not keep_rows:
            return 0
        fresh = documents.take(pa.array(keep_rows, pa.int64())) if len(keep_rows) < len(ids) else documents
        if existing or len(keep_rows) < len(ids):
            new_ids = pa.array(fresh.column("id").to_pylist(), pa.string())
            import pyarrow.compute as pc  # 0.05 s of every start-up otherwise

            terms = terms.filter(pc.is_in(terms.column("doc_id"), value_set=new_ids))
            # a document repeated inside the batch carries its terms twice: keep one copy
            terms = (
                terms.group_by(["doc_id", "term"])
                .aggregate([("tf", "max")])
                .rename_columns(["doc_id", "term", "tf"])
            )
        self.con.register("_documents", fresh)
        self.con.register("_terms", terms)
        try:
            columns = ", ".join(fresh.column_names)
            self.execute(f"INSERT INTO documents ({columns}) SELECT {columns} FROM _documents")
            self.execute("INSERT INTO document_terms SELECT doc_id, term, tf FROM _terms")
        finally:
            self.con.unregister("_documents")
            self.con.unregister("_terms")
        return fresh.num_rows

    def upsert_catalogue(self, table: str, rows: pa.Table, aliases: pa.Table) -> int:
        """Catalogue entries replace earlier entries with the same id: a user's file extends
        and corrects the bundled one. Returns the number of entries written."""
        if rows.num_rows == 0:
            return 0
        alias_table, alias_key = {
            "outlets": ("outlet_aliases", "outlet_id"),
            "actors": ("actor_aliases", "actor_id"),
        }[table]
        self.con.register("_rows", rows)
        self.con.register("_aliases", aliases)
        try:
            self.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM _rows)")
            self.execute(f"DELETE FROM {alias_table} WHERE {alias_key} IN (SELECT id FROM _rows)")
            columns = ", ".join(rows.column_names)
            self.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _rows")
            self.execute(f"INSERT INTO {alias_table} SELECT DISTINCT id, language, alias FROM _aliases")
        finally:
            self.con.unregister("_rows")
            self.con.unregister("_aliases")
        return rows.num_rows

    def ensure_outlets(self, names: dict[str, str]) -> None:
        """Create outlet rows for names the catalogue does not know (id → carried name)."""
        missing = [
            (oid, name)
            for oid, name in names.items()
            if not self.scalar("SELECT count(*) FROM outlets WHERE id = ?", [oid])
        ]
        if missing:
            self.con.executemany(
                "INSERT INTO outlets (id, name, in_catalogue, domains, languages) VALUES (?, ?, false, [], [])",
                missing,
            )

    def add_rejections(self, run_id: int, rejections: Sequence[tuple[str, str, str]]) -> None:
        if not rejections:
            return
        table = pa.table(
            {
                "run_id": pa.array([run_id] * len(rejections), pa.int32()),
                "source_file": [r[0] for r in rejections],
                "source_record": [r[1] for r in rejections],
                "reason": [r[2] for r in rejections],
            }
        )
        self.con.register("_rejections", table)
        try:
            self.execute(
                "INSERT INTO rejections SELECT run_id, source_file, source_record, reason FROM _rejections"
            )
        finally:
            self.con.unregister("_rejections")

    def undo_file(self, run_id: int, source_file: str) -> None:
        """Remove what this run stored from one file that then turned out to be bad."""
        self.execute("BEGIN TRANSACTION")
        self.execute(
            "DELETE FROM document_terms WHERE doc_id IN "
            "(SELECT id FROM documents WHERE run_id = ? AND source_file = ?)",
            [run_id, source_file],
        )
        for table in _RUN_TABLES:
            self.execute(f"DELETE FROM {table} WHERE run_id = ? AND source_file = ?", [run_id, source_file])
        self.execute("COMMIT")

    # -- reading ----------------------------------------------------------------------------

    def _count(self, table: str) -> int:
        return int(self.scalar(f"SELECT count(*) FROM {table}"))

    def counts(self) -> dict[str, int]:
        tables = (
            "outlets",
            "actors",
            "documents",
            "document_terms",
            "posts",
            "gdelt_mentions",
            "events",
            "votes",
            "signatures",
            "findings",
            "rejections",
        )
        return {t: self._count(t) for t in tables}

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts; the analyses and outputs use this, never a cursor of their own."""
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
