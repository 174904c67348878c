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
_URL = re.compile(
    r"^(?:(?P<scheme>https?)://)?(?:[^@/?#\s]*@)?(?P<host>[^/:?#\s]+)(?::(?P<port>\d+))?"
    r"(?P<path>/[^?#]*)?(?:\?(?P<query>[^#]*))?(?:#.*)?$",
    re.IGNORECASE,
)
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+\-]*:(?!\d)", re.IGNORECASE)  # mailto:, tel:, ftp:, not host:port
_HOST = re.compile(r"^[a-z0-9\-._~%]+\.[a-z0-9\-]+$", re.IGNORECASE)


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
