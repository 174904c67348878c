"""`lockstep coordination --input FILE.csv`: the SQL loader stores what `ingest` stores, so both
paths give the same networks; URL normalisation in SQL equals `normalise_url`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.analyses.coordination import KINDS, Parameters, coordination
from lockstep.demo import DEMO_DATA
from lockstep.ingest import ingest
from lockstep.sources.social_csv_fast import load_posts
from lockstep.store.database import Store
from lockstep.text.urls import normalise_url, normalise_urls_sql

LOCKSTEP = [sys.executable, "-m", "lockstep.cli"]
COLUMNS = "id, account, account_name, epoch_us(ts) AS t, text_sha256, list_sort(urls) AS urls, " + (
    "list_sort(hashtags) AS hashtags, repost_of, reply_to"
)
#: Rows the SQL reads and rows it must leave to Python: literals, separators, non-ASCII text and
#: ids, mentions, hashtags next to punctuation, time zones, dates without time, duplicate ids.
TRICKY = """platform,account,post_id,timestamp,text,urls,hashtags,repost_of,reply_to
x,alice,1,2026-01-01T10:00:00Z,Look @bob at https://www.Example.com/a/?utm_source=x. #News #2026 ##x,"['http://a.example/1', 'https://b.example/2/']",,,
x,bob,2,2026-01-01 11:00:05+01:00,look  at HTTPS://example.com/a#c #news!,http://a.example/1 | https://b.example/2,#News,,
x,carol,3,1767261610.25,Ünïcödé @déjà vu https://c.example/ü?fbclid=1 #Straße,,,1,
x,dave,4,1767261611.1234567,"multi
line text #tag",https://a.example/1+https://c.example/x,"['#One', ""#two""]",,1
x,erin,5,2026-01-01,date only,,,,
x,frank,6,not a time,bad time,,,,
x,alice,1,2026-01-01T10:00:02Z,duplicate id,,,,
x,gina,7,2026-01-01T10:00:03+0000,'quoted' text #news,"['x', 'y\\'z']",,2,
y,hank,8,2026-01-01T10:00:04,  @a@b mention run @c_d.  https://e.example/p?ref_src=t&id=2 ,e.example/p?id=2,News Tag,,
x,,9,2026-01-01T10:00:05Z,no account,,,,
x,ivan,10,2026-01-01T10:00:06Z,"tab	and   spaces @x, ok",,"a,b",,
x,jack,11,2026-01-01T10:00:07Z,controls Python reads as space,http://a.example/1\x1fhttp://b.example/2,\x0bnews,,
x,kate,12,2026-01-01T10:00:08Z,other controls kept,http://c.example/\x01x,ta\x02g,,
"""


def _stored(db: Path) -> set[tuple[Any, ...]]:
    with Store(db, read_only=True) as store:
        return {
            tuple(map(_hashable, row)) for row in store.con.execute(f"SELECT {COLUMNS} FROM posts").fetchall()
        }


def _loaded(paths: list[Path]) -> tuple[set[tuple[Any, ...]], dict[str, int]]:
    with Store(":memory:") as store:
        counts = load_posts(store, paths)
        rows = store.con.execute(f"SELECT {COLUMNS} FROM posts").fetchall()
    return {tuple(map(_hashable, row)) for row in rows}, counts


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _ingested(tmp_path: Path, paths: list[Path]) -> Path:
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        ingest(store, [str(p) for p in paths])
    return db


def test_loader_stores_what_ingest_stores(tmp_path: Path) -> None:
    tricky = tmp_path / "tricky.csv"
    tricky.write_text(TRICKY, encoding="utf-8")
    paths = [tricky, DEMO_DATA / "posts.csv"]
    loaded, counts = _loaded(paths)
    assert loaded == _stored(_ingested(tmp_path, paths))
    assert counts["rows_in_python"] >= 3  # non-ASCII, 7-decimal epoch, `+` separator, escaped literal
    assert counts["rejected"] == 4  # date only, bad time, duplicate id, no account


def test_qut_sample_is_read_in_sql_and_equals_ingest(shared_data: Path, tmp_path: Path) -> None:
    sample = shared_data / "coordination" / "qut_toolkit" / "sample_data.csv"
    loaded, counts = _loaded([sample])
    assert counts == {"rows": 100, "loaded": 100, "rows_in_python": 0, "rejected": 0}
    assert loaded == _stored(_ingested(tmp_path, [sample]))


@pytest.mark.parametrize("kind", KINDS)
def test_every_network_equals_the_store_path(tmp_path: Path, kind: str) -> None:
    paths = [DEMO_DATA / "posts.csv"]
    params = Parameters(kind=kind, window=60, min_weight=2, shingle=3)  # type: ignore[arg-type]
    with Store(_ingested(tmp_path, paths), read_only=True) as store:
        stored = coordination(store, params)
    with Store(":memory:") as store:
        load_posts(store, paths, kind=kind)
        fast = coordination(store, params)
    assert {(e.source, e.target, e.weight, e.pairs) for e in fast.edges} == {
        (e.source, e.target, e.weight, e.pairs) for e in stored.edges
    }
    if kind != "reply":
        assert fast.edges, "the demo's planted cluster should be found"


def test_cli_input_names_file_and_row(tmp_path: Path) -> None:
    posts = DEMO_DATA / "posts.csv"
    done = subprocess.run(
        [
            *LOCKSTEP,
            "coordination",
            "--input",
            str(posts),
            "--by",
            "link",
            "--json",
            "--export-dir",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    payload = json.loads(done.stdout)
    assert payload["counts"]["loaded_posts"] > 0 and payload["edges"]
    sample = payload["edges"][0]["evidence_sample"][0]
    assert sample["record_a"].startswith(f"{posts} row ")
    assert not (tmp_path / "lockstep.duckdb").exists()


_URL_PARTS = st.lists(
    st.sampled_from(
        ["http://", "HTTPS://", "ftp:", "mailto:", "www.", "WWW.", "Example.com", "a.b", "x", "localhost", ":80",
         ":443", ":8080", ":", "/", "//", "/Path/", "?", "&", "=", "utm_source=1", "fbclid=2", "id=3", "UTM_X=4",
         "#", "#frag", "@", "u@", ".", "-", "%20", " ", "\t", "..", "1", "23678"]
    ),
    max_size=10,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    parts=_URL_PARTS, noise=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=6)
)
def test_sql_url_normalisation_equals_python(parts: list[str], noise: str) -> None:
    urls = ["".join(parts), "".join(parts) + noise, noise + "".join(parts)]
    con = duckdb.connect()
    con.execute("CREATE TABLE u (url VARCHAR)")
    con.executemany("INSERT INTO u VALUES (?)", [[u] for u in urls])
    for url, key in con.execute(normalise_urls_sql("u")).fetchall():
        assert key == normalise_url(url), url


@settings(max_examples=300, deadline=None)
@given(
    seconds=st.integers(0, 4_102_444_800),
    fraction=st.text(alphabet="0123456789", max_size=6),
)
def test_sql_epoch_equals_python_to_the_microsecond(seconds: int, fraction: str) -> None:
    """Unix seconds with up to 6 decimals become the same microsecond in SQL as in Python
    (`datetime.fromtimestamp` on the float: whole seconds, fraction rounded half to even)."""
    from lockstep.sources.social_csv import _Bad, _timestamp
    from lockstep.sources.social_csv_fast import _time_us

    value = f"{seconds}.{fraction}" if fraction else str(seconds)
    try:
        expected = _timestamp(value)
    except _Bad:  # out of range (past 2100): SQL must refuse it too
        expected = None
    sql = f"SELECT make_timestamp({_time_us('c')}) FROM (SELECT ? AS c)"
    got = duckdb.connect().execute(sql, [value]).fetchone()
    assert got is not None and got[0] == expected, value
