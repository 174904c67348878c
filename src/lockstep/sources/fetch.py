"""Fetch one http(s) URL to a temporary file, so that `lockstep ingest <url>` can read it.

Why so guarded: lockstep runs next to other services, and the URLs it is given come from
lists that nobody vetted. A URL (or a redirect from a hostile site) must not make it read
http://169.254.169.254/ or an intranet page. So:

- only http and https;
- every address the host resolves to must be public, and the connection goes to the very
  address that was checked (the original name travels in the Host header and TLS SNI, so
  certificates are still verified against it): a DNS answer that changes between check and
  connect cannot redirect the request;
- redirects are followed by hand and every hop is checked again;
- the body is capped in bytes after decompression (a gzip bomb counts at its real size),
  each wait on the server is capped by `timeout` and the whole fetch by `total_timeout`;
- proxies and credentials from the environment are ignored.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from lockstep.errors import InputError

MAX_REDIRECTS = 5
_CHUNK_BYTES = 65536
_USER_AGENT = "lockstep/0.1 (news ingest)"
_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class _Target:
    """A checked URL and the address to connect to instead of resolving the name again."""

    url: httpx.URL
    address: _IPAddress

    def request(self, client: httpx.Client) -> httpx.Request:
        pinned = self.url.copy_with(host=str(self.address))
        extensions = {"sni_hostname": self.url.raw_host.decode("ascii")} if self.url.scheme == "https" else {}
        headers = {"Host": self.url.netloc.decode("ascii")}
        return client.build_request("GET", pinned, headers=headers, extensions=extensions)


def fetch_to_file(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = 20.0,
    max_bytes: int = 100 * 1024 * 1024,
    total_timeout: float = 600.0,
) -> tuple[Path, str]:
    """Download `url` into a new temporary file; return its path and the final URL.

    The caller owns the file and deletes it. `allow_private` is for fetching from one's own
    network on purpose (and for tests against a loopback server).
    """
    fd, name = tempfile.mkstemp(prefix="lockstep-fetch-")
    path = Path(name)
    deadline = time.monotonic() + total_timeout
    try:
        with (
            os.fdopen(fd, "wb") as out,
            httpx.Client(
                timeout=timeout,
                trust_env=False,
                follow_redirects=False,
                limits=httpx.Limits(max_keepalive_connections=0),  # no TLS session reused across hops
                headers={"User-Agent": _USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            ) as client,
        ):
            final = _download(client, url, out, allow_private, max_bytes, deadline)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, final


def _download(
    client: httpx.Client, url: str, out: BinaryIO, allow_private: bool, max_bytes: int, deadline: float
) -> str:
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        target = _check(current, allow_private)
        try:
            with _send(client, target) as response:
                if response.is_redirect:
                    current = _next_hop(target.url, response)
                    continue
                if not response.is_success:
                    raise InputError(current, None, f"HTTP {response.status_code} {response.reason_phrase}")
                _save(response, out, max_bytes, deadline, current)
                return current
        except httpx.TimeoutException:
            raise InputError(current, None, "timed out waiting for the server") from None
        except httpx.HTTPError as err:
            raise InputError(current, None, f"cannot fetch: {type(err).__name__}: {err}") from None
    raise InputError(url, None, f"more than {MAX_REDIRECTS} redirects")


@contextmanager
def _send(client: httpx.Client, target: _Target) -> Iterator[httpx.Response]:
    response = client.send(target.request(client), stream=True)
    try:
        yield response
    finally:
        response.close()


def _check(url: str, allow_private: bool) -> _Target:
    """Parse, resolve and vet one hop: every address must pass, the first is connected to."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as err:
        raise InputError(url, None, f"not a valid URL: {err}") from None
    if parsed.scheme not in ("http", "https"):
        raise InputError(url, None, f"only http and https URLs can be fetched, not {parsed.scheme or 'this'}")
    if not parsed.raw_host:
        raise InputError(url, None, "URL without a host")
    addresses = _resolve(
        url, parsed.raw_host.decode("ascii"), parsed.port or (443 if parsed.scheme == "https" else 80)
    )
    if not allow_private:
        refused = [address for address in addresses if not _is_public(address)]
        if refused:
            raise InputError(url, None, f"refused: the host resolves to a non-public address ({refused[0]})")
    return _Target(parsed, addresses[0])


def _resolve(url: str, host: str, port: int) -> list[_IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as err:
        raise InputError(url, None, f"cannot resolve host {host}: {err}") from None
    # getaddrinfo gives IPv6 link-local addresses with a zone ("fe80::1%eth0")
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise InputError(url, None, f"host {host} has no address")
    return addresses


def _is_public(address: _IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    internal = (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )
    return address.is_global and not internal


def _next_hop(base: httpx.URL, response: httpx.Response) -> str:
    try:
        return str(base.join(response.headers["location"]))
    except (httpx.InvalidURL, ValueError) as err:
        raise InputError(str(base), None, f"redirect to an invalid URL: {err}") from None


def _save(response: httpx.Response, out: BinaryIO, max_bytes: int, deadline: float, url: str) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise InputError(url, None, f"body of {declared} bytes exceeds the {max_bytes}-byte cap")
    total = 0
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    for chunk in _decoded(response.iter_raw(), encoding, url):
        total += len(chunk)
        if total > max_bytes:
            raise InputError(url, None, f"body exceeds the {max_bytes}-byte cap")
        if time.monotonic() > deadline:
            raise InputError(url, None, "download took longer than the total time allowed")
        out.write(chunk)


def _decoded(raw: Iterator[bytes], encoding: str, url: str) -> Iterator[bytes]:
    """Undo gzip/deflate in bounded pieces.

    httpx would inflate each network chunk in one go, and 64 KiB of hostile gzip or brotli
    inflates to gigabytes in memory before any cap could look at it.
    """
    if encoding in ("", "identity"):
        yield from raw
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise InputError(url, None, f"unsupported Content-Encoding {encoding[:40]}")
    inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib or gzip header, detected
    try:
        for chunk in raw:
            pending = chunk
            while pending:
                if inflater.eof:  # gzip allows several members one after the other
                    inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)
                yield inflater.decompress(pending, _CHUNK_BYTES)
                pending = inflater.unconsumed_tail or inflater.unused_data
    except zlib.error as err:
        raise InputError(url, None, f"corrupt {encoding} body: {err}") from None
    if not inflater.eof:
        raise InputError(url, None, f"{encoding} body ends early")
