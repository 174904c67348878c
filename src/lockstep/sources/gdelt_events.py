"""GDELT 2.0 Events exports: 61 tab-separated columns, no header (or a header of the codebook's
column names, any case), one machine-coded event per row.

Each row becomes an `Event` whose kind comes from its CAMEO code (`CAMEO_KINDS`, most specific
prefix first): 042/043 make/host a visit → visit; 036 intent to meet, 04x consult → meeting;
051 praise, 052 defend verbally, 053 rally support → statement that *supports* actor 2; 057 sign
a formal agreement → joint_statement (supports); 01/02/03/10 verbal → statement; 11/12/13
disapprove, reject, threaten → statement that *opposes* actor 2; the rest → other (material
conflict, roots 14-20, opposes). Actors are the CAMEO country codes (ISO alpha-3 in nearly all
cases) or, without one, the raw actor code. The source is SOURCEURL (a row without one is
rejected: an event without a source is not evidence); `external_id` is `gdelt:<GLOBALEVENTID>`,
the key that links the event to its GDELT Mentions (`gdelt_mentions.event_id`), so an analyst
sees every article that reported it. CAMEO code, Goldstein scale, quad class, mentions,
articles and tone are kept in `extra`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from lockstep.errors import InputError
from lockstep.model import Event, Record, Rejected
from lockstep.sources.base import SourceFormat, SourceOptions, cap, display, read_lines
from lockstep.text.countries import country_code

COLUMNS = (
    "globaleventid", "sqldate", "monthyear", "year", "fractiondate",
    "actor1code", "actor1name", "actor1countrycode", "actor1knowngroupcode", "actor1ethniccode",
    "actor1religion1code", "actor1religion2code", "actor1type1code", "actor1type2code", "actor1type3code",
    "actor2code", "actor2name", "actor2countrycode", "actor2knowngroupcode", "actor2ethniccode",
    "actor2religion1code", "actor2religion2code", "actor2type1code", "actor2type2code", "actor2type3code",
    "isrootevent", "eventcode", "eventbasecode", "eventrootcode", "quadclass", "goldsteinscale",
    "nummentions", "numsources", "numarticles", "avgtone",
    "actor1geo_type", "actor1geo_fullname", "actor1geo_countrycode", "actor1geo_adm1code", "actor1geo_adm2code",
    "actor1geo_lat", "actor1geo_long", "actor1geo_featureid",
    "actor2geo_type", "actor2geo_fullname", "actor2geo_countrycode", "actor2geo_adm1code", "actor2geo_adm2code",
    "actor2geo_lat", "actor2geo_long", "actor2geo_featureid",
    "actiongeo_type", "actiongeo_fullname", "actiongeo_countrycode", "actiongeo_adm1code", "actiongeo_adm2code",
    "actiongeo_lat", "actiongeo_long", "actiongeo_featureid", "dateadded", "sourceurl",
)  # fmt: skip

#: CAMEO code prefix → (our kind, stance toward actor 2, label). The longest matching prefix wins.
CAMEO_KINDS: dict[str, tuple[str, str | None, str]] = {
    "042": ("visit", None, "make a visit"),
    "043": ("visit", None, "host a visit"),
    "036": ("meeting", None, "express intent to meet or negotiate"),
    "04": ("meeting", None, "consult"),
    "051": ("statement", "supports", "praise or endorse"),
    "052": ("statement", "supports", "defend verbally"),
    "053": ("statement", "supports", "rally support on behalf of"),
    "057": ("joint_statement", "supports", "sign formal agreement"),
    "05": ("other", None, "engage in diplomatic cooperation"),
    "01": ("statement", None, "make public statement"),
    "02": ("statement", None, "appeal"),
    "03": ("statement", None, "express intent to cooperate"),
    "10": ("statement", None, "demand"),
    "11": ("statement", "opposes", "disapprove"),
    "12": ("statement", "opposes", "reject"),
    "13": ("statement", "opposes", "threaten"),
    "06": ("other", None, "engage in material cooperation"),
    "07": ("other", None, "provide aid"),
    "08": ("other", None, "yield"),
    "09": ("other", None, "investigate"),
    "14": ("other", "opposes", "protest"),
    "15": ("other", "opposes", "exhibit force posture"),
    "16": ("other", "opposes", "reduce relations"),
    "17": ("other", "opposes", "coerce"),
    "18": ("other", "opposes", "assault"),
    "19": ("other", "opposes", "fight"),
    "20": ("other", "opposes", "use unconventional mass violence"),
}


def cameo_kind(code: str) -> tuple[str, str | None, str]:
    """Our kind, the stance toward actor 2 and a label for a CAMEO event code."""
    for length in (3, 2):
        found = CAMEO_KINDS.get(code[:length])
        if found:
            return found
    return ("other", None, f"CAMEO {code}")


class _Bad(Exception):
    """A row that cannot become an event; the message is the reason."""


def _read(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    lines = read_lines(path, name)
    first = next(lines, None)
    if first is None:
        raise InputError(name, None, "empty file")
    names = [cell.strip().lower() for cell in first.lstrip("\ufeff").rstrip("\r\n").split("\t")]
    if names[0] == "globaleventid":
        missing = [c for c in ("globaleventid", "sqldate", "eventcode", "sourceurl") if c not in names]
        if missing:
            raise InputError(name, "line 1", f"header lacks {', '.join(missing)}")
        columns, start, body = {c: i for i, c in enumerate(names)}, 2, lines
    else:
        columns, start, body = {c: i for i, c in enumerate(COLUMNS)}, 1, chain([first], lines)
    width = len(names) if start == 2 else len(COLUMNS)
    for number, line in enumerate(body, start=start):
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        record = f"line {number}"
        row = text.split("\t")
        try:
            if len(row) != width:
                raise _Bad(f"{len(row)} columns, expected {width}")
            yield _event(row, columns, name, record)
        except _Bad as bad:
            yield Rejected(name, record, str(bad))


def _event(row: list[str], columns: dict[str, int], file: str, record: str) -> Event:
    def cell(column: str) -> str:
        index = columns.get(column)
        return "" if index is None else row[index].strip()

    event_id = cell("globaleventid")
    if not event_id.isdigit():
        raise _Bad(f"GLOBALEVENTID {event_id[:30]!r} is not an integer")
    day = cell("sqldate")
    try:
        if len(day) != 8 or not day.isdigit():
            raise ValueError(day)
        when = dt.datetime.strptime(day, "%Y%m%d").date()
    except ValueError:
        raise _Bad(f"SQLDATE {day[:30]!r} is not YYYYMMDD") from None
    url = cell("sourceurl")
    if not url.startswith(("http://", "https://")):
        raise _Bad("event without a source: SOURCEURL is empty or not an http(s) URL")
    code = cell("eventcode")
    if not code.isdigit():
        raise _Bad(f"EventCode {code[:30]!r} is not a CAMEO code")
    actor1 = _actor(cell("actor1countrycode"), cell("actor1code"))
    actor2 = _actor(cell("actor2countrycode"), cell("actor2code"))
    if not actor1:
        raise _Bad("no Actor1")
    kind, stance, label = cameo_kind(code)
    names = " → ".join(n for n in (cell("actor1name"), cell("actor2name")) if n)
    return Event(
        date=when,
        precision="day",
        kind=kind,
        actors=[a for a in (actor1, actor2) if a],
        sources=[cap(url) or url],
        stance=stance if actor2 else None,
        target=actor2 if stance and actor2 else None,
        place=cap(cell("actiongeo_fullname")) or None,
        title=cap(f"{names}: {label} (CAMEO {code})"),
        source_file=file,
        source_record=record,
        external_id=f"gdelt:{event_id}",
        extra={
            "cameo": code,
            "quad_class": _number(cell("quadclass")),
            "goldstein": _number(cell("goldsteinscale")),
            "num_mentions": _number(cell("nummentions")),
            "num_articles": _number(cell("numarticles")),
            "avg_tone": _number(cell("avgtone")),
            "actor1_name": cell("actor1name") or None,
            "actor2_name": cell("actor2name") or None,
        },
    )


def _actor(country: str, code: str) -> str | None:
    if country:
        return country_code(country) or country
    return code or None


def _number(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _sniff(path: Path, head: bytes) -> bool:
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    fields = first.split("\t")
    if fields[0].lower() == "globaleventid":
        return "sqldate" in (f.lower() for f in fields)
    return len(fields) == len(COLUMNS) and fields[0].isdigit() and len(fields[1]) == 8 and fields[1].isdigit()


FORMAT = SourceFormat(
    name="gdelt-events",
    description="GDELT 2.0 Events export (61 tab-separated columns), CAMEO codes mapped to event kinds",
    sniff=_sniff,
    read=_read,
)
