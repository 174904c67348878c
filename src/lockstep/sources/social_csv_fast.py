"""Posts CSV straight into a DuckDB `posts` table, for `lockstep coordination --input FILE.csv`.

Why: the store path (`lockstep ingest`) gives every post the full text treatment (language,
terms, MinHash) in Python, about 200 µs a post; a coordination network needs none of it. Here
DuckDB's CSV reader loads the file and SQL derives exactly what `ingest` would store for the
columns coordination reads (ids, time, URLs, hashtags, repost/reply ids, the exact co-text
key), so both paths give the same network.

Not a source format (it yields no records and is not in `sources._MODULES`): it reuses the
column recognition of `social_csv` (its alias table and header logic), and it sends every row
that SQL cannot read the way Python does to `social_csv`'s own row reader, so there is one
definition of each rule:
- SQL handles rows whose cells are printable ASCII (plus tab and line breaks), whose timestamp
  is Unix seconds with at most 6 decimals or strict ISO 8601 (to the minute or finer), whose
  URL/hashtag cells are empty, a plain Python list literal of strings, or separated by `|` or
  white space, and whose text is within the field cap. On such rows Python's `strip`, `lower`,
  `casefold`, `\\s` and Unicode classes agree with DuckDB's (tested property by property).
- Every other row (non-ASCII text, other date formats, list literals with escapes, cells with
  `,`/`+` separators) goes through `social_csv._post` and the formulas of `ingest`, in Python.
Rejections follow `lockstep ingest`: rows without account, post id or a fine timestamp, ids over
512 characters, and a post id seen earlier (first row wins, across the files in order).
A row the CSV reader cannot parse (wrong field count, broken quote) stops the load with the
file and reason: use `lockstep ingest`, which skips such rows one by one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from lockstep.errors import InputError
from lockstep.model import Post
from lockstep.sources.base import MAX_FIELD_CHARS, SourceOptions, csv_rows, read_lines
from lockstep.sources.social_csv import (
    _ID_MAX_CHARS,
    _PLATFORM_PREFIXES,
    _Bad,
    _delimiter,
    _Layout,
    _layout,
    _post,
)
from lockstep.store.database import Store
from lockstep.text.dates import _EPOCH_MAX, _EPOCH_MIN
from lockstep.text.links import extract_hashtags, extract_urls
from lockstep.text.normalise import clean_text
from lockstep.text.pipeline import exact_text_key

#: Fields the coordination analysis reads, in the order of the loaded table.
FIELDS = (
    "account",
    "post_id",
    "timestamp",
    "text",
    "urls",
    "hashtags",
    "repost_of",
    "reply_to",
    "account_name",
)
_PRINTABLE = r"^[ -~\t\n\r]*$"
_WS = r"[ \t\n\r]"
_NUMERIC = r"^[ \t\n\r]*[0-9]{1,12}(\.[0-9]{1,6})?[ \t\n\r]*$"
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$"
_LITERAL_ITEM = r"""(?:'[^'\\\n\r]*'|"[^"\\\n\r]*")"""
_LITERAL = rf"^\[{_WS}*(?:{_LITERAL_ITEM}(?:{_WS}*,{_WS}*{_LITERAL_ITEM})*{_WS}*,?)?{_WS}*\]$"
_TEXT_URL = r"""(?i)https?://[^ \t\n\r<>"'\])}]+"""
_URL_TRAILING = ".,;:!?"
_HASHTAG = r"(^|[^A-Za-z0-9_/&])#([A-Za-z0-9_]{1,100})"
_MENTION = r"(^|[^A-Za-z0-9_])@[A-Za-z0-9_]{1,50}"
#: Which cells each network reads (ids and time always) and which objects it derives: ASCII is
#: checked, and objects computed, only for these.
_IDS = {"account", "post_id", "timestamp", "repost_of", "reply_to", "account_name"}
_USED_ALL = _IDS | {"text", "urls", "hashtags", "text_key"}
_USED: dict[str, set[str]] = {
    "link": _IDS | {"text", "urls"},
    "hashtag": _IDS | {"text", "hashtags"},
    "text": _IDS | {"text", "text_key"},
    "similar-text": _IDS,  # terms come from `tokenize`, which reads any text
    "repost": _IDS,
    "reply": _IDS,
}
#: Cells this long may hold more than 1000 items, where `social_csv` stops.
_CELL_MAX = 2000
#: A multi-valued cell with none of these characters is one item as it stands.
_SPLIT_CHARS = r"""[ \t\n\r|'"\[]"""


def load_posts(
    store: Store, paths: list[Path], options: SourceOptions | None = None, kind: str | None = None
) -> dict[str, int]:
    """Replace `posts` in `store` (an in-memory store) by the posts of `paths`, as `lockstep ingest`
    would store them for coordination. With `kind`, only that network's objects are derived (the
    other object columns stay empty), which is most of the work. Returns counts: rows, loaded,
    rejected, rows_in_python."""
    options = options or SourceOptions()
    used = _USED.get(kind or "", set(_USED_ALL))
    con = store.con
    con.execute("SET TimeZone = 'UTC'")
    selects = []
    layouts: dict[int, tuple[_Layout, str]] = {}
    for number, path in enumerate(paths):
        name = str(path)
        layout, delimiter = _read_header(path, name, options)
        layouts[number] = (layout, name)
        raw = f"_fast_raw_{number}"
        columns = {f"c{i}": "VARCHAR" for i in range(len(layout.header))}
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT * FROM read_csv(?, header = false, skip = 1, "
                "auto_detect = false, delim = ?, quote = '\"', escape = '\"', columns = ?, strict_mode = true, "
                "null_padding = false, all_varchar = true)",
                [name, delimiter, columns],
            ).fetchall()
        except duckdb.Error as err:
            raise InputError(
                name, None, f"{str(err).splitlines()[0]} (lockstep ingest skips bad rows)"
            ) from None
        cells = {f: f"coalesce(c{layout.columns[f]}, '')" if f in layout.columns else "NULL" for f in FIELDS}
        cells["text"] = cells["text"] if "text" in layout.columns else "''"
        platform = f"coalesce(c{layout.columns['platform']}, '')" if "platform" in layout.columns else "''"
        checked = [
            layout.columns[f] for f in layout.columns if (f in used and f in FIELDS) or f == "platform"
        ]
        every = " || ".join(f"coalesce(c{i}, '')" for i in sorted(set(checked))) or "''"
        selects.append(
            f"SELECT * EXCLUDE (ascii), {_simple_condition(used)} AS simple FROM (SELECT {number} AS file_no, rowid + 1 AS row_no, "
            f"{_quote(name)} AS source_file, {platform} AS platform_cell, "
            + ", ".join(f"{cell} AS {field}_cell" for field, cell in cells.items())
            + f", regexp_full_match({every}, '{_PRINTABLE}') AS ascii FROM {raw})"
        )
    # `simple` is computed once here; the Python rows and the SQL rows are then picked by that flag.
    con.execute(f"CREATE OR REPLACE TEMP TABLE _fast_rows AS {' UNION ALL '.join(selects)}")
    for number in layouts:
        con.execute(f"DROP TABLE IF EXISTS _fast_raw_{number}")
    python_rows = _python_rows(store, layouts, options)
    con.register("_fast_python", python_rows)
    try:
        con.execute("DROP TABLE IF EXISTS posts")
        con.execute(
            f"CREATE TABLE posts AS SELECT * EXCLUDE (ok) FROM ({_simple_sql(options, used)} "
            "UNION ALL BY NAME SELECT * FROM _fast_python) WHERE ok"
        )
    finally:
        con.unregister("_fast_python")
    _keep_first_rows(store)
    counts = {
        "rows": int(store.scalar("SELECT count(*) FROM _fast_rows")),
        "loaded": int(store.scalar("SELECT count(*) FROM posts")),
        "rows_in_python": python_rows.num_rows,
    }
    counts["rejected"] = counts["rows"] - counts["loaded"]
    con.execute("DROP TABLE IF EXISTS _fast_rows")
    return counts


def _keep_first_rows(store: Store) -> None:
    """Keep the first row (by file, then row) of each post id, as `ingest` does. Duplicate ids are rare,
    so the ranking runs only when a cheap count finds some."""
    if store.scalar("SELECT count(*) - count(DISTINCT id) FROM posts"):
        store.execute(
            "CREATE OR REPLACE TABLE posts AS SELECT * FROM posts "
            "QUALIFY row_number() OVER (PARTITION BY id ORDER BY file_no, row_no) = 1"
        )
    store.execute("ALTER TABLE posts DROP COLUMN file_no")
    store.execute("ALTER TABLE posts DROP COLUMN row_no")


def _read_header(path: Path, name: str, options: SourceOptions) -> tuple[_Layout, str]:
    lines = read_lines(path, name)
    first = next(lines, None)
    if first is None:
        raise InputError(name, None, "empty file")
    delimiter = _delimiter(first)
    return _layout(csv_rows([first], delimiter), options, name), delimiter


def _strip(value: str) -> str:
    return f"regexp_replace({value}, '^{_WS}+|{_WS}+$', '', 'g')"


def _simple_cell(cell: str) -> str:
    """SQL: the multi-valued cell can be split in SQL exactly as `social_csv._split` splits it. A cell
    without `,`, `+` or `[` always can (the common case, decided by three cheap `contains`). A CASE,
    not AND/OR: DuckDB evaluates every operand of AND/OR in a projection, but only the needed CASE branch."""
    value = _strip(cell)
    return (
        f"CASE WHEN {cell} IS NULL THEN TRUE WHEN length({cell}) >= {_CELL_MAX} THEN FALSE "
        f"WHEN NOT (contains({cell}, ',') OR contains({cell}, '+') OR contains({cell}, '[')) THEN TRUE "
        f"ELSE {value} = '' OR regexp_full_match({value}, {_quote(_LITERAL)}) "
        f"OR (NOT (starts_with({value}, '[') AND ends_with({value}, ']')) AND NOT regexp_matches({value}, '[,+]')) END"
    )


def _split_sql(cell: str) -> str:
    """SQL list of a simple cell's items, as `social_csv._split` gives them (before de-duplication).
    A cell without white space, `|`, quotes or `[` is its own single item (or none when empty): the
    common one-URL cell skips the regex split and the per-item cleaning."""
    value = _strip(cell)
    literal = f"regexp_extract_all({value}, {_quote(_LITERAL_ITEM)})"
    items = (
        f"CASE WHEN {value} = '' THEN []::VARCHAR[] WHEN regexp_full_match({value}, {_quote(_LITERAL)}) "
        f"THEN list_transform({literal}, lambda q: q[2:-1]) ELSE string_split_regex({value}, '[ \\t\\n\\r|]+') END"
    )
    general = f"list_filter(list_transform({items}, lambda i: {_clean('i')}), lambda i: i <> '')"
    return (
        f"CASE WHEN {cell} = '' THEN []::VARCHAR[] WHEN NOT regexp_matches({cell}, {_quote(_SPLIT_CHARS)}) "
        f"THEN [{cell}] ELSE {general} END"
    )


def _clean(item: str) -> str:
    return _strip(f"trim({_strip(item)}, '''\"')")


def _distinct(items: str) -> str:
    """SQL: `list_distinct` of a list column, skipped for lists of one item or none (most rows)."""
    return f"CASE WHEN len({items}) < 2 THEN {items} ELSE list_distinct({items}) END"


def _simple_sql(options: SourceOptions, used: set[str]) -> str:
    """SQL: the stored columns of the rows `_fast_rows` flags as simple. Each derived value used more
    than once (stripped cells, platform, epoch, lists) is a column of an inner query, computed once."""
    epoch = f"CAST(CAST({_strip('timestamp_cell')} AS DECIMAL(24, 6)) * 1000000 AS BIGINT)"
    numeric = f"regexp_full_match(timestamp_cell, {_quote(_NUMERIC)})"
    time_us = (
        f"CASE WHEN numeric THEN CASE WHEN epoch BETWEEN {_EPOCH_MIN * 1_000_000} AND {_EPOCH_MAX * 1_000_000} "
        "THEN epoch END ELSE epoch_us(CAST(timestamp_cell AS TIMESTAMPTZ)) END"
    )
    prefixes = " ".join(f"WHEN '{p}' THEN '{name}'" for p, name in _PLATFORM_PREFIXES.items())
    guessed = f"CASE lower(left(account, 3)) {prefixes} ELSE 'twitter' END"
    platform = (
        f"'{options.platform}'"
        if options.platform
        else f"CASE WHEN platform_text <> '' THEN left(lower(platform_text), 40) ELSE {guessed} END"
    )
    text_urls = f"list_transform(regexp_extract_all(text, {_quote(_TEXT_URL)}), lambda u: rtrim(u, '{_URL_TRAILING}'))"
    text_tags = (
        f"list_transform(list_filter(regexp_extract_all(text, {_quote(_HASHTAG)}, 2), "
        "lambda t: NOT regexp_full_match(t, '[0-9]+')), lambda t: lower(t))"
    )
    lowered = _clean("ltrim(lower(t), '#')")
    cell_tags = (
        f"list_transform(list_filter(list_transform({_split_sql('hashtags_cell')}, lambda t: {lowered}), "
        "lambda t: t <> ''), lambda t: ltrim(t, '#'))"
    )
    no_urls = f"regexp_replace(text, {_quote(_TEXT_URL)}, ' ', 'g')"
    no_mentions = f"regexp_replace({no_urls}, {_quote(_MENTION)}, '\\1 ', 'g')"
    collapsed = f"regexp_replace(lower({no_mentions}), '{_WS}+', ' ', 'g')"
    key = f"sha256({_strip(collapsed)})"
    optional = {f: f"nullif({_strip(f + '_cell')}, '')" for f in ("repost_of", "reply_to", "account_name")}
    ids_ok = " AND ".join(
        ["account <> ''", "post_id <> ''", "length(account) <= {0}", "length(post_id) <= {0}"]
        + [f"coalesce(length({f}), 0) <= {{0}}" for f in optional]
    ).format(_ID_MAX_CHARS)
    if "urls" not in used:
        text_urls = "[]::VARCHAR[]"
    if "hashtags" not in used:
        text_tags = cell_tags = "[]::VARCHAR[]"
    if "text_key" not in used:
        key = "NULL::VARCHAR"
    urls = f"CASE WHEN urls_cell IS NULL THEN {text_urls} ELSE list_concat({_split_sql('urls_cell')}, {text_urls}) END"
    hashtags = (
        f"CASE WHEN hashtags_cell IS NULL THEN {text_tags} ELSE list_concat({cell_tags}, {text_tags}) END"
    )
    return f"""
        SELECT file_no, row_no, platform || ':' || post_id AS id, platform, account, account_name, post_id,
               make_timestamp(t) AS ts, text, {key} AS text_sha256, NULL::VARCHAR AS language,
               NULL::UINTEGER[] AS minhash, {_distinct("url_items")} AS urls, {_distinct("hashtag_items")} AS hashtags,
               repost_of, reply_to, source_file, 'row ' || row_no AS source_record, {ids_ok} AND t IS NOT NULL AS ok
        FROM (
            SELECT *, {platform} AS platform, {time_us} AS t, {urls} AS url_items, {hashtags} AS hashtag_items
            FROM (
                SELECT file_no, row_no, source_file, urls_cell, hashtags_cell, timestamp_cell, text_cell AS text,
                       {_strip("account_cell")} AS account, {_strip("post_id_cell")} AS post_id,
                       {_strip("platform_cell")} AS platform_text,
                       {optional["account_name"]} AS account_name, {optional["repost_of"]} AS repost_of,
                       {optional["reply_to"]} AS reply_to, {numeric} AS numeric,
                       CASE WHEN {numeric} THEN {epoch} END AS epoch
                FROM _fast_rows
                WHERE simple
            )
        )
    """


def _simple_condition(used: set[str]) -> str:
    return (
        f"ascii AND length(text_cell) <= {MAX_FIELD_CHARS} AND (regexp_full_match(timestamp_cell, {_quote(_NUMERIC)}) "
        f"OR regexp_full_match(timestamp_cell, {_quote(_ISO)}))"
        + (f" AND {_simple_cell('urls_cell')}" if "urls" in used else "")
        + (f" AND {_simple_cell('hashtags_cell')}" if "hashtags" in used else "")
    )


def _python_rows(store: Store, layouts: dict[int, tuple[_Layout, str]], options: SourceOptions) -> pa.Table:
    """The rows SQL leaves aside, read by `social_csv._post` and stored as `ingest` stores them."""
    rows = store.con.execute(
        f"SELECT file_no, row_no, platform_cell, {', '.join(f + '_cell' for f in FIELDS)} FROM _fast_rows "
        "WHERE NOT coalesce(simple, FALSE) ORDER BY file_no, row_no"
    ).fetchall()
    out: dict[str, list[Any]] = {name: [] for name in _PYTHON_SCHEMA.names}
    for file_no, row_no, platform_cell, *cells in rows:
        layout, name = layouts[file_no]
        row = [""] * len(layout.header)
        for field, value in zip(FIELDS, cells, strict=True):
            if field in layout.columns:
                row[layout.columns[field]] = value or ""
        if "platform" in layout.columns:
            row[layout.columns["platform"]] = platform_cell or ""
        try:
            post = _post(row, layout, options, name, f"row {row_no}")
        except _Bad:
            continue
        for key, value in zip(_PYTHON_SCHEMA.names, _stored(post, file_no, row_no), strict=True):
            out[key].append(value)
    return pa.table(out, schema=_PYTHON_SCHEMA)


def _stored(post: Post, file_no: int, row_no: int) -> tuple[Any, ...]:
    """What `ingest` stores of a post (see `Ingester._write_posts`), for the columns coordination reads."""
    text = clean_text(post.text)
    return (
        file_no, row_no, f"{post.platform}:{post.post_id}", post.platform, post.account, post.account_name,
        post.post_id, post.timestamp, text, exact_text_key(text), None, None,
        list(dict.fromkeys([*post.urls, *extract_urls(text)])),
        list(dict.fromkeys([*(h.casefold().lstrip("#") for h in post.hashtags), *extract_hashtags(text)])),
        post.repost_of, post.reply_to, post.source_file, post.source_record, True,
    )  # fmt: skip


_PYTHON_SCHEMA = pa.schema(
    [
        ("file_no", pa.int32()), ("row_no", pa.int64()), ("id", pa.string()), ("platform", pa.string()),
        ("account", pa.string()), ("account_name", pa.string()), ("post_id", pa.string()), ("ts", pa.timestamp("us")),
        ("text", pa.string()), ("text_sha256", pa.string()), ("language", pa.string()),
        ("minhash", pa.list_(pa.uint32())), ("urls", pa.list_(pa.string())), ("hashtags", pa.list_(pa.string())),
        ("repost_of", pa.string()), ("reply_to", pa.string()), ("source_file", pa.string()),
        ("source_record", pa.string()), ("ok", pa.bool_()),
    ]
)  # fmt: skip


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
