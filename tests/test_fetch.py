"""Fetching URLs safely, against a real HTTP server on the loopback interface."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from lockstep.errors import InputError
from lockstep.model import Document
from lockstep.sources import feeds, fetch
from lockstep.sources.base import SourceOptions

pytestmark = pytest.mark.network

FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loopback News</title>'
    b"<item><title>Served locally</title><link>https://news.example/1</link>"
    b"<description>A story fetched over HTTP.</description></item></channel></rss>"
)
BIG = 2_000_000


class Handler(BaseHTTPRequestHandler):
    """One behaviour per path; HTTP/1.0, so a body without Content-Length ends on close."""

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        path = self.path
        if path == "/feed":
            self.reply(200, FEED, {"Content-Type": "application/rss+xml"})
        elif path == "/feed-gzip":
            self.reply(200, gzip.compress(FEED), {"Content-Encoding": "gzip"})
        elif path == "/gzip-members":
            self.reply(200, gzip.compress(FEED[:50]) + gzip.compress(FEED[50:]), {"Content-Encoding": "gzip"})
        elif path == "/gzip-cut":
            self.reply(200, gzip.compress(FEED)[:-20], {"Content-Encoding": "gzip"})
        elif path == "/gzip-bomb":
            self.reply(200, gzip.compress(bytes(50_000_000)), {"Content-Encoding": "gzip"})
        elif path == "/brotli":
            self.reply(200, b"\x0b\x02\x80hello\x03", {"Content-Encoding": "br"})
        elif path == "/large":
            self.reply(200, bytes(BIG))
        elif path == "/large-undeclared":
            self.send_response(200)
            self.end_headers()
            for _ in range(BIG // 65536 + 1):
                self.wfile.write(bytes(65536))
        elif path == "/slow":
            time.sleep(2)
            self.reply(200, FEED)
        elif path == "/trickle":
            self.send_response(200)
            self.end_headers()
            for _ in range(60):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        elif path == "/host":
            self.reply(200, self.headers.get("Host", "").encode())
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self.redirect(f"/chain/{left - 1}" if left > 0 else "/feed")
        elif path.startswith("/to?"):
            self.redirect(path.split("?", 1)[1])
        else:
            self.reply(404, b"not here")

    def reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """The client hanging up mid-body is what the cap tests provoke; not worth a traceback."""


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def own_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Fetched files land in the test's folder, so a leftover file is visible."""
    monkeypatch.setattr(fetch.tempfile, "tempdir", str(tmp_path))
    return tmp_path


def fetched(url: str, **kwargs: float | int | bool) -> tuple[Path, str]:
    return fetch.fetch_to_file(url, allow_private=True, **kwargs)


# --- address policy ---------------------------------------------------------------------


def test_loopback_refused_by_default(base: str, own_tempdir: Path) -> None:
    with pytest.raises(InputError, match=r"non-public address \(127\.0\.0\.1\)"):
        fetch.fetch_to_file(f"{base}/feed")
    assert list(own_tempdir.iterdir()) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://2130706433/",  # 127.0.0.1 written as one number
    ],
)
def test_internal_addresses_refused(url: str) -> None:
    with pytest.raises(InputError, match="refused"):
        fetch.fetch_to_file(url)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:10.0.0.1", False),
        ("93.184.216.34", True),
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
    ],
)
def test_address_policy(address: str, public: bool) -> None:
    assert fetch._is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    "url", ["ftp://example.com/feed.xml", "file:///etc/passwd", "gopher://x/", "not a url"]
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(InputError, match="only http and https"):
        fetch.fetch_to_file(url)


# --- fetching ---------------------------------------------------------------------------


def test_fetch_then_ingest(base: str) -> None:
    path, final = fetched(f"{base}/feed")
    assert path.read_bytes() == FEED
    assert final == f"{base}/feed"
    (doc,) = feeds.read(path, SourceOptions(display_name=final))
    assert isinstance(doc, Document)
    assert (doc.outlet, doc.title, doc.source_file) == ("Loopback News", "Served locally", final)


@pytest.mark.parametrize("path", ["/feed-gzip", "/gzip-members"])
def test_gzip_body_is_decoded(base: str, path: str) -> None:
    saved, _ = fetched(base + path)
    assert saved.read_bytes() == FEED


def test_cut_gzip_body_refused(base: str) -> None:
    with pytest.raises(InputError, match="gzip body ends early"):
        fetched(f"{base}/gzip-cut")


def test_connection_goes_to_the_checked_address(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that resolves to the loopback once, then elsewhere (DNS rebinding): the
    request must still go to the address that was checked, with the name as Host."""
    real = socket.getaddrinfo
    port = int(base.rsplit(":", 1)[1])
    answers = iter(["127.0.0.1"])

    def rebinding(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.test":
            return real(next(answers, "10.255.255.1"), *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    path, _ = fetched(f"http://rebind.test:{port}/host", timeout=2)
    assert path.read_bytes() == f"rebind.test:{port}".encode()


def test_http_error_status(base: str, own_tempdir: Path) -> None:
    with pytest.raises(InputError, match="HTTP 404"):
        fetched(f"{base}/missing")
    assert list(own_tempdir.iterdir()) == []


# --- caps -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/large", "/large-undeclared", "/gzip-bomb"])
def test_size_cap(base: str, own_tempdir: Path, path: str) -> None:
    with pytest.raises(InputError, match="1000000-byte cap"):
        fetched(base + path, max_bytes=1_000_000)
    assert list(own_tempdir.iterdir()) == []


def test_size_cap_is_inclusive(base: str) -> None:
    path, _ = fetched(f"{base}/large", max_bytes=BIG)
    assert path.stat().st_size == BIG


def test_unsupported_encoding_refused(base: str) -> None:
    with pytest.raises(InputError, match="unsupported Content-Encoding br"):
        fetched(f"{base}/brotli")


def test_timeout(base: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        fetched(f"{base}/slow", timeout=0.3)
    assert time.monotonic() - started < 1.5


def test_total_timeout_stops_a_trickle(base: str) -> None:
    """Each byte arrives well within `timeout`; only the whole-fetch limit can stop it."""
    with pytest.raises(InputError, match="longer than the total time"):
        fetched(f"{base}/trickle", timeout=1, total_timeout=0.5)


# --- redirects --------------------------------------------------------------------------


def test_redirects_followed(base: str) -> None:
    path, final = fetched(f"{base}/chain/{fetch.MAX_REDIRECTS - 1}")
    assert path.read_bytes() == FEED
    assert final == f"{base}/feed"


def test_too_many_redirects(base: str) -> None:
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetched(f"{base}/chain/{fetch.MAX_REDIRECTS}")


@pytest.mark.parametrize("target", ["ftp://example.com/feed.xml", "file:///etc/passwd"])
def test_redirect_to_other_scheme_refused(base: str, target: str) -> None:
    with pytest.raises(InputError, match="only http and https"):
        fetched(f"{base}/to?{target}")


def test_every_hop_is_checked(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without allow_private, a public first hop that redirects inward must be refused.
    127.0.0.1 plays the public server here; 127.0.0.2 is the internal one."""
    monkeypatch.setattr(fetch, "_is_public", lambda address: str(address) == "127.0.0.1")
    port = base.rsplit(":", 1)[1]
    path, _ = fetch.fetch_to_file(f"{base}/feed")  # the first hop alone is allowed
    assert path.read_bytes() == FEED
    with pytest.raises(InputError, match=r"non-public address \(127\.0\.0\.2\)"):
        fetch.fetch_to_file(f"{base}/to?http://127.0.0.2:{port}/feed")
