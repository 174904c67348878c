"""UN roll-call votes: the Voeten / unvotes three-file layout and long vote CSVs.

**unvotes layout** (`un_votes.csv` rcid,country,country_code,vote; `un_roll_calls.csv` rcid,session,
importantvote,date,unres,amend,para,short,descr; `un_roll_call_issues.csv` rcid,short_name,issue).
Whichever of the three is ingested, its siblings in the same folder are joined: votes get the roll
call's date, resolution and issues; roll calls get their issues. Ingesting the folder stores the
votes once (from `un_votes.csv`) and the roll calls once (the issues file repeats them as
duplicates). `rcid` is written as a float ("3.0") and becomes "3". Countries are resolved from the
ISO alpha-2 column first, then the name (the data has no code for West Germany, the Yemen Arab
Republic or Zanzibar). The data codes the USSR's seat as Russia (RU) and the Republic of China's
seat before 1971 as Taiwan (TW); we keep its coding. Absent members are omitted by the data.

**Long CSV**: one row per (resolution, country, vote), e.g. `resolution,label,country,vote`, with
optional date, forum, roll_call, issue, attestation/completeness and source columns. "absent"
(and "non-voting", "did not vote") is kept as position `absent`: stored so that a list is
complete, never counted as a cast vote. A missing date is taken from the bundled targets table
(`catalogues/targets.yaml`) when it knows the resolution.

Resolution symbols are normalised so that sources agree: "R/68/262" and "68/262" become
"A/RES/68/262", "ESS/11/1" and "ES-11/1" become "A/RES/ES-11/1", "SS/.." special sessions "A/RES/S-..".
An unknown country name is rejected with its file and row, never dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import regex

from lockstep.errors import InputError
from lockstep.model import Record, Rejected, RollCall, Vote
from lockstep.sources.base import SourceFormat, SourceOptions, cap, display, iter_text_lines
from lockstep.text.countries import country_code

VOTES_FILE, ROLL_CALLS_FILE, ISSUES_FILE = "un_votes.csv", "un_roll_calls.csv", "un_roll_call_issues.csv"
UNGA = "UNGA"
#: Spellings of a vote, in the sources we know, to our four positions.
POSITIONS = {
    **dict.fromkeys(("yes", "y", "in favour", "in favor", "for", "1"), "yes"),
    **dict.fromkeys(("no", "n", "against", "3"), "no"),
    **dict.fromkeys(("abstain", "abstention", "abstained", "a", "2"), "abstain"),
    **dict.fromkeys(("absent", "non-voting", "not voting", "did not vote", "8", "9"), "absent"),
}
_SYMBOL = regex.compile(r"(?i)^(?:A/RES/|R/)?(ESS?[-/]?|SS?[-/]?)?(\d+)/(\d+.*)$")


def normalise_resolution(symbol: str) -> str:
    """One spelling per resolution symbol ("R/68/262", "68/262" → "A/RES/68/262")."""
    text = symbol.strip()
    found = _SYMBOL.match(text)
    if not found:
        return text
    prefix, session, number = found.groups()
    kind = ""
    if prefix:
        kind = "ES-" if prefix.upper().startswith("E") else "S-"
    return f"A/RES/{kind}{session}/{number}"


def forum_of(symbol: str) -> str:
    """The forum a symbol belongs to: A/HRC/... is the Human Rights Council, A/... the Assembly."""
    upper = symbol.upper()
    if upper.startswith("A/HRC/"):
        return "HRC"
    if upper.startswith("S/"):
        return "UNSC"
    return UNGA


def position_of(value: str) -> str | None:
    return POSITIONS.get(value.strip().casefold())


def dict_rows(path: Path, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """CSV rows as dicts keyed by lower-cased header names, with the line each starts on."""
    try:
        lines = (line for _, line in iter_text_lines(path, name))
        reader = csv.reader(lines)
        header = [h.strip().lstrip("\ufeff").casefold() for h in next(reader, [])]
        if not header:
            raise InputError(name, None, "empty file")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield reader.line_num, {"__error__": f"{len(row)} fields, expected {len(header)}"}
                continue
            yield reader.line_num, dict(zip(header, row, strict=True))
    except csv.Error as err:
        raise InputError(name, None, f"malformed CSV: {err}") from None
    except OSError as err:
        raise InputError(name, None, f"cannot read: {err.strerror or err}") from None


def header_of(head: bytes) -> list[str]:
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    return [cell.strip().strip('"').casefold() for cell in first.split(",")]


def parse_day(value: str) -> dt.date | None:
    text = value.strip()[:10]
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


# -- the unvotes layout ---------------------------------------------------------------------


def _rcid(value: str) -> str:
    text = value.strip()
    return text[:-2] if text.endswith(".0") else text


def _issues(folder: Path) -> dict[str, list[str]]:
    path = folder / ISSUES_FILE
    found: dict[str, list[str]] = {}
    if path.exists():
        for _, row in dict_rows(path, str(path)):
            if "__error__" not in row and row.get("issue"):
                found.setdefault(_rcid(row.get("rcid", "")), []).append(row["issue"].strip())
    return found


def _roll_calls(folder: Path, display_name: str) -> Iterator[Record]:
    path = folder / ROLL_CALLS_FILE
    issues = _issues(folder)
    for line, row in dict_rows(path, display_name):
        record = f"line {line}"
        if "__error__" in row:
            yield Rejected(display_name, record, row["__error__"])
            continue
        rcid = _rcid(row.get("rcid", ""))
        if not rcid:
            yield Rejected(display_name, record, "no rcid")
            continue
        session = row.get("session", "").strip()
        yield RollCall(
            forum=UNGA,
            roll_call=rcid,
            resolution=normalise_resolution(row["unres"]) if row.get("unres", "").strip() else None,
            date=parse_day(row.get("date", "")),
            title=cap(row.get("short", "").strip()) or None,
            description=cap(row.get("descr", "").strip()) or None,
            issues=sorted(issues.get(rcid, [])),
            session=int(float(session)) if session.replace(".", "", 1).isdigit() else None,
            important=_flag(row.get("importantvote", "")),
            amendment=_flag(row.get("amend", "")),
            paragraph=_flag(row.get("para", "")),
            source_file=display_name,
            source_record=record,
        )


def _flag(value: str) -> bool | None:
    text = value.strip()
    return None if not text else text not in ("0", "0.0", "false", "FALSE")


def _read_roll_calls(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    if not (path.parent / ROLL_CALLS_FILE).exists():
        raise InputError(name, None, f"the issues file needs {ROLL_CALLS_FILE} beside it")
    yield from _roll_calls(path.parent, name)


def _read_unvotes(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    calls: dict[str, RollCall] = {}
    if (path.parent / ROLL_CALLS_FILE).exists():
        calls = {c.roll_call: c for c in _roll_calls(path.parent, str(path.parent / ROLL_CALLS_FILE))
                 if isinstance(c, RollCall)}  # fmt: skip
    for line, row in dict_rows(path, name):
        record = f"line {line}"
        if "__error__" in row:
            yield Rejected(name, record, row["__error__"])
            continue
        rcid = _rcid(row.get("rcid", ""))
        country = _country(row.get("country_code", "")) or country_code(row.get("country", ""))
        position = position_of(row.get("vote", ""))
        if not rcid:
            yield Rejected(name, record, "no rcid")
        elif country is None:
            yield Rejected(name, record, f"unknown country name {row.get('country', '')[:80]!r}")
        elif position is None:
            yield Rejected(name, record, f"unknown vote {row.get('vote', '')[:40]!r}")
        else:
            call = calls.get(rcid)
            yield Vote(
                forum=UNGA,
                resolution=(call.resolution if call and call.resolution else f"UNGA roll call {rcid}"),
                date=call.date if call else None,
                country=country,
                position=position,
                issue="; ".join(call.issues) if call and call.issues else None,
                source_file=name,
                source_record=record,
                roll_call=rcid,
            )


@lru_cache(maxsize=512)
def _country(iso2: str) -> str | None:
    return country_code(iso2.strip().upper()) if len(iso2.strip()) == 2 else None


# -- long vote CSVs -------------------------------------------------------------------------

_RESOLUTION_COLUMNS = ("resolution", "unres", "symbol", "resolution_id")
_COUNTRY_COLUMNS = ("country", "state", "member", "country_name")
_VOTE_COLUMNS = ("vote", "position")


def _first(row: dict[str, str], names: tuple[str, ...]) -> str:
    for column in names:
        if row.get(column, "").strip():
            return row[column].strip()
    return ""


def _read_long(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    dates = bundled_target_dates()
    for line, row in dict_rows(path, name):
        record = f"line {line}"
        if "__error__" in row:
            yield Rejected(name, record, row["__error__"])
            continue
        raw_symbol = _first(row, _RESOLUTION_COLUMNS)
        raw_country = _first(row, _COUNTRY_COLUMNS)
        raw_vote = _first(row, _VOTE_COLUMNS)
        country = country_code(raw_country)
        position = position_of(raw_vote)
        if not raw_symbol:
            yield Rejected(name, record, "no resolution")
            continue
        if country is None:
            yield Rejected(name, record, f"unknown country name {raw_country[:80]!r}")
            continue
        if position is None:
            yield Rejected(name, record, f"unknown vote {raw_vote[:40]!r}")
            continue
        symbol = normalise_resolution(raw_symbol)
        yield Vote(
            forum=row.get("forum", "").strip() or forum_of(symbol),
            resolution=symbol,
            date=parse_day(row.get("date", "")) or dates.get(symbol),
            country=country,
            position=position,
            issue=row.get("issue", "").strip() or None,
            source_file=name,
            source_record=record,
            roll_call=row.get("roll_call", "").strip() or None,
            completeness=(row.get("attestation") or row.get("completeness") or "").strip() or None,
            source_url=cap((row.get("source") or row.get("source_url") or "").strip()) or None,
        )


def bundled_target_dates() -> dict[str, dt.date]:
    """Dates of the resolutions the bundled targets table knows (for files without a date column)."""
    from lockstep.sources.targets import bundled_targets

    return {t.ref: t.date for t in bundled_targets() if t.date}


# -- detection ------------------------------------------------------------------------------


def _sniff_votes(path: Path, head: bytes) -> bool:
    header = header_of(head)
    return header[:1] == ["rcid"] and "vote" in header and "country" in header


def _sniff_roll_calls(path: Path, head: bytes) -> bool:
    header = header_of(head)
    return header[:1] == ["rcid"] and ("unres" in header or ("short_name" in header and "issue" in header))


def _sniff_long(path: Path, head: bytes) -> bool:
    header = set(header_of(head))
    return (
        bool(header & set(_RESOLUTION_COLUMNS))
        and bool(header & set(_COUNTRY_COLUMNS))
        and bool(header & set(_VOTE_COLUMNS))
    )


FORMATS = (
    SourceFormat(
        name="unvotes",
        description="UN General Assembly votes, unvotes layout (un_votes.csv joined with its roll calls and issues)",
        sniff=_sniff_votes,
        read=_read_unvotes,
    ),
    SourceFormat(
        name="unvotes-roll-calls",
        description="UN roll calls of the unvotes layout (un_roll_calls.csv or un_roll_call_issues.csv)",
        sniff=_sniff_roll_calls,
        read=_read_roll_calls,
    ),
    SourceFormat(
        name="votes-csv",
        description="Long vote CSV: resolution, country, vote (yes/no/abstain/absent), optional date and source",
        sniff=_sniff_long,
        read=_read_long,
    ),
)
