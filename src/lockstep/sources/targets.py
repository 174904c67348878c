"""Targets: whom a resolution or joint statement is about, and on which issue — as data.

Which resolutions "condemn" whom is a judgement about a text, so it lives in a table the
analyst can read, cite and extend, never in code. A YAML file with a `targets:` list:

```yaml
targets:
  - ref: A/RES/ES-11/1          # resolution symbol or statement id
    target: RUS                 # any name the country normaliser knows
    issue: ukraine
    yes_means: opposes          # a yes vote opposes the target (condemns it); "supports" otherwise
    forum: UNGA
    date: 2022-03-02
    title: Aggression against Ukraine
    source: https://...
```

For a statement, `yes_means` is not used: its signatories' side comes from the statement's own
stance (supportive / critical). The bundled table (`catalogues/targets.yaml`) is the default;
entries ingested by the user are added to it, and replace a bundled entry with the same ref.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from lockstep.errors import InputError
from lockstep.model import Record, Rejected, Target
from lockstep.sources.base import SourceFormat, SourceOptions, cap, display, read_whole_text
from lockstep.sources.un_votes import normalise_resolution
from lockstep.text.countries import country_code

BUNDLED = Path(__file__).resolve().parent.parent / "catalogues" / "targets.yaml"
YES_MEANS = ("opposes", "supports")


def _read(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    try:
        data = yaml.safe_load(read_whole_text(path, name))
    except yaml.YAMLError as err:
        raise InputError(name, None, f"malformed YAML: {err}") from None
    items = data.get("targets") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(name, None, "expected a `targets:` list")
    for index, item in enumerate(items, start=1):
        record = f"item {index}"
        if not isinstance(item, Mapping):
            yield Rejected(name, record, "target entry is not a mapping")
            continue
        try:
            yield _target(item, name, record)
        except ValueError as bad:
            yield Rejected(name, record, str(bad))


def _target(item: Mapping[object, object], file: str, record: str) -> Target:
    ref = str(item.get("ref") or "").strip()
    if not ref:
        raise ValueError("target entry without `ref` (resolution symbol or statement id)")
    raw_target = str(item.get("target") or "").strip()
    target = country_code(raw_target)
    if target is None:
        raise ValueError(f"unknown country name {raw_target[:80]!r} in `target`")
    issue = str(item.get("issue") or "").strip()
    if not issue:
        raise ValueError("target entry without `issue`")
    yes_means = str(item.get("yes_means") or "opposes").strip()
    if yes_means not in YES_MEANS:
        raise ValueError(f"yes_means must be one of {', '.join(YES_MEANS)}, not {yes_means[:40]!r}")
    raw_date = item.get("date")
    date = raw_date if isinstance(raw_date, dt.date) else None
    if isinstance(raw_date, str):
        try:
            date = dt.date.fromisoformat(raw_date)
        except ValueError:
            raise ValueError(f"date {raw_date[:40]!r} is not YYYY-MM-DD") from None
    return Target(
        ref=normalise_resolution(ref) if "/" in ref else ref,
        target=target,
        issue=issue,
        yes_means=yes_means,
        forum=_text(item, "forum"),
        title=_text(item, "title"),
        date=date,
        source=_text(item, "source"),
        source_file=file,
        source_record=record,
    )


def _text(item: Mapping[object, object], key: str) -> str | None:
    value = item.get(key)
    return cap(str(value).strip()) or None if value is not None else None


@lru_cache(maxsize=1)
def bundled_targets() -> tuple[Target, ...]:
    """The bundled targets table (what the analyses use when the store holds no entry of its own)."""
    return tuple(t for t in _read(BUNDLED, SourceOptions()) if isinstance(t, Target))


def _sniff(path: Path, head: bytes) -> bool:
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    text = head.decode("utf-8", errors="replace")
    return any(line.startswith("targets:") for line in text.splitlines())


FORMAT = SourceFormat(
    name="targets",
    description="Targets of resolutions and statements (YAML `targets:` list: ref, target, issue, yes_means)",
    sniff=_sniff,
    read=_read,
)
