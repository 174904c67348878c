"""The records every part of lockstep speaks.

Sources yield these, `text/` enriches them, the store persists them. They are plain
dataclasses (not ORM objects) so that a source module never needs to know about storage
and a test can build one by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["year", "month", "day", "hour", "minute", "second", "unknown"]


@dataclass(slots=True)
class Outlet:
    """A publisher or channel. `id` is a stable slug; domains let URLs resolve to it."""

    id: str
    name: str
    country: str | None = None  # ISO 3166 alpha-3
    state_affiliated: bool | None = None
    affiliation_source: str | None = None  # public source of the label (URL or citation)
    domains: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # language -> names
    kind: str = "outlet"
    notes: str | None = None


@dataclass(slots=True)
class Actor:
    """A state, person or organisation, with its names per language (Путин, 普京, Putin)."""

    id: str
    kind: str  # state, person, organisation, outlet
    name: str
    country: str | None = None
    role: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    source: str | None = None


@dataclass(slots=True)
class Document:
    """An article, feed item, channel message or case summary.

    `outlet` is the name or id the input carries; the ingest step resolves it against the
    catalogue and keeps the carried name when the catalogue does not know it.
    """

    outlet: str
    text: str
    title: str | None = None
    url: str | None = None
    language: str | None = None
    published_at: dt.datetime | None = None
    precision: Precision = "unknown"
    source_format: str = ""
    source_file: str = ""
    source_record: str = ""  # line number, item index, message id: where to look in the input
    external_id: str | None = None
    raw_ref: str | None = None  # raw capture reference (e.g. warc file#offset)
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Post:
    """A social media post. Timestamps are UTC; `repost_of`/`reply_to` hold platform post ids."""

    platform: str
    account: str
    post_id: str
    timestamp: dt.datetime
    text: str = ""
    urls: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    repost_of: str | None = None
    reply_to: str | None = None
    account_name: str | None = None
    source_file: str = ""
    source_record: str = ""
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Mention:
    """A GDELT 2.0 Mentions row: one article that mentions one event."""

    event_id: int
    event_time: dt.datetime
    mention_time: dt.datetime
    mention_type: int
    source_name: str
    identifier: str
    sentence_id: int | None
    confidence: int | None
    doc_len: int | None
    doc_tone: float | None
    translation_info: str | None
    source_file: str = ""
    source_record: str = ""
    #: Character offsets of actor 1, actor 2 and the action in the article: two rows for one
    #: sentence of one article differ only here, so they are part of the row's identity.
    offsets: tuple[int | None, int | None, int | None] = (None, None, None)


@dataclass(slots=True)
class Event:
    """Something that happened, with its sources (a later issue fills this from curated files)."""

    date: dt.date
    precision: Precision
    kind: str
    actors: list[str]
    sources: list[str]
    issue: str | None = None
    stance: str | None = None
    target: str | None = None
    place: str | None = None
    quote: str | None = None
    title: str | None = None
    source_file: str = ""
    source_record: str = ""
    #: The id the source gives the event (e.g. `gdelt:1234567`); part of the event's identity.
    external_id: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Vote:
    forum: str
    resolution: str
    date: dt.date | None
    country: str  # ISO alpha-3
    position: str  # yes, no, abstain, or absent (kept, but never counted as a cast vote)
    issue: str | None = None
    source_file: str = ""
    source_record: str = ""
    #: The roll call inside the forum (one resolution can have several: paragraphs, amendments).
    roll_call: str | None = None
    #: How complete the source's list of votes is (e.g. "no/abstain only"); None: the full record.
    completeness: str | None = None
    source_url: str | None = None


@dataclass(slots=True)
class RollCall:
    """One recorded vote of a forum: what was voted on, when, and under which issues."""

    forum: str
    roll_call: str
    resolution: str | None
    date: dt.date | None
    title: str | None = None
    description: str | None = None
    issues: list[str] = field(default_factory=list)
    session: int | None = None
    important: bool | None = None
    amendment: bool | None = None
    paragraph: bool | None = None
    source_file: str = ""
    source_record: str = ""


@dataclass(slots=True)
class Statement:
    """A joint statement or letter: who led it, its stance, and how complete its signatory list is."""

    statement: str
    date: dt.date | None
    forum: str | None = None
    lead: str | None = None
    stance: str | None = None
    declared_count: int | None = None
    names_in_file: int | None = None
    attestation: str | None = None
    sources: list[str] = field(default_factory=list)
    source_file: str = ""
    source_record: str = ""


@dataclass(slots=True)
class Target:
    """Whom a resolution or statement is about, as data (never code): a vote yes on a
    resolution condemning RUS opposes RUS; co-signing a statement supportive of CHN supports CHN."""

    ref: str  # resolution symbol or statement id
    target: str  # ISO alpha-3
    issue: str
    yes_means: str = "opposes"  # for resolutions: what a yes vote means toward the target
    forum: str | None = None
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    source_file: str = ""
    source_record: str = ""


@dataclass(slots=True)
class Signature:
    statement: str
    date: dt.date | None
    country: str
    side: str | None = None
    completeness: str | None = None
    source_url: str | None = None
    source_file: str = ""
    source_record: str = ""


@dataclass(slots=True)
class Rejected:
    """A bad record inside a good file: reported with its reason, the rest goes in."""

    source_file: str
    source_record: str
    reason: str


Record = (
    Outlet
    | Actor
    | Document
    | Post
    | Mention
    | Event
    | Vote
    | Signature
    | RollCall
    | Statement
    | Target
    | Rejected
)
