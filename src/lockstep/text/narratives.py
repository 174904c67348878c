"""Narrative definitions: a claim described by concept terms, key entities, seed texts and dates.

A definition is a YAML file (format and examples in docs/narratives.md)::

    narrative: us-biolabs-ukraine
    label: US-funded biolabs in Ukraine
    description: The United States runs or funds military biological laboratories in Ukraine.
    since: 2014-01-01            # optional date bounds (inclusive since, exclusive until)
    concepts:
      all_of:                    # every group must be present
        - id: biolab
          forms: {en: [biolab, biological laboratory], ru: [биолаборатория], zh: [生物实验室]}
      any_of:                    # at least one group adds to the score
        - id: us
          actors: [USA]          # every alias of the catalogue actor, in every language
          forms: {en: [Pentagon]}
      none_of:                   # a document naming any of these is left out (e.g. debunks)
        - id: debunk
          forms: {en: [fact check]}
    entities: [USA, UKR]         # actor ids: named entities that support the claim
    seeds:                       # example statements of the claim, any language
      - {language: ru, text: "США финансируют биолаборатории на Украине"}

Concept forms compile through the ingest tokenizer (`lexicon.compile_form`), so inflections
match and Chinese forms match across segmentations, exactly as framing lexicons do. Pure
functions only: no SQL here (the store's queries live in `store/`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lockstep.errors import InputError
from lockstep.text.lexicon import MAX_FORM_CHARS, SurfaceForm, compile_form

#: Narratives shipped with lockstep, addressed by id (`--narrative us-biolabs-ukraine`).
BUNDLED_DIR = Path(__file__).resolve().parent.parent / "catalogues" / "narratives"
#: Bounds on what a (possibly hostile) definition file may ask for.
MAX_DEFINITION_BYTES = 1_000_000
MAX_FORMS_PER_GROUP = 300
MAX_SEEDS = 50
MAX_SEED_CHARS = 5_000

_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_ACTOR_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
GROUP_KINDS = ("all_of", "any_of", "none_of")


@dataclass(frozen=True)
class ConceptGroup:
    """One concept of a narrative: surface forms per language and/or catalogue actors."""

    id: str
    kind: str  # all_of, any_of or none_of
    forms: tuple[SurfaceForm, ...]
    actors: tuple[str, ...]


@dataclass(frozen=True)
class Seed:
    language: str
    text: str


@dataclass(frozen=True)
class Narrative:
    id: str
    label: str
    description: str
    groups: tuple[ConceptGroup, ...]
    entities: tuple[str, ...]
    seeds: tuple[Seed, ...]
    since: dt.datetime | None
    until: dt.datetime | None
    source: str

    def of_kind(self, kind: str) -> list[ConceptGroup]:
        return [g for g in self.groups if g.kind == kind]


def available_narratives() -> dict[str, Path]:
    """Bundled narrative files by narrative id (file stem)."""
    return {p.stem: p for p in sorted(BUNDLED_DIR.glob("*.yaml"))}


def load_narratives(spec: str | None = None) -> list[Narrative]:
    """Every bundled narrative (spec None), one bundled narrative by id, or a YAML file by path
    (one definition, or `narratives:` holding a list of them)."""
    bundled = available_narratives()
    if spec is None:
        return [n for path in bundled.values() for n in _load_file(path)]
    path = bundled.get(spec) or Path(spec)
    if not path.is_file():
        raise InputError(
            spec, None, f"no such narrative file or bundled narrative ({', '.join(bundled) or 'none'})"
        )
    return _load_file(path)


def _load_file(path: Path) -> list[Narrative]:
    if path.stat().st_size > MAX_DEFINITION_BYTES:
        raise InputError(str(path), None, f"narrative file larger than {MAX_DEFINITION_BYTES} bytes")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(str(path), None, f"not a YAML narrative definition: {exc}") from None
    items = data.get("narratives") if isinstance(data, dict) and "narratives" in data else [data]
    if not isinstance(items, list) or not items:
        raise InputError(str(path), None, "`narratives` must be a non-empty list")
    narratives = [parse_narrative(item, str(path)) for item in items]
    ids = [n.id for n in narratives]
    if len(set(ids)) != len(ids):
        raise InputError(str(path), None, "duplicate narrative id")
    return narratives


def parse_narrative(raw: Any, source: str) -> Narrative:
    """Validate one parsed definition and compile its concept forms."""
    if not isinstance(raw, dict):
        raise InputError(source, None, "a narrative is a mapping with narrative, label and concepts")
    narrative_id = raw.get("narrative", raw.get("id"))
    if not isinstance(narrative_id, str) or not _ID.match(narrative_id):
        raise InputError(source, "narrative", "the id must be lower-case letters, digits, '-', '_' or '.'")
    concepts = raw.get("concepts")
    if not isinstance(concepts, dict) or not set(concepts) <= set(GROUP_KINDS):
        raise InputError(source, narrative_id, f"`concepts` maps {', '.join(GROUP_KINDS)} to lists of groups")
    groups = [
        _parse_group(item, kind, source, f"{narrative_id}.{kind}[{i}]")
        for kind in GROUP_KINDS
        for i, item in enumerate(concepts.get(kind) or [])
    ]
    if not any(g.kind in ("all_of", "any_of") for g in groups):
        raise InputError(
            source, narrative_id, "a narrative needs at least one all_of or any_of concept group"
        )
    if len({g.id for g in groups}) != len(groups):
        raise InputError(source, narrative_id, "duplicate concept group id")
    return Narrative(
        id=narrative_id,
        label=str(raw.get("label") or narrative_id),
        description=str(raw.get("description") or ""),
        groups=tuple(groups),
        entities=_actor_ids(raw.get("entities"), source, f"{narrative_id}.entities"),
        seeds=_parse_seeds(raw.get("seeds"), source, narrative_id),
        since=_bound(raw.get("since"), source, f"{narrative_id}.since"),
        until=_bound(raw.get("until"), source, f"{narrative_id}.until"),
        source=source,
    )


def _parse_group(raw: Any, kind: str, source: str, where: str) -> ConceptGroup:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not _ID.match(raw["id"]):
        raise InputError(
            source, where, "a concept group is a mapping with an `id` and `forms` and/or `actors`"
        )
    forms_raw = raw.get("forms") or {}
    if not isinstance(forms_raw, dict):
        raise InputError(source, where, "`forms` maps a language code to a list of surface forms")
    forms: list[SurfaceForm] = []
    for language, texts in forms_raw.items():
        if not isinstance(language, str) or not _LANGUAGE.match(language):
            raise InputError(source, where, f"bad language code {language!r}")
        if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            raise InputError(source, f"{where}.{language}", "forms must be a list of non-empty strings")
        for text in texts:
            if len(text) > MAX_FORM_CHARS:
                raise InputError(
                    source, f"{where}.{language}", f"form longer than {MAX_FORM_CHARS} characters"
                )
            form = compile_form(text, language)
            if not form.terms:
                raise InputError(source, f"{where}.{language}", f"form {text!r} has no words")
            forms.append(form)
    if len(forms) > MAX_FORMS_PER_GROUP:
        raise InputError(source, where, f"more than {MAX_FORMS_PER_GROUP} forms")
    actors = _actor_ids(raw.get("actors"), source, f"{where}.actors")
    if not forms and not actors:
        raise InputError(source, where, "a concept group needs `forms` or `actors`")
    return ConceptGroup(id=raw["id"], kind=kind, forms=tuple(forms), actors=actors)


def _actor_ids(value: Any, source: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and _ACTOR_ID.match(v) for v in value):
        raise InputError(source, where, "expected a list of actor ids from the actors catalogue")
    return tuple(value)


def _parse_seeds(value: Any, source: str, narrative_id: str) -> tuple[Seed, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_SEEDS:
        raise InputError(source, f"{narrative_id}.seeds", f"`seeds` is a list of at most {MAX_SEEDS} items")
    seeds = []
    for i, item in enumerate(value):
        ok = isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip()
        if not ok or not _LANGUAGE.match(str(item.get("language", ""))):
            raise InputError(
                source, f"{narrative_id}.seeds[{i}]", "a seed needs `language` and non-empty `text`"
            )
        if len(item["text"]) > MAX_SEED_CHARS:
            raise InputError(
                source, f"{narrative_id}.seeds[{i}]", f"seed longer than {MAX_SEED_CHARS} characters"
            )
        seeds.append(Seed(language=item["language"], text=item["text"]))
    return tuple(seeds)


def _bound(value: Any, source: str, where: str) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise InputError(source, where, f"not an ISO date: {value!r}") from None
