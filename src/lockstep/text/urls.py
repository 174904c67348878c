"""One spelling per web address, so that co-link joins the same page however it was written.

Why: accounts that push the same article rarely paste byte-identical links. Sharing buttons
append `utm_*` campaign tags or `fbclid`, some clients drop the scheme or `www.`, others keep a
trailing slash or a `#fragment`. None of these change the page, so the coordination key drops
them: scheme (http and https are one page for this purpose), `www.`, the case of the host,
default ports, the fragment, a trailing slash, and known tracking parameters. The path and the
remaining query keep their case and order, because servers may treat them as significant.

A value that is not an http(s) or scheme-less `host/path` address (CooRTweet's hashed url ids,
for instance) is returned stripped but otherwise unchanged, so it still joins exact copies.
"""

from __future__ import annotations

import re

#: Query parameters that identify a campaign, click or sharer, never the page itself.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref_src",
        "ref_url",
        "twclid",
        "wt.mc_id",
    }
)
_TRACKING_PREFIXES = ("utm_",)
#: Ports that http or https imply; the scheme is dropped, so either default goes.
_DEFAULT_PORTS = frozenset({"80", "443"})
#: The rules as pattern text, written in the subset that Python's `re` and DuckDB's RE2 read
#: alike on ASCII, so that `normalise_url` and `normalise_url_sql` share one definition.
URL_PATTERN = (
    r"^(?:(?P<scheme>https?)://)?(?:[^@/?#\s]*@)?(?P<host>[^/:?#\s]+)(?::(?P<port>\d+))?"
    r"(?P<path>/[^?#]*)?(?:\?(?P<query>[^#]*))?(?:#.*)?$"
)
OTHER_SCHEME_PATTERN = r"^[a-z][a-z0-9+\-]*:(?:[^0-9]|$)"  # mailto:, tel:, ftp:, not host:port
HOST_PATTERN = r"^[a-z0-9\-._~%]+\.[a-z0-9\-]+$"
#: Already in normal form but for the scheme and trailing slashes: lower-case dotted host without
#: `www.`, user, port, query or fragment, a printable-ASCII path. Most shared links look like this;
#: their key is one string operation instead of the whole rule set (`plain_url_key_sql`).
PLAIN_URL_PATTERN = r"https?://[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?:/[!\"$->@-~]*)?"
_URL = re.compile(URL_PATTERN, re.IGNORECASE)
_OTHER_SCHEME = re.compile(OTHER_SCHEME_PATTERN, re.IGNORECASE)
_HOST = re.compile(HOST_PATTERN, re.IGNORECASE)
_URL_GROUPS = ("scheme", "host", "port", "path", "query")


def normalise_url(url: str) -> str:
    """The coordination key of a URL: `host/path?query` without the parts that do not name the page.

    >>> normalise_url("HTTPS://www.Example.com:443/a/b/?utm_source=x&id=3#top")
    'example.com/a/b?id=3'
    """
    value = url.strip()
    match = _URL.match(value)
    if match is None or (_OTHER_SCHEME.match(value) and not match.group("scheme")):
        return value
    scheme = (match.group("scheme") or "").lower()
    host = match.group("host").lower().rstrip(".")
    if not scheme and not _HOST.match(host):
        return value  # no scheme and no dotted host: an id, a word, not an address
    if host.startswith("www."):
        host = host[4:]
    port = match.group("port")
    if port and port not in _DEFAULT_PORTS:
        host = f"{host}:{port}"
    path = (match.group("path") or "").rstrip("/")
    query = _without_tracking(match.group("query") or "")
    return f"{host}{path}?{query}" if query else f"{host}{path}"


def _without_tracking(query: str) -> str:
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        name = pair.split("=", 1)[0].lower()
        if name in TRACKING_PARAMETERS or name.startswith(_TRACKING_PREFIXES):
            continue
        kept.append(pair)
    return "&".join(kept)


def plain_url_sql(column: str) -> tuple[str, str]:
    """SQL (condition, key) for the URLs of `column` that match `PLAIN_URL_PATTERN`: for those,
    `normalise_url` only drops the scheme and trailing slashes (property-tested)."""
    condition = (
        f"regexp_full_match({column}, {_sql_text(PLAIN_URL_PATTERN)}) "
        f"AND NOT starts_with(substr({column}, strpos({column}, '://') + 3), 'www.')"
    )
    return condition, f"rtrim(substr({column}, strpos({column}, '://') + 3), '/')"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def normalise_urls_sql(urls: str) -> str:
    """`normalise_url` as DuckDB SQL: a query giving `(url, object)` for every row of the query
    or table `urls` (column `url`; printable ASCII only).

    Same patterns, same steps, so the rules have one definition; equivalence is a property test
    over generated URLs (tests/test_coordination_fast.py). Python's `strip`, `lower` and `\\s`
    read non-ASCII differently from DuckDB's, so callers send other URLs to `normalise_url`.
    """
    pattern = _sql_text("(?i)" + URL_PATTERN)
    tracking = ", ".join(_sql_text(name) for name in sorted(TRACKING_PARAMETERS))
    prefixes = " OR ".join(
        f"starts_with(lower(split_part(q, '=', 1)), {_sql_text(p)})" for p in _TRACKING_PREFIXES
    )
    ports = ", ".join(_sql_text(port) for port in sorted(_DEFAULT_PORTS))
    return f"""
        SELECT url, CASE
            WHEN NOT regexp_full_match(v, {pattern})
              OR (regexp_matches(v, {_sql_text("(?i)" + OTHER_SCHEME_PATTERN)}) AND m.scheme = '') THEN v
            WHEN m.scheme = '' AND NOT regexp_full_match(host, {_sql_text("(?i)" + HOST_PATTERN)}) THEN v
            ELSE (CASE WHEN starts_with(host, 'www.') THEN host[5:] ELSE host END)
                 || (CASE WHEN m.port <> '' AND m.port NOT IN ({ports}) THEN ':' || m.port ELSE '' END)
                 || rtrim(m.path, '/')
                 || (CASE WHEN kept <> '' THEN '?' || kept ELSE '' END)
        END AS object
        FROM (
            SELECT url, v, m, rtrim(lower(m.host), '.') AS host,
                   array_to_string(list_filter(string_split(m.query, '&'),
                       lambda q: q <> '' AND lower(split_part(q, '=', 1)) NOT IN ({tracking}) AND NOT ({prefixes})), '&') AS kept
            FROM (
                SELECT url, v, regexp_extract(v, {pattern}, {list(_URL_GROUPS)!r}) AS m
                FROM (SELECT url, regexp_replace(url, '^\\s+|\\s+$', '', 'g') AS v FROM {urls})
            )
        )
    """
