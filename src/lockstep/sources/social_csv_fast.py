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
- SQL handles a row when every cell it reads is one SQL reads as Python does (`_simple_condition`):
  ids with nothing for `strip` to remove (account and platform ASCII, since their case is folded),
  a timestamp in Unix seconds with at most 6 decimals or strict ISO 8601 (to the minute or
  finer), URL/hashtag cells in ASCII without Python-only white space that are empty, a plain list
  literal of strings, or separated by `|` or white space, and a text within the field cap that is
  printable ASCII wherever SQL reads it (for links only if it holds a `:`, for hashtags only with
  a `#`, always for the co-text key). Equality is tested on tricky rows and real files, and the
  epoch to the microsecond as a property.
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
from lockstep.text.normalise import PRINTABLE_ASCII, clean_text
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
#: ASCII characters that Python's `str.strip` and `\s` treat as white space but `_WS` does not.
_PYTHON_ONLY_SPACES = (11, 12, 28, 29, 30, 31)
_ID_FIELDS = ("account", "post_id", "repost_of", "reply_to", "account_name")
_WS = r"[ \t\n\r]"
_NUMERIC = r"[0-9]{1,12}(\.[0-9]{1,6})?"
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
    """Replace `posts` in `store` (an in-memory store of its own: insertion order is switched off
    on it) by the posts of `paths`, as `lockstep ingest` would store them for coordination. With `kind`, only that network's objects are derived (the
    other object columns stay empty), which is most of the work. Returns counts: rows, loaded,
    rejected, rows_in_python.

    Each file is parsed once into a table of the cells coordination reads plus the `simple` flag;
    `posts` is then one projection of the simple rows (no filter: every rejection rule is part of
    `simple`, so rows that could be rejected go to Python, which applies the rules)."""
    options = options or SourceOptions()
    used = _USED.get(kind or "", set(_USED_ALL))
    con = store.con
    con.execute("SET TimeZone = 'UTC'")
    layouts: dict[int, tuple[_Layout, str]] = {}
    for number, path in enumerate(paths):
        name = str(path)
        layout, delimiter = _read_header(path, name, options)
        layouts[number] = (layout, name)
        columns = {f"c{i}": "VARCHAR" for i in range(len(layout.header))}
        wanted = sorted({layout.columns[f] for f in (*FIELDS, "platform") if f in layout.columns})
        cells = ", ".join(f"c{i}" for i in wanted)
        time_us = _time_us(f"c{layout.columns['timestamp']}")
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _fast_raw_{number} AS SELECT *, {_simple_condition(layout, used)} AS simple "
                f"FROM (SELECT *, {time_us} AS t FROM (SELECT {cells} FROM read_csv(?, "
                "header = false, skip = 1, auto_detect = false, delim = ?, quote = '\"', escape = '\"', columns = ?, "
                "strict_mode = true, null_padding = false, all_varchar = true, force_not_null = ?)))",
                [name, delimiter, columns, list(columns)],
            ).fetchall()
        except duckdb.Error as err:
            raise InputError(
                name, None, f"{str(err).splitlines()[0]} (lockstep ingest skips bad rows)"
            ) from None
    # Row numbers are the raw tables' rowids, which needed the file's order; nothing after this
    # depends on insertion order (every later step orders explicitly), and DuckDB is faster without it.
    con.execute("SET preserve_insertion_order = false")
    python_rows = _python_rows(store, layouts, options)
    con.register("_fast_python", python_rows)
    try:
        con.execute("DROP TABLE IF EXISTS posts")
        simple = " UNION ALL ".join(
            _simple_sql(number, layout, name, options, used) for number, (layout, name) in layouts.items()
        )
        con.execute(f"CREATE TABLE posts AS {simple} UNION ALL BY NAME SELECT * FROM _fast_python")
    finally:
        con.unregister("_fast_python")
    rows = sum(int(store.scalar(f"SELECT count(*) FROM _fast_raw_{number}")) for number in layouts)
    for number in layouts:
        con.execute(f"DROP TABLE IF EXISTS _fast_raw_{number}")
    _keep_first_rows(store)
    counts = {
        "rows": rows,
        "loaded": int(store.scalar("SELECT count(*) FROM posts")),
        "rows_in_python": python_rows.num_rows,
    }
    counts["rejected"] = counts["rows"] - counts["loaded"]
    return counts


def _keep_first_rows(store: Store) -> None:
    """Keep the first row (by file, then row) of each post id, as `ingest` does. Duplicate ids are rare,
    so the ranking runs only when a cheap count finds some: distinct 64-bit hashes of the ids (equal
    ids always hash alike; a collision only makes the exact ranking run for nothing)."""
    if store.scalar("SELECT count(*) - count(DISTINCT hash(id)) FROM posts"):
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
        f"CASE WHEN length({cell}) >= {_CELL_MAX} THEN FALSE "
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


def _cell(layout: _Layout, field: str) -> str | None:
    """The raw-table column of a field (cells are '' when empty), or None when the file has none."""
    return f"c{layout.columns[field]}" if field in layout.columns else None


def _simple_condition(layout: _Layout, used: set[str]) -> str:
    """SQL: the row can be stored by SQL exactly as `ingest` stores it. Every rule that could reject
    a row is part of it (ids present, at most 512 characters, a fine timestamp in range), so the
    rows SQL stores need no filter and the rest go to Python. A CASE chain, cheapest test first:
    DuckDB evaluates every operand of AND in a projection, but CASE stops at the first failure.

    Ids need nothing for `str.strip` to remove (first and last character printable ASCII, not a
    space); the account and platform are ASCII throughout, since their case is folded. Text is
    checked only where SQL reads it: for links and hashtags only when it holds a `:` or `#` (no
    URL or hashtag can appear without one, in either reading), for the co-text key always."""
    lengths, edges = [], []
    for field in (*_ID_FIELDS, "platform"):
        cell = _cell(layout, field)
        if cell is None:
            continue
        edge = f"ascii({cell}) BETWEEN 33 AND 126 AND ascii({cell}[-1]) BETWEEN 33 AND 126"
        if field in ("account", "platform"):
            edge += f" AND strlen({cell}) = length({cell})"
        lengths.append(f"length({cell}) <= {_ID_MAX_CHARS}")
        edges.append(edge if field in ("account", "post_id") else f"({cell} = '' OR ({edge}))")
    # the cheap tests of all ids in one step each (the chain's steps have a cost of their own)
    tests: list[str] = ["t IS NOT NULL", " AND ".join(lengths), " AND ".join(edges)]
    for field in ("urls", "hashtags"):
        cell = _cell(layout, field)
        if cell and field in used:
            tests.append(_simple_cell(cell))
            # ASCII without the controls Python's `strip`/`\s` take for white space and SQL does not
            # (the other controls are kept alike by both); a few `contains` cost less than a regex
            spaces = " OR ".join(f"contains({cell}, chr({code}))" for code in _PYTHON_ONLY_SPACES)
            tests.append(f"strlen({cell}) = length({cell}) AND NOT ({spaces})")
    text = _cell(layout, "text")
    if text and "text" in used:
        tests.append(f"length({text}) <= {MAX_FIELD_CHARS}")
        printable = f"regexp_full_match({text}, {_quote(PRINTABLE_ASCII)})"
        if "text_key" in used:
            tests.append(printable)
        else:
            marks = [m for f, m in (("urls", ":"), ("hashtags", "#")) if f in used]
            tests.append(
                f"NOT ({' OR '.join(f'contains({text}, {_quote(m)})' for m in marks)}) OR {printable}"
            )
    return "CASE " + " ".join(f"WHEN NOT ({test}) THEN FALSE" for test in tests) + " ELSE TRUE END"


def _time_us(cell: str) -> str:
    """SQL: the epoch microseconds of a timestamp cell SQL reads as Python does (Unix seconds with at
    most 6 decimals in range, or strict ISO 8601 to the minute or finer), else NULL."""
    return (
        f"CASE WHEN regexp_full_match({cell}, {_quote(_NUMERIC)}) THEN CASE WHEN {_epoch_seconds(cell)} "
        f"BETWEEN {_EPOCH_MIN} AND {_EPOCH_MAX} THEN {_epoch_us(_epoch_seconds(cell))} END "
        f"WHEN regexp_full_match({cell}, {_quote(_ISO)}) THEN epoch_us(TRY_CAST({cell} AS TIMESTAMPTZ)) END"
    )


def _epoch_seconds(cell: str) -> str:
    """Unix seconds of a cell matching `_NUMERIC` as the double Python's `float` reads."""
    return f"CAST({cell} AS DOUBLE)"


def _epoch_us(seconds: str) -> str:
    """Microseconds as `datetime.fromtimestamp` computes them: whole seconds, then the fraction
    times 10⁶ rounded half to even (CPython's `_PyTime_ObjectToTimeval`), so both paths agree to
    the microsecond."""
    return f"CAST(trunc({seconds}) AS BIGINT) * 1000000 + CAST(round_even(({seconds} - trunc({seconds})) * 1e6, 0) AS BIGINT)"


def _simple_sql(number: int, layout: _Layout, name: str, options: SourceOptions, used: set[str]) -> str:
    """SQL: the stored columns of the simple rows of file `number`. Each derived value used more than
    once (platform, epoch, lists) is a column of an inner query, computed once."""
    cell = {f: _cell(layout, f) or "''" for f in (*FIELDS, "platform")}
    prefixes = " ".join(f"WHEN '{p}' THEN '{name}'" for p, name in _PLATFORM_PREFIXES.items())
    guessed = f"CASE lower(left(account, 3)) {prefixes} ELSE 'twitter' END"
    platform = (
        f"'{options.platform}'"
        if options.platform
        else f"CASE WHEN {cell['platform']} <> '' THEN left(lower({cell['platform']}), 40) ELSE {guessed} END"
    )
    text = cell["text"]
    # no URL without a `:` and no hashtag without a `#`: the regex runs only where one can be
    text_urls = (
        f"CASE WHEN contains({text}, ':') THEN list_transform(regexp_extract_all({text}, {_quote(_TEXT_URL)}), "
        f"lambda u: rtrim(u, '{_URL_TRAILING}')) ELSE []::VARCHAR[] END"
    )
    text_tags = (
        f"CASE WHEN contains({text}, '#') THEN list_transform(list_filter(regexp_extract_all({text}, {_quote(_HASHTAG)}, 2), "
        "lambda t: NOT regexp_full_match(t, '[0-9]+')), lambda t: lower(t)) ELSE []::VARCHAR[] END"
    )
    lowered = _clean("ltrim(lower(t), '#')")
    no_urls = f"regexp_replace({text}, {_quote(_TEXT_URL)}, ' ', 'g')"
    no_mentions = f"regexp_replace({no_urls}, {_quote(_MENTION)}, '\\1 ', 'g')"
    collapsed = f"regexp_replace(lower({no_mentions}), '{_WS}+', ' ', 'g')"
    key = f"sha256({_strip(collapsed)})" if "text_key" in used else "NULL::VARCHAR"
    hashtags = "[]::VARCHAR[]"
    # the links of the cell are always kept (the evidence shows them); those of the text when used
    text_urls = text_urls if "urls" in used else "[]::VARCHAR[]"
    urls = f"list_concat({_split_sql(cell['urls'])}, {text_urls})" if "urls" in layout.columns else text_urls
    if "hashtags" in used:
        tags = f"list_transform(list_filter(list_transform({_split_sql(cell['hashtags'])}, lambda t: {lowered}), lambda t: t <> ''), lambda t: ltrim(t, '#'))"
        hashtags = f"list_concat({tags}, {text_tags})" if "hashtags" in layout.columns else text_tags
    optional = {f: f"nullif({cell[f]}, '')" for f in _ID_FIELDS}
    return f"""
        SELECT file_no, row_no, platform || ':' || post_id AS id, platform, account, account_name, post_id,
               make_timestamp(t) AS ts, text, {key} AS text_sha256, NULL::VARCHAR AS language,
               NULL::UINTEGER[] AS minhash, {_distinct("url_items")} AS urls, {_distinct("hashtag_items")} AS hashtags,
               repost_of, reply_to, source_file, 'row ' || row_no AS source_record
        FROM (
            SELECT *, {platform} AS platform, {urls} AS url_items, {hashtags} AS hashtag_items
            FROM (
                SELECT {number} AS file_no, rowid + 1 AS row_no, {_quote(name)} AS source_file, {text} AS text,
                       {cell["account"]} AS account, {cell["post_id"]} AS post_id,
                       {optional["account_name"]} AS account_name, {optional["repost_of"]} AS repost_of,
                       {optional["reply_to"]} AS reply_to, *
                FROM _fast_raw_{number}
                WHERE simple
            )
        )
    """


def _python_rows(store: Store, layouts: dict[int, tuple[_Layout, str]], options: SourceOptions) -> pa.Table:
    """The rows SQL leaves aside, read by `social_csv._post` and stored as `ingest` stores them."""
    out: dict[str, list[Any]] = {name: [] for name in _PYTHON_SCHEMA.names}
    for number, (layout, name) in layouts.items():
        wanted = sorted({layout.columns[f] for f in (*FIELDS, "platform") if f in layout.columns})
        rows = store.con.execute(
            f"SELECT rowid + 1, {', '.join(f'c{i}' for i in wanted)} FROM _fast_raw_{number} "
            "WHERE NOT simple ORDER BY rowid"
        ).fetchall()
        for row_no, *cells in rows:
            row = [""] * len(layout.header)
            for index, value in zip(wanted, cells, strict=True):
                row[index] = value
            try:
                post = _post(row, layout, options, name, f"row {row_no}")
            except _Bad:
                continue
            for key, value in zip(_PYTHON_SCHEMA.names, _stored(post, number, row_no), strict=True):
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
        post.repost_of, post.reply_to, post.source_file, post.source_record,
    )  # fmt: skip


_PYTHON_SCHEMA = pa.schema(
    [
        ("file_no", pa.int32()), ("row_no", pa.int64()), ("id", pa.string()), ("platform", pa.string()),
        ("account", pa.string()), ("account_name", pa.string()), ("post_id", pa.string()), ("ts", pa.timestamp("us")),
        ("text", pa.string()), ("text_sha256", pa.string()), ("language", pa.string()),
        ("minhash", pa.list_(pa.uint32())), ("urls", pa.list_(pa.string())), ("hashtags", pa.list_(pa.string())),
        ("repost_of", pa.string()), ("reply_to", pa.string()), ("source_file", pa.string()),
        ("source_record", pa.string()),
    ]
)  # fmt: skip


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
