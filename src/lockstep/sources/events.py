"""Curated events (visits, meetings, interviews, statements, votes...) from YAML or CSV, each with
its sources.

YAML: a top-level `events:` list; CSV: a header with at least `date`, `kind` and `sources`.
Fields of an event:

| field | meaning |
|---|---|
| `date` | `2021`, `2021-06` or `2021-06-14`: the precision (year, month, day) is what is written |
| `kind` | one of visit, meeting, interview, statement, joint_statement, vote, publication, other |
| `actors` | who acted: a list (CSV: separated by `|` or `;`); state names become ISO alpha-3 codes |
| `issue` | what it is about (e.g. xinjiang, ukraine) |
| `stance`, `target` | supports / opposes / neutral, toward whom (a state name or an actor) |
| `place`, `quote`, `title` | where; the words said; a one-line summary |
| `sources` | URLs (http/https) and/or ids of documents in the store (`doc:<id>`): at least one |
| `id` | optional: the source's own id of the event |

An event without a source is rejected ("event without a source"): a chronology that cannot be
checked is not evidence. The rest of the file still goes in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Mapping
from pathlib import Path

import regex
import yaml

from lockstep.errors import InputError
from lockstep.model import Event, Precision, Record, Rejected
from lockstep.sources.base import SourceFormat, SourceOptions, cap, display, read_whole_text
from lockstep.sources.un_votes import header_of
from lockstep.text.countries import country_code

KINDS = ("visit", "meeting", "interview", "statement", "joint_statement", "vote", "publication", "other")
STANCES = ("supports", "opposes", "neutral")
_DATE = regex.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DOC_ID = regex.compile(r"^(?:doc:)?([0-9a-f]{24})$")
_SPLIT = regex.compile(r"\s*[|;]\s*")


def parse_event_date(value: object) -> tuple[dt.date, Precision]:
    """A date and the precision it was written with (year, month or day)."""
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    text = str(value if value is not None else "").strip()
    found = _DATE.match(text)
    if not found:
        raise ValueError(f"date {text[:40]!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = found.groups()
    try:
        when = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as err:
        raise ValueError(f"date {text!r}: {err}") from None
    return when, "day" if day else "month" if month else "year"


def normalise_source(value: str) -> str | None:
    """A URL (http/https) or a store document id as `doc:<id>`; anything else is not a source."""
    text = value.strip()
    if text.startswith(("http://", "https://")) and len(text) > 10:
        return cap(text)
    found = _DOC_ID.match(text)
    return f"doc:{found.group(1)}" if found else None


def _list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [part for part in _SPLIT.split(str(value).strip()) if part]


def _actor(name: str) -> str:
    return country_code(name) or name


def build_event(item: Mapping[str, object], file: str, record: str) -> Event:
    """One event from a mapping of its fields; raises ValueError with the reason it is refused."""
    raw_sources = _list(item.get("sources") or item.get("source"))
    sources = [s for s in (normalise_source(v) for v in raw_sources) if s]
    if not sources:
        bad = f" ({raw_sources[0][:60]!r} is neither an http(s) URL nor a document id)" if raw_sources else ""
        raise ValueError(f"event without a source: give at least one URL or document id in `sources`{bad}")
    when, precision = parse_event_date(item.get("date"))
    kind = str(item.get("kind") or "").strip().casefold().replace(" ", "_")
    if kind not in KINDS:
        raise ValueError(f"kind {kind[:40]!r} is not one of {', '.join(KINDS)}")
    stance = str(item.get("stance") or "").strip().casefold() or None
    if stance is not None and stance not in STANCES:
        raise ValueError(f"stance {stance[:40]!r} is not one of {', '.join(STANCES)}")
    target = str(item.get("target") or "").strip() or None
    if stance in ("supports", "opposes") and target is None:
        raise ValueError(f"stance {stance!r} needs a `target` (toward whom)")
    actors = [_actor(a) for a in _list(item.get("actors") or item.get("actor"))]
    if not actors:
        raise ValueError("event without actors")
    return Event(
        date=when,
        precision=precision,
        kind=kind,
        actors=list(dict.fromkeys(actors)),
        sources=list(dict.fromkeys(sources)),
        issue=_text(item, "issue"),
        stance=stance,
        target=_actor(target) if target else None,
        place=_text(item, "place"),
        quote=_text(item, "quote"),
        title=_text(item, "title"),
        source_file=file,
        source_record=record,
        external_id=_text(item, "id"),
    )


def _text(item: Mapping[str, object], key: str) -> str | None:
    value = item.get(key)
    return (cap(str(value).strip()) or None) if value is not None else None


def _read(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    text = read_whole_text(path, name)
    items: list[tuple[str, object]]
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise InputError(name, None, f"malformed YAML: {err}") from None
        listed = data.get("events") if isinstance(data, dict) else None
        if not isinstance(listed, list):
            raise InputError(name, None, "expected an `events:` list")
        items = [(f"item {i}", item) for i, item in enumerate(listed, start=1)]
    else:
        try:
            reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
            items = [(f"line {reader.line_num}", {k.strip().casefold(): v for k, v in row.items() if k})
                     for row in reader]  # fmt: skip
        except csv.Error as err:
            raise InputError(name, None, f"malformed CSV: {err}") from None
    for record, item in items:
        if not isinstance(item, Mapping):
            yield Rejected(name, record, "event is not a mapping")
            continue
        try:
            yield build_event({str(k): v for k, v in item.items()}, name, record)
        except ValueError as bad:
            yield Rejected(name, record, str(bad))


def _sniff(path: Path, head: bytes) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return any(line.startswith("events:") for line in head.decode("utf-8", errors="replace").splitlines())
    if suffix == ".csv":
        header = set(header_of(head))
        return {"date", "kind", "sources"} <= header
    return False


FORMAT = SourceFormat(
    name="events",
    description="Curated events with sources (YAML `events:` list, or CSV with date, kind, actors, sources)",
    sniff=_sniff,
    read=_read,
)
