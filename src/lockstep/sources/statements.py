"""Joint statements and their signatories, keeping how complete each list is.

Two CSV layouts, recognised by their headers:

* **statements**: `statement_id, date, forum, lead, stance, declared_count, names_in_file,
  attestation, sources` — one row per statement. `sources` holds URLs separated by " ; " (notes
  in parentheses after a URL are left out of the URL). `attestation` says how complete the
  published list of signatories is ("source_list_complete", "source_list_partial_22_of_37",
  "count_only_names_not_retrieved"): the analyses show it beside every figure, because a partial
  list undercounts co-signature.
* **signatories**: `statement_id, country` plus optional `date, stance, attestation, source` —
  one row per signing state, the stance being the statement's side (supportive / critical).

Country names go through the one normaliser; an unknown name is rejected with its file and row.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import regex

from lockstep.model import Record, Rejected, Signature, Statement
from lockstep.sources.base import SourceFormat, SourceOptions, cap, display
from lockstep.sources.un_votes import dict_rows, header_of, parse_day
from lockstep.text.countries import country_code

_URL = regex.compile(r"https?://[^\s;,)\"']+")
_STATEMENT_COLUMNS = ("statement_id", "statement")


def source_urls(cell: str) -> list[str]:
    """The URLs of a sources cell, in order, each once."""
    return list(dict.fromkeys(_URL.findall(cell)))


def _int(value: str) -> int | None:
    text = value.strip()
    return int(text) if text.isdigit() else None


def _statement_id(row: dict[str, str]) -> str:
    return next((row[c].strip() for c in _STATEMENT_COLUMNS if row.get(c, "").strip()), "")


def _read_statements(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    for line, row in dict_rows(path, name):
        record = f"line {line}"
        if "__error__" in row:
            yield Rejected(name, record, row["__error__"])
            continue
        statement = _statement_id(row)
        if not statement:
            yield Rejected(name, record, "no statement_id")
            continue
        yield Statement(
            statement=statement,
            date=parse_day(row.get("date", "")),
            forum=cap(row.get("forum", "").strip()) or None,
            lead=cap(row.get("lead", "").strip()) or None,
            stance=row.get("stance", "").strip().casefold() or None,
            declared_count=_int(row.get("declared_count", "")),
            names_in_file=_int(row.get("names_in_file", "")),
            attestation=cap(row.get("attestation", "").strip()) or None,
            sources=source_urls(row.get("sources", "")),
            source_file=name,
            source_record=record,
        )


def _read_signatories(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    for line, row in dict_rows(path, name):
        record = f"line {line}"
        if "__error__" in row:
            yield Rejected(name, record, row["__error__"])
            continue
        statement = _statement_id(row)
        raw_country = row.get("country", "").strip()
        country = country_code(raw_country)
        if not statement:
            yield Rejected(name, record, "no statement_id")
        elif country is None:
            yield Rejected(name, record, f"unknown country name {raw_country[:80]!r}")
        else:
            urls = source_urls(row.get("source", "") or row.get("sources", ""))
            yield Signature(
                statement=statement,
                date=parse_day(row.get("date", "")),
                country=country,
                side=row.get("stance", "").strip().casefold()
                or row.get("side", "").strip().casefold()
                or None,
                completeness=cap(row.get("attestation", "").strip()) or None,
                source_url=urls[0] if urls else None,
                source_file=name,
                source_record=record,
            )


def _sniff_statements(path: Path, head: bytes) -> bool:
    header = set(header_of(head))
    return bool(header & set(_STATEMENT_COLUMNS)) and "stance" in header and "country" not in header


def _sniff_signatories(path: Path, head: bytes) -> bool:
    header = set(header_of(head))
    return bool(header & set(_STATEMENT_COLUMNS)) and "country" in header


FORMATS = (
    SourceFormat(
        name="statements",
        description="Joint statements: statement_id, date, forum, lead, stance, declared_count, attestation, sources",
        sniff=_sniff_statements,
        read=_read_statements,
    ),
    SourceFormat(
        name="signatories",
        description="Signatories of joint statements: statement_id, country (+ date, stance, attestation, source)",
        sniff=_sniff_signatories,
        read=_read_signatories,
    ),
)
