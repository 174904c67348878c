"""Shares: one row per (post, account, time, object) for the network type asked for.

An object is what two accounts must both post to be joined: a normalised URL (link), the
reposted post (repost), the replied-to post (reply), a hashtag, or the exact co-text key
(text). Following the QUT toolkit, reposts take part only in co-repost: a repost carries the
links, text and hashtags of the post it copies, and counting them again would double every
match. Empty co-text (a post of only mentions and links) is no object: the QUT toolkit
matches empty texts with each other, which joins every such post to every other.

Over documents, the account is the outlet and the time is `published_at`; documents whose
date is coarser than a minute are left aside (midnight of a day would fake simultaneity).
"""

from __future__ import annotations

import pyarrow as pa

from lockstep.errors import InputError
from lockstep.store.database import Store
from lockstep.text.normalise import PRINTABLE_ASCII
from lockstep.text.pipeline import exact_text_key
from lockstep.text.urls import normalise_url, normalise_urls_sql, plain_url_sql

SHARES = "_coord_shares"
#: Precisions fine enough for windows of seconds.
FINE_PRECISIONS = ("second", "minute")
EMPTY_TEXT_KEY = exact_text_key("")


def source_table(over: str) -> tuple[str, str, str]:
    """(table, account column, time column) of the items a network is built over."""
    if over == "posts":
        return "posts", "account", "ts"
    return "documents", "outlet_id", "published_at"


def items_filter(over: str) -> str:
    """SQL condition on the items that can take part at all (timed finely enough)."""
    if over == "posts":
        return "TRUE"
    placeholders = ", ".join(f"'{p}'" for p in FINE_PRECISIONS)
    return f"published_at IS NOT NULL AND date_precision IN ({placeholders})"


def build_shares(store: Store, kind: str, over: str) -> None:
    """Create the temporary table `_coord_shares(post, account, t, object)`; `t` is epoch µs."""
    table, account, time = source_table(over)
    usable = items_filter(over)
    original = "repost_of IS NULL" if over == "posts" else "TRUE"
    base = f"SELECT id AS post, {account} AS account, epoch_us({time}) AS t"
    if kind == "link":
        _build_link_shares(store, table, base, f"{usable} AND {original}")
        return
    if kind == "hashtag":
        select = (
            f"SELECT DISTINCT post, account, t, tag AS object FROM ({base}, unnest(hashtags) AS tag "
            f"FROM {table} WHERE {usable} AND {original} AND len(hashtags) > 0)"
        )
    elif kind == "repost":
        select = f"{base}, platform || ':' || repost_of AS object FROM posts WHERE repost_of IS NOT NULL"
    elif kind == "reply":
        select = f"{base}, platform || ':' || reply_to AS object FROM posts WHERE {original} AND reply_to IS NOT NULL"
    elif kind == "text":
        key = "text_sha256" if over == "posts" else "content_sha256"
        select = f"{base}, {key} AS object FROM {table} WHERE {usable} AND {original} AND {key} <> '{EMPTY_TEXT_KEY}'"
    else:
        raise InputError("--by", None, f"unknown network type {kind!r}")
    store.execute(f"CREATE OR REPLACE TEMP TABLE {SHARES} AS {select}")


def _build_link_shares(store: Store, table: str, base: str, condition: str) -> None:
    """Most links are plain (`plain_url_sql`): their key is computed as the links are unnested, no
    lookup. The others keep their URL and are normalised once per distinct URL: in SQL
    (`normalise_urls_sql`) for printable ASCII, by `normalise_url` for the rest (few), which read
    non-ASCII differently. A post with several links may give one object twice; only such posts
    (and the looked-up ones) pay for de-duplication."""
    raw = "_coord_raw_links"
    plain, plain_key = plain_url_sql("url")
    store.execute(
        f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT post, account, t, links, "
        f"CASE WHEN plain THEN {plain_key} END AS object, CASE WHEN NOT plain THEN url END AS url FROM ("
        f"SELECT *, {plain} AS plain FROM ({base}, len(urls) AS links, unnest(urls) AS url FROM {table} "
        f"WHERE {condition} AND len(urls) > 0) WHERE trim(url) <> '')"
    )
    store.execute(
        f"CREATE OR REPLACE TEMP TABLE _coord_urls AS SELECT DISTINCT url FROM {raw} WHERE object IS NULL"
    )
    ascii_only = f"regexp_full_match(url, '{PRINTABLE_ASCII}')"
    other = store.con.sql(f"SELECT url FROM _coord_urls WHERE NOT {ascii_only}").to_arrow_table()
    distinct = other.column("url").to_pylist()
    mapping = pa.table(
        {"url": pa.array(distinct, pa.string()), "object": [normalise_url(u) for u in distinct]}
    )
    store.con.register("_coord_url_map", mapping)
    try:
        store.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {SHARES} AS
            SELECT post, account, t, object FROM {raw} WHERE object IS NOT NULL AND links = 1
            UNION ALL
            SELECT DISTINCT post, account, t, object FROM (
                SELECT post, account, t, object FROM {raw} WHERE object IS NOT NULL AND links > 1
                UNION ALL
                SELECT r.post, r.account, r.t, m.object FROM {raw} r JOIN (
                    {normalise_urls_sql(f"(SELECT url FROM _coord_urls WHERE {ascii_only})")}
                    UNION ALL SELECT url, object FROM _coord_url_map
                ) m USING (url) WHERE r.object IS NULL
            )
            """
        )
    finally:
        store.con.unregister("_coord_url_map")
        store.execute(f"DROP TABLE IF EXISTS {raw}")
        store.execute("DROP TABLE IF EXISTS _coord_urls")


def count_items(store: Store, over: str) -> tuple[int, int]:
    """(all items, items usable for windows) of the source table."""
    table, _, _ = source_table(over)
    total = int(store.scalar(f"SELECT count(*) FROM {table}"))
    condition = items_filter(over)
    usable = (
        total if condition == "TRUE" else int(store.scalar(f"SELECT count(*) FROM {table} WHERE {condition}"))
    )
    return total, usable


def prune_shares(store: Store, min_weight: int) -> int:
    """Drop what cannot reach `min_weight`; returns the accounts that cannot be an edge's source.

    An edge A→B needs `min_weight` distinct posts of A, so accounts with fewer posts cannot be a
    source. They may still be a target (one post of B can match several posts of A), so their
    shares stay wherever they meet an account that can; an object needs two accounts and at
    least one possible source. The result is the same network as without pruning, computed on
    fewer rows.
    """
    if min_weight <= 1:  # every account with a share has one post: all are eligible
        store.execute(
            f"CREATE OR REPLACE TEMP TABLE {SHARES} AS SELECT * FROM {SHARES} WHERE object IN "
            f"(SELECT object FROM {SHARES} GROUP BY object HAVING min(account) <> max(account))"
        )
        return 0
    store.execute(
        f"CREATE OR REPLACE TEMP TABLE _coord_eligible AS SELECT account FROM {SHARES} "
        f"GROUP BY account HAVING count(DISTINCT post) >= {int(min_weight)}"
    )
    ineligible = int(
        store.scalar(
            f"SELECT count(DISTINCT account) FROM {SHARES} WHERE account NOT IN (SELECT account FROM _coord_eligible)"
        )
    )
    # min <> max: at least two accounts, without counting distinct values
    store.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {SHARES} AS
        WITH objects AS (
            SELECT object FROM {SHARES} s
            GROUP BY object
            HAVING min(account) <> max(account)
               AND bool_or(account IN (SELECT account FROM _coord_eligible))
        )
        SELECT * FROM {SHARES} WHERE object IN (SELECT object FROM objects)
        """
    )
    store.execute("DROP TABLE IF EXISTS _coord_eligible")
    return ineligible
