"""Dates as inputs write them, turned into UTC with a stated precision.

Why precision: "March 2022" and "2022-03-02T10:14Z" must not be compared as if both were
instants; a lag computed from a month-precision date is a range, and later analyses need
to know. Why the language: dateparser misreads "5 mart 2024" without it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from lockstep.model import Precision

_ISO = re.compile(
    r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?)?)?\s*$"
)
_DMY = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?\s*$")
_EPOCH = re.compile(r"^\s*(\d{9,11})(?:\.(\d+))?\s*$")

#: Unix times outside this range are refused: they are ids or garbage, not dates.
_EPOCH_MIN, _EPOCH_MAX = 0, 4_102_444_800  # 1970 .. 2100


def to_utc(value: dt.datetime) -> dt.datetime:
    """Naive UTC datetime (the store's convention). A naive input is taken as UTC already."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def from_epoch(seconds: float) -> dt.datetime:
    if not (_EPOCH_MIN <= seconds <= _EPOCH_MAX):
        raise ValueError(f"unix time {seconds} out of range")
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).replace(tzinfo=None)


def parse_datetime(value: object, language: str | None = None) -> tuple[dt.datetime | None, Precision]:
    """Parse what a source gives as a date. Returns (None, "unknown") when it cannot.

    Fast paths cover ISO 8601, dd/mm/yyyy (the European order used by the case files we
    read), GDELT's compact yyyymmddhhmmss and Unix seconds; everything else goes to
    dateparser with the document language so month names in ru/zh/de/it/uz are read right.
    """
    if value is None:
        return None, "unknown"
    if isinstance(value, dt.datetime):
        return to_utc(value), "second"
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), "day"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return from_epoch(float(value)), "second"
        except (ValueError, OverflowError, OSError):
            return None, "unknown"
    text = str(value).strip()
    if not text or len(text) > 200:
        return None, "unknown"
    return _parse_text(text, language)


@lru_cache(maxsize=65536)
def _parse_text(text: str, language: str | None) -> tuple[dt.datetime | None, Precision]:
    try:
        return _parse_fast(text) or _parse_slow(text, language)
    except (ValueError, OverflowError, OSError):
        return None, "unknown"


def _parse_fast(text: str) -> tuple[dt.datetime, Precision] | None:
    m = _ISO.match(text)
    if m:
        year, month, day, hour, minute, second, zone = m.groups()
        if month is None:
            return dt.datetime(int(year), 1, 1), "year"
        if day is None:
            return dt.datetime(int(year), int(month), 1), "month"
        if hour is None:
            return dt.datetime(int(year), int(month), int(day)), "day"
        stamp = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            stamp = stamp - sign * offset
        return stamp, ("second" if second is not None else "minute")
    m = _EPOCH.match(text)
    if m:
        return from_epoch(float(text)), "second"
    m = _COMPACT.match(text)
    if m:
        year, month, day, hour, minute, second = m.groups()
        if hour is None:
            return dt.datetime(int(year), int(month), int(day)), "day"
        return (
            dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0)),
            "second" if second is not None else "minute",
        )
    m = _DMY.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        return dt.datetime(year, month, day), "day"
    return None


_DATEPARSER_LANGS = {"en", "ru", "zh", "uk", "de", "it", "ar", "uz", "fr", "es"}


def _parse_slow(text: str, language: str | None) -> tuple[dt.datetime | None, Precision]:
    import dateparser  # slow import; most inputs never need it

    languages = [language] if language in _DATEPARSER_LANGS else None
    settings = {"TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first"}
    data = dateparser.date.DateDataParser(languages=languages, settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None, "unknown"
    period = data.period or "day"
    precision: Precision
    if re.search(r"\d:\d{2}:\d{2}", text):
        precision = "second"
    elif re.search(r"\d:\d{2}", text):
        precision = "minute"
    else:
        precision = period if period in ("year", "month") else "day"  # type: ignore[assignment]
    return to_utc(data.date_obj), precision
