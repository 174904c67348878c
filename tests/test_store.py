"""The store: migrations, batch writes, idempotence, undo of a failed file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from lockstep.errors import InputError
from lockstep.ingest import ingest, seed_catalogue
from lockstep.store.database import Store
from lockstep.store.schema import LATEST_VERSION

FIXTURES = Path(__file__).parent / "fixtures"


def test_new_store_is_migrated(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        assert store.version() == LATEST_VERSION
        assert store.migrate() == []  # nothing left to apply
        tables = {
            r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    expected = {
        "outlets",
        "outlet_aliases",
        "actors",
        "actor_aliases",
        "documents",
        "document_terms",
        "posts",
    }
    assert expected | {"events", "votes", "signatures", "findings", "schema_version"} <= tables


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no store here"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_ingest_resolves_outlets_and_rejects_bad_records(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        seed_catalogue(store)
        result = ingest(store, [str(FIXTURES / "documents" / "mixed.jsonl")])
        tally = result.files[0]
        assert (tally.read, tally.new, tally.rejected) == (8, 5, 3)
        assert set(tally.reasons) == {
            "no text",
            "malformed JSON: Expecting value",
            "unreadable date 'yesterday-ish??'",
        }
        outlets = dict(store.con.execute("SELECT external_id, outlet_id FROM documents").fetchall())
        tass, xinhua = outlets["t1"], outlets["t2"]
        assert outlets["t3"] == xinhua  # 新华社 is an alias of Xinhua
        assert store.scalar("SELECT name FROM outlets WHERE id = ?", [tass]) == "TASS"
        assert outlets["t4"] == "unknown-weekly"
        assert store.scalar("SELECT in_catalogue FROM outlets WHERE id = 'unknown-weekly'") is False
        # time zones are converted to UTC, precision kept
        row = store.con.execute(
            "SELECT published_at, date_precision FROM documents WHERE external_id='t3'"
        ).fetchall()
        assert str(row[0][0]) == "2026-02-12 02:00:00" and row[0][1] == "second"
        assert store.scalar("SELECT count(*) FROM rejections") == 3


def test_reingest_adds_nothing(tmp_path: Path) -> None:
    path = str(FIXTURES / "documents" / "mixed.jsonl")
    with Store(tmp_path / "s.duckdb") as store:
        ingest(store, [path])
        before = store.counts()
        again = ingest(store, [path])
        assert again.totals()["new"] == 0 and again.totals()["duplicate"] == 5
        after = store.counts()
    assert {k: v for k, v in after.items() if k != "rejections"} == {
        k: v for k, v in before.items() if k != "rejections"
    }


def test_term_index_only_for_new_documents(tmp_path: Path) -> None:
    path = str(FIXTURES / "documents" / "mixed.jsonl")
    with Store(tmp_path / "s.duckdb") as store:
        ingest(store, [path])
        terms = store.scalar("SELECT count(*) FROM document_terms")
        ingest(store, [path])
        assert store.scalar("SELECT count(*) FROM document_terms") == terms > 0
        orphan = store.scalar(
            "SELECT count(*) FROM document_terms WHERE doc_id NOT IN (SELECT id FROM documents)"
        )
        assert orphan == 0


def test_failed_file_is_undone_and_earlier_files_kept(tmp_path: Path) -> None:
    good = FIXTURES / "documents" / "mixed.jsonl"
    bad = tmp_path / "bad.json"
    bad.write_text('[{"text": "one"}, {"text": ', encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(InputError, match=r"bad\.json.*malformed JSON"):
            ingest(store, [str(good), str(bad)])
        assert store.scalar("SELECT count(*) FROM documents") == 5
        assert store.scalar("SELECT count(*) FROM documents WHERE source_file LIKE '%bad.json'") == 0


def test_store_file_opens_in_plain_duckdb(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        ingest(store, [str(FIXTURES / "documents" / "mixed.jsonl")])
    con = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchall() == [(5,)]


def test_migration_added_later_is_applied_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lockstep.store import database, schema

    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        ingest(store, [str(FIXTURES / "documents" / "mixed.jsonl")])
    later = [*schema.MIGRATIONS, (99, "a later capability", "CREATE TABLE later_table (id INTEGER)")]
    monkeypatch.setattr(database, "MIGRATIONS", later)
    with Store(path, read_only=True) as store:  # a reading command upgrades an older store first
        assert store.pending_migrations() == []
        assert store.scalar("SELECT count(*) FROM later_table") == 0
        assert store.scalar("SELECT count(*) FROM documents") == 5  # nothing lost on upgrade
