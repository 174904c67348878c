"""Outlet and actor catalogues: who publishes, who speaks, and every name they go by.

A document carries an outlet as a free-text name ("РИА Новости", "TASS - Russian", "新华网") or
as a URL; analyses need one stable id per outlet, its country and whether it is state-affiliated.
The catalogue is that mapping. Lockstep ships a starter catalogue (`lockstep/catalogues/*.yaml`)
and users add their own in the same YAML shape or as CSV, because analysts keep such lists in
spreadsheets.

Two input formats live here, `outlets` and `actors`. Each reads YAML (a top-level `outlets:` /
`actors:` list, or a plain list) or CSV (one row per entry, `|` between multiple values,
`aliases_<lang>` columns for names per language). A bad entry is yielded as `Rejected` with its
reason so that one typo does not lose the rest of a hand-made list; a file that is not YAML/CSV
at all raises `InputError`.

The pure helpers at the end (`domain_index`, `outlet_for_url`, `alias_index`, `lookup_alias`)
are what the ingest step uses to resolve the outlet name or URL a document carries.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml

from lockstep.errors import InputError
from lockstep.model import Actor, Outlet, Record, Rejected
from lockstep.sources.base import (
    MAX_FIELD_CHARS,
    SourceFormat,
    SourceOptions,
    decode_bytes,
    display,
    iter_text_lines,
    read_whole_text,
)

Kind = Literal["outlets", "actors"]

#: Kinds an actor may have (DESIGN.md, Records). "organization" is accepted and normalised,
#: because US spelling in a user's spreadsheet is not an error worth rejecting a row for.
ACTOR_KINDS = frozenset({"state", "person", "organisation", "outlet"})
_KIND_SYNONYMS = {"organization": "organisation", "org": "organisation", "country": "state"}

#: Separator of multiple values inside one CSV cell ("tass.ru|tass.com").
CSV_MULTI_SEPARATOR = "|"

_COUNTRY = re.compile(r"^[A-Za-z]{3}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
_TOP_KEY = {"outlets": re.compile(r"(?m)^outlets[ \t]*:"), "actors": re.compile(r"(?m)^actors[ \t]*:")}
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}
#: Longest id/name/alias kept; names are short, and a longer "name" is a broken row.
_MAX_NAME_CHARS = 500
#: Cap on list lengths per entry (domains, aliases): bounds the work a hostile file can cause.
_MAX_LIST_ITEMS = 1000


# --------------------------------------------------------------------------------------------
# Reading


def bundled_catalogue_paths() -> list[Path]:
    """The starter catalogue shipped inside the package: outlets first, then actors.

    Resolved next to this module (not via the working directory) so that an installed
    lockstep finds its catalogue wherever it is run from.
    """
    base = Path(__file__).resolve().parent.parent / "catalogues"
    return [base / "outlets.yaml", base / "actors.yaml"]


def load_catalogue(paths: Iterable[Path]) -> tuple[list[Outlet], list[Actor], list[Rejected]]:
    """Read catalogue files (outlets and actors, any mix) and split the records by type.

    Each YAML file is read for every top-level key it has, so one file may hold both lists.
    """
    outlets: list[Outlet] = []
    actors: list[Actor] = []
    rejected: list[Rejected] = []
    options = SourceOptions()
    for path in paths:
        head = _head(path)
        kinds: list[Kind] = [k for k in ("outlets", "actors") if _sniff(k, path, head)]
        if not kinds:
            kinds = ["actors"] if "actor" in path.name.casefold() else ["outlets"]
        for kind in kinds:
            for record in _read(kind, path, options):
                if isinstance(record, Outlet):
                    outlets.append(record)
                elif isinstance(record, Actor):
                    actors.append(record)
                elif isinstance(record, Rejected):
                    rejected.append(record)
    return outlets, actors, rejected


def load_bundled_catalogue() -> tuple[list[Outlet], list[Actor], list[Rejected]]:
    """The shipped starter catalogue, parsed (what `ingest` resolves outlet names against)."""
    return load_catalogue(bundled_catalogue_paths())


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(65536)
    except OSError:
        return b""


def _sniff(kind: Kind, path: Path, head: bytes) -> bool:
    """YAML with a top-level `outlets:`/`actors:` key, or CSV whose header names the columns.

    Outlet CSVs are told from actor CSVs by `state_affiliated`, which only outlets have (both
    may have `kind`).
    """
    try:
        text = decode_bytes(head, str(path)) if head else ""
    except Exception:
        return False
    if _TOP_KEY[kind].search(text):
        return True
    header = _csv_header(text)
    if header is None or "id" not in header or "name" not in header:
        return False
    if kind == "outlets":
        return "state_affiliated" in header
    return "kind" in header and "state_affiliated" not in header


def _csv_header(text: str) -> list[str] | None:
    """The normalised header of a CSV text, or None when the first line is not one."""
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "," not in line:
            return None
        try:
            row = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            return None
        return [_norm_column(c) for c in row]
    return None


def _norm_column(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().casefold().replace(" ", "_").replace("-", "_")


def _read(kind: Kind, path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    head = _head(path)
    text_head = ""
    try:
        text_head = decode_bytes(head, name) if head.strip() else ""
    except InputError:
        text_head = ""
    header = _csv_header(text_head) if text_head else None
    is_csv = path.suffix.casefold() in {".csv", ".tsv"} or (
        path.suffix.casefold() not in {".yaml", ".yml"}
        and header is not None
        and "id" in header
        and "name" in header
    )
    if is_csv:
        yield from _read_csv(kind, path, name)
    else:
        yield from _read_yaml(kind, path, name)


def _read_yaml(kind: Kind, path: Path, name: str) -> Iterator[Record]:
    text = read_whole_text(path, name)
    try:
        # safe_load only: a catalogue is data, and full YAML can construct arbitrary objects.
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise InputError(name, None, f"not valid YAML{where}: {err.problem or err}") from None
    except Exception as err:  # PyYAML raises ValueError etc. on e.g. an impossible date
        raise InputError(name, None, f"not valid YAML: {type(err).__name__}") from None
    items, prefix = _top_list(kind, data, name)
    seen: set[str] = set()
    for index, item in enumerate(items):
        record = f"{prefix}[{index}]"
        if not isinstance(item, Mapping):
            yield Rejected(name, record, f"entry is a {_type_name(item)}, not a mapping of fields")
            continue
        yield _build(kind, item, name, record, seen)


def _top_list(kind: Kind, data: object, name: str) -> tuple[list[object], str]:
    """The list of entries: `data[kind]` of a mapping, or the data itself when it is a list."""
    if isinstance(data, list):
        return data, kind
    if isinstance(data, Mapping):
        if kind not in data:
            keys = ", ".join(sorted(str(k)[:40] for k in data if isinstance(k, str | int)))[:200]
            raise InputError(name, None, f"no top-level `{kind}:` list (keys found: {keys or 'none'})")
        items = data[kind]
        if items is None:
            return [], kind
        if not isinstance(items, list):
            raise InputError(name, None, f"`{kind}:` must be a list of entries, not a {_type_name(items)}")
        return items, kind
    raise InputError(name, None, f"expected a `{kind}:` list or a plain list, found a {_type_name(data)}")


def _read_csv(kind: Kind, path: Path, name: str) -> Iterator[Record]:
    lines = (line for _, line in iter_text_lines(path, name))
    reader = csv.reader(lines)
    header: list[str] | None = None
    seen: set[str] = set()
    try:
        for row in reader:
            if header is None:
                if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                    continue
                header = [_norm_column(c) for c in row]
                missing = [c for c in ("id", "name") if c not in header]
                if missing:
                    raise InputError(
                        name, f"line {reader.line_num}", f"CSV header lacks {', '.join(missing)}"
                    )
                continue
            if not "".join(row).strip():
                continue
            record = f"line {reader.line_num}"
            if len(row) != len(header):
                yield Rejected(name, record, f"{len(row)} fields where the header has {len(header)}")
                continue
            fields = _csv_fields(header, row)
            yield _build(kind, fields, name, record, seen)
    except csv.Error as err:
        raise InputError(name, f"line {reader.line_num}", f"malformed CSV: {err}") from None
    if header is None:
        raise InputError(name, None, "no CSV header (expected columns id,name,...)")


def _csv_fields(header: list[str], row: list[str]) -> dict[str, object]:
    """A CSV row as the same field mapping a YAML entry gives (lists split on `|`)."""
    fields: dict[str, object] = {}
    aliases: dict[str, object] = {}
    for column, raw in zip(header, row, strict=True):
        value = raw.strip()
        if not value:
            continue
        if column.startswith("aliases_"):
            aliases[column.removeprefix("aliases_")] = _split_multi(value)
        elif column in {"domains", "languages"}:
            fields[column] = _split_multi(value)
        else:
            fields[column] = value
    if aliases:
        fields["aliases"] = aliases
    return fields


def _split_multi(value: str) -> list[str]:
    return [part.strip() for part in value.split(CSV_MULTI_SEPARATOR) if part.strip()]


# --------------------------------------------------------------------------------------------
# Validation: one entry (YAML mapping or CSV row) -> Outlet / Actor / Rejected


class _Bad(Exception):
    """An entry-level problem; becomes a `Rejected` record, never escapes this module."""


def _build(kind: Kind, item: Mapping[Any, object], file: str, record: str, seen: set[str]) -> Record:
    try:
        built: Outlet | Actor = _outlet(item) if kind == "outlets" else _actor(item)
    except _Bad as err:
        return Rejected(file, record, str(err))
    if built.id in seen:
        return Rejected(file, record, f"duplicate id {built.id!r} (the first entry with it is kept)")
    seen.add(built.id)
    return built


def _outlet(item: Mapping[Any, object]) -> Outlet:
    outlet_kind = _text(item, "kind") or "outlet"
    return Outlet(
        id=_required(item, "id"),
        name=_required(item, "name"),
        country=_country(item),
        state_affiliated=_bool(item, "state_affiliated"),
        affiliation_source=_source(item, "affiliation_source"),
        domains=_domains(item),
        languages=_languages(item),
        aliases=_aliases(item),
        kind=outlet_kind,
        notes=_long_text(item, "notes"),
    )


def _actor(item: Mapping[Any, object]) -> Actor:
    raw_kind = _text(item, "kind")
    if raw_kind is None:
        raise _Bad("no kind (expected one of state, person, organisation, outlet)")
    actor_kind = _KIND_SYNONYMS.get(raw_kind.casefold(), raw_kind.casefold())
    if actor_kind not in ACTOR_KINDS:
        raise _Bad(f"kind {raw_kind[:40]!r} is not one of state, person, organisation, outlet")
    return Actor(
        id=_required(item, "id"),
        kind=actor_kind,
        name=_required(item, "name"),
        country=_country(item),
        role=_long_text(item, "role"),
        aliases=_aliases(item),
        source=_source(item, "source"),
    )


def _type_name(value: object) -> str:
    """A value's type for messages. Never `repr` the value itself: YAML aliases can make a
    small file expand into an enormous structure when printed."""
    return {dict: "mapping", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _scalar(item: Mapping[Any, object], key: str) -> str | None:
    """A scalar field as text; numbers are accepted (an id of 42 is plausible in a CSV export)."""
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Bad(f"{key} is a boolean, expected text")
    if isinstance(value, str | int | float):
        text = " ".join(str(value).split())
        return text or None
    raise _Bad(f"{key} is a {_type_name(value)}, expected text")


def _text(item: Mapping[Any, object], key: str) -> str | None:
    text = _scalar(item, key)
    if text is not None and len(text) > _MAX_NAME_CHARS:
        raise _Bad(f"{key} is {len(text)} characters long (at most {_MAX_NAME_CHARS})")
    return text


def _long_text(item: Mapping[Any, object], key: str) -> str | None:
    text = _scalar(item, key)
    return text[:MAX_FIELD_CHARS] if text is not None else None


def _required(item: Mapping[Any, object], key: str) -> str:
    text = _text(item, key)
    if text is None:
        raise _Bad(f"no {key}")
    return text


def _country(item: Mapping[Any, object]) -> str | None:
    text = _scalar(item, "country")
    if text is None:
        return None
    if not _COUNTRY.match(text):
        raise _Bad(f"country {text[:20]!r} is not an ISO 3166 alpha-3 code (three letters, e.g. RUS)")
    return text.upper()


def _bool(item: Mapping[Any, object], key: str) -> bool | None:
    value = item.get(key)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        if not word:
            return None
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise _Bad(f"{key} {value[:20]!r} is not a boolean (true/false)")
    raise _Bad(f"{key} is a {_type_name(value)}, not a boolean (true/false)")


def _source(item: Mapping[Any, object], key: str) -> str | None:
    """A citation: text, or a list of texts/URLs joined with ` ; ` (the record has one field)."""
    value = item.get(key)
    if isinstance(value, list):
        parts = [_list_item(v, key) for v in value[:_MAX_LIST_ITEMS]]
        joined = " ; ".join(p for p in parts if p)
        return joined[:MAX_FIELD_CHARS] or None
    return _long_text(item, key)


def _list_item(value: object, key: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Bad(f"{key} holds a {_type_name(value)}, expected text")
    text = " ".join(str(value).split())
    if len(text) > MAX_FIELD_CHARS:
        raise _Bad(f"an item of {key} is too long")
    return text


def _string_list(item: Mapping[Any, object], key: str) -> list[str]:
    """A list field; a single string is accepted as a one-item list (`languages: ru`)."""
    value = item.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = _split_multi(value)
    if not isinstance(value, list):
        raise _Bad(f"{key} is a {_type_name(value)}, expected a list")
    if len(value) > _MAX_LIST_ITEMS:
        raise _Bad(f"{key} has {len(value)} items (at most {_MAX_LIST_ITEMS})")
    out: list[str] = []
    for entry in value:
        text = _list_item(entry, key)
        if len(text) > _MAX_NAME_CHARS:
            raise _Bad(f"an item of {key} is {len(text)} characters long (at most {_MAX_NAME_CHARS})")
        if text and text not in out:
            out.append(text)
    return out


def _domains(item: Mapping[Any, object]) -> list[str]:
    out: list[str] = []
    for raw in _string_list(item, "domains"):
        domain = normalise_domain(raw)
        if domain is None:
            raise _Bad(f"domain {raw[:60]!r} is not a host name (optionally with one path segment)")
        if domain not in out:
            out.append(domain)
    return out


def _languages(item: Mapping[Any, object]) -> list[str]:
    out: list[str] = []
    for raw in _string_list(item, "languages"):
        code = raw.strip().casefold().replace("_", "-")
        if not _LANGUAGE.match(code):
            raise _Bad(f"language {raw[:20]!r} is not an ISO 639 code (e.g. en, ru, zh)")
        if code not in out:
            out.append(code)
    return out


def _aliases(item: Mapping[Any, object]) -> dict[str, list[str]]:
    value = item.get("aliases")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _Bad(f"aliases is a {_type_name(value)}, expected a mapping of language to names")
    out: dict[str, list[str]] = {}
    for lang, names in value.items():
        if not isinstance(lang, str) or not _LANGUAGE.match(lang.strip().casefold()):
            raise _Bad("aliases are keyed by language codes (en, ru, zh, ...)")
        code = lang.strip().casefold()
        out[code] = _string_list({"aliases": names}, "aliases")
    return out


# --------------------------------------------------------------------------------------------
# Resolution helpers (pure): URL -> outlet id, name -> outlet/actor id

_HOST = re.compile(
    r"^[a-z0-9\u00a1-\uffff]([a-z0-9\u00a1-\uffff_-]*[a-z0-9\u00a1-\uffff])?(\.[a-z0-9\u00a1-\uffff_-]+)*$"
)
_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})


def normalise_domain(raw: str) -> str | None:
    """`https://www.BBC.com/russian/` -> `bbc.com/russian`; None when it is not a host.

    A catalogue domain may carry one path segment, because some outlets are a section of a
    bigger site (BBC Russian is bbc.com/russian) or a channel on a platform (t.me/bbcrussian).
    """
    text = raw.strip().casefold()
    if "://" in text:
        text = text.split("://", 1)[1]
    text = text.strip("/")
    host, _, rest = text.partition("/")
    host = host.split("@")[-1].split(":")[0].rstrip(".")
    host = host.removeprefix("www.")
    if not host or not _HOST.match(host) or "." not in host:
        return None
    segment = rest.split("/")[0].split("?")[0].split("#")[0] if rest else ""
    if segment and host in _TELEGRAM_HOSTS and segment == "s":
        segment = rest.split("/")[1] if rest.count("/") >= 1 else ""
    if segment and not re.fullmatch(r"[\w.~-]+", segment):
        return None
    return f"{host}/{segment}" if segment else host


def domain_index(outlets: Iterable[Outlet]) -> dict[str, str]:
    """Each catalogue domain (normalised) -> outlet id. The first outlet listing a domain wins,
    so a user catalogue loaded before the bundled one overrides it."""
    index: dict[str, str] = {}
    for outlet in outlets:
        for raw in outlet.domains:
            domain = normalise_domain(raw)
            if domain is not None:
                index.setdefault(domain, outlet.id)
    return index


def outlet_for_url(url: str, index: Mapping[str, str]) -> str | None:
    """The outlet id of a URL: the most specific catalogue entry matching its host.

    Tries the host with its first path segment, then the host, then each parent domain
    (`www.tass.ru` -> `tass.ru`; `english.news.cn` -> `news.cn`), so language editions and
    sub-domains resolve without listing each. Never raises: hostile URLs give None.
    """
    text = url.strip()
    if not text:
        return None
    if "://" not in text:
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        if parts.scheme.casefold() not in {"http", "https"}:
            return None
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if host in _TELEGRAM_HOSTS and segments[:1] == ["s"]:
        segments = segments[1:]
    first = segments[0].casefold() if segments else ""
    labels = host.casefold().split(".")
    for start in range(len(labels) - 1):
        suffix = ".".join(labels[start:])
        if first and (hit := index.get(f"{suffix}/{first}")) is not None:
            return hit
        if (hit := index.get(suffix)) is not None:
            return hit
    return None


def normalise_name(name: str) -> str:
    """The key names are compared by: NFKC, case-folded, whitespace collapsed, quotes unified.

    NFKC folds full-width forms (ＲＴ) and compatibility characters; case-folding also
    handles Cyrillic and the German ß; quotes vary between «Известия», "Известия" and Известия.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[«»\"“”„'’‘`]", "", text)
    text = text.replace("ё", "е")
    return " ".join(text.split())


def alias_index(outlets: Iterable[Outlet], actors: Iterable[Actor] = ()) -> dict[str, str]:
    """Every id, name and alias (normalised) -> the id it names.

    Outlets come before actors and the first claim of a name wins: a document's outlet field
    should resolve to an outlet even when an actor shares the name.
    """
    index: dict[str, str] = {}
    entries: list[Outlet | Actor] = [*outlets, *actors]
    for entry in entries:
        names = [entry.id, entry.name, *(n for names in entry.aliases.values() for n in names)]
        for name in names:
            key = normalise_name(name)
            if key:
                index.setdefault(key, entry.id)
    return index


_QUALIFIER = re.compile(r"(?:\s+[-–—|]\s+[^-–—|]+|\s*\([^()]*\))\s*$")


def lookup_alias(name: str, index: Mapping[str, str]) -> str | None:
    """Resolve a carried outlet/actor name; retries without a trailing qualifier.

    Case lists write "TASS - Russian", "NTV - YouTube" or "RT (Arabic)": the exact name is
    tried first, then the name with its last qualifier removed, so that a deliberate catalogue
    entry for the qualified name still wins.
    """
    key = normalise_name(name)
    if not key:
        return None
    if (hit := index.get(key)) is not None:
        return hit
    stripped = _QUALIFIER.sub("", key)
    if stripped and stripped != key:
        return index.get(stripped)
    return None


# --------------------------------------------------------------------------------------------
# Formats


def _read_outlets(path: Path, options: SourceOptions) -> Iterator[Record]:
    return _read("outlets", path, options)


def _read_actors(path: Path, options: SourceOptions) -> Iterator[Record]:
    return _read("actors", path, options)


OUTLETS_FORMAT = SourceFormat(
    name="outlets",
    description="Outlet catalogue (YAML `outlets:` list or CSV id,name,country,state_affiliated,...)",
    sniff=lambda path, head: _sniff("outlets", path, head),
    read=_read_outlets,
)

ACTORS_FORMAT = SourceFormat(
    name="actors",
    description="Actor catalogue: states, people, organisations (YAML `actors:` list or CSV id,name,kind,...)",
    sniff=lambda path, head: _sniff("actors", path, head),
    read=_read_actors,
)

FORMATS = (OUTLETS_FORMAT, ACTORS_FORMAT)
