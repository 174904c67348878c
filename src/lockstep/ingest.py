"""Sources → text processing → store, in batches, idempotently.

The steps do not know each other: a source yields records, `text.pipeline` computes
features, the store writes rows. This module only routes records, resolves outlets against
the catalogue, and keeps the per-file tally (read / new / duplicate / rejected).

Why ids are content-derived: re-ingesting the same input must add nothing, and an ingest
killed mid-way must be finishable by running it again. A document's id hashes its outlet
name, URL, external id and text, so an edited page is kept as a new version (evidence of
the change) while a re-run of the same file is recognised row for row.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import regex

from lockstep.errors import InputError
from lockstep.model import (
    Actor,
    Document,
    Event,
    Mention,
    Outlet,
    Post,
    Record,
    Rejected,
    RollCall,
    Signature,
    Statement,
    Target,
    Vote,
)
from lockstep.sources import catalogue, detect_format, get_format
from lockstep.sources.base import SourceFormat, SourceOptions
from lockstep.store.database import Store
from lockstep.text.fingerprints import minhash
from lockstep.text.language import detect_language
from lockstep.text.links import extract_hashtags, extract_urls
from lockstep.text.normalise import clean_text, match_key
from lockstep.text.pipeline import analyse, exact_text_key
from lockstep.text.tokens import tokenize

#: Records per transaction. Large enough that per-transaction overhead is small, small
#: enough that a killed ingest loses seconds of work and memory stays bounded.
BATCH_SIZE = 3000
#: Documents read before worker processes are started; small inputs are faster inline
#: than paying the start-up of a pool.
POOL_THRESHOLD = 4000
#: Inputs larger than this go to the workers from the first batch, so that the writing
#: process never loads the language models itself (they cost memory in every process).
LARGE_INPUT_BYTES = 16 * 1024 * 1024
_SKIP_IN_FOLDERS = regex.compile(r"(?i)^(readme|licen[cs]e|copying|description|\.)|\.(md|rd|txt|py|gz\.tmp)$")


@dataclass
class FileTally:
    file: str
    format: str
    read: int = 0
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "read": self.read,
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "reasons": dict(self.reasons.most_common()),
            "error": self.error,
        }


@dataclass
class IngestResult:
    run_id: int
    files: list[FileTally]
    skipped: list[str]

    def totals(self) -> dict[str, int]:
        keys = ("read", "new", "duplicate", "rejected")
        return {k: sum(getattr(f, k) for f in self.files) for k in keys}

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "totals": self.totals(),
            "files": [f.as_dict() for f in self.files],
            "skipped": self.skipped,
        }


Progress = Callable[[str, int], None]


def expand_inputs(inputs: Iterable[str]) -> tuple[list[str], list[str]]:
    """Files to read (folders walked, sorted) and the files inside folders left aside."""
    files: list[str] = []
    skipped: list[str] = []
    for item in inputs:
        if item.startswith(("http://", "https://")) or "://" in item:
            files.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                (skipped if _SKIP_IN_FOLDERS.search(child.name) else files).append(str(child))
        elif path.exists():
            files.append(item)
        else:
            raise InputError(item, None, "no such file or folder")
    return files, skipped


def ingest(
    store: Store,
    inputs: list[str],
    *,
    fmt: str = "auto",
    options: SourceOptions | None = None,
    allow_private: bool = False,
    progress: Progress | None = None,
) -> IngestResult:
    """Ingest every input; raises InputError on the first unreadable file, after undoing
    that file's partial rows (earlier files stay stored)."""
    options = options or SourceOptions()
    files, skipped = expand_inputs(inputs)
    chosen = None if fmt == "auto" else get_format(fmt)
    plan: list[tuple[Path, str, SourceFormat]] = []
    try:
        for name in files:
            path, shown = _local_copy(name, allow_private)
            plan.append((path, shown, chosen or _detect(path, shown)))
    except InputError:
        _remove_downloads(plan)
        raise
    # catalogues first: documents in the same run must resolve against them
    plan.sort(key=lambda item: 0 if item[2].name in ("outlets", "actors") else 1)
    run_id = store.start_run(files)
    result = IngestResult(run_id, [], skipped)
    writer = _Writer(store, run_id, progress)
    try:
        for path, shown, source in plan:
            tally = FileTally(shown, source.name)
            writer.large_input = _size(path) > LARGE_INPUT_BYTES
            result.files.append(tally)
            file_options = SourceOptions(options.outlet, options.mapping, options.platform, shown)
            try:
                writer.write(source.read(path, file_options), tally)
            except InputError as err:
                tally.error = str(err)
                store.undo_file(run_id, shown)
                raise
            except (RecursionError, MemoryError, UnicodeError, ValueError, OSError) as err:
                store.undo_file(run_id, shown)
                raise InputError(shown, None, f"unreadable input ({type(err).__name__}: {err})") from None
    finally:
        writer.close()
        store.finish_run(run_id, result.as_dict())
        _remove_downloads(plan)
    return result


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _remove_downloads(plan: list[tuple[Path, str, SourceFormat]]) -> None:
    for path, shown, _ in plan:
        if "://" in shown:
            path.unlink(missing_ok=True)


def _local_copy(name: str, allow_private: bool) -> tuple[Path, str]:
    if "://" in name:
        from lockstep.sources.fetch import fetch_to_file

        path, _final = fetch_to_file(name, allow_private=allow_private)
        return path, name
    return Path(name), name


def _detect(path: Path, shown: str) -> SourceFormat:
    found = detect_format(path, shown)
    if found is None:
        raise InputError(shown, None, "unrecognised format; give one with --format")
    return found


# -- writing --------------------------------------------------------------------------------


class _Writer:
    """Collects records into batches and writes each batch in one transaction."""

    def __init__(self, store: Store, run_id: int, progress: Progress | None) -> None:
        self.store = store
        self.run_id = run_id
        self.progress = progress
        self.large_input = False
        self.outlets = _OutletResolver(store)
        self._pool: cf.ProcessPoolExecutor | None = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def write(self, records: Iterator[Record], tally: FileTally) -> None:
        pending: dict[type, list[Record]] = {}
        rejected: list[tuple[str, str, str]] = []
        in_flight: list[tuple[list[Document], cf.Future[_PreparedBatch]]] = []
        for record in records:
            tally.read += 1
            if isinstance(record, Rejected):
                tally.rejected += 1
                tally.reasons[record.reason] += 1
                rejected.append((record.source_file, record.source_record, record.reason))
                if len(rejected) >= BATCH_SIZE:
                    self.store.add_rejections(self.run_id, rejected)
                    rejected = []
                continue
            bucket = pending.setdefault(type(record), [])
            bucket.append(record)
            if len(bucket) >= BATCH_SIZE:
                self._flush(type(record), bucket, tally, in_flight)
                pending[type(record)] = []
        for kind, bucket in pending.items():
            if bucket:
                self._flush(kind, bucket, tally, in_flight)
        while in_flight:
            self._finish_documents(*in_flight.pop(0), tally)
        self.store.add_rejections(self.run_id, rejected)

    def _flush(
        self,
        kind: type,
        batch: list[Record],
        tally: FileTally,
        in_flight: list[tuple[list[Document], cf.Future[_PreparedBatch]]],
    ) -> None:
        if kind is Document:
            docs = [r for r in batch if isinstance(r, Document)]
            pool = self._pool_for(tally)
            if pool is None:
                self._write_documents(docs, _prepare_documents(docs), tally)
                return
            in_flight.append((docs, pool.submit(_prepare_documents, docs)))
            while len(in_flight) > 2 * (os.cpu_count() or 2) or (in_flight and in_flight[0][1].done()):
                self._finish_documents(*in_flight.pop(0), tally)
            return
        writers: dict[type, Callable[[list[Any], FileTally], None]] = {
            Post: self._write_posts,
            Mention: self._write_mentions,
            Outlet: self._write_outlets,
            Actor: self._write_actors,
            Event: self._write_events,
            Vote: self._write_votes,
            Signature: self._write_signatures,
            RollCall: self._write_roll_calls,
            Statement: self._write_statements,
            Target: self._write_targets,
        }
        writers[kind](batch, tally)

    def _pool_for(self, tally: FileTally) -> cf.ProcessPoolExecutor | None:
        workers = os.cpu_count() or 1
        if workers < 2 or (tally.read < POOL_THRESHOLD and not self.large_input):
            return None
        if self._pool is None:
            self._pool = cf.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def _finish_documents(
        self, docs: list[Document], future: cf.Future[_PreparedBatch], tally: FileTally
    ) -> None:
        self._write_documents(docs, future.result(), tally)

    def _transaction(self, work: Callable[[], int], tally: FileTally, count: int) -> None:
        self.store.execute("BEGIN TRANSACTION")
        try:
            new = work()
            self.store.execute("COMMIT")
        except Exception:
            self.store.execute("ROLLBACK")
            raise
        tally.new += new
        tally.duplicate += count - new
        if self.progress:
            self.progress(tally.file, tally.new + tally.duplicate + tally.rejected)

    def _write_documents(self, docs: list[Document], prepared: _PreparedBatch, tally: FileTally) -> None:
        """Resolve outlets (needs the catalogue, so it happens here, not in a worker), then
        keep the rows whose ids are not stored yet and append them in one transaction."""
        carried: dict[str, str] = {}
        outlet_ids = []
        for doc in docs:
            outlet_id = self.outlets.resolve(doc.outlet, doc.url)
            if outlet_id not in self.outlets.known:
                carried[outlet_id] = doc.outlet
            outlet_ids.append(outlet_id)
        table = prepared.documents.set_column(
            _DOC_COLUMNS.index("outlet_id"), "outlet_id", pa.array(outlet_ids, pa.string())
        ).append_column("run_id", pa.array([self.run_id] * len(docs), pa.int32()))

        def work() -> int:
            self.store.ensure_outlets(carried)
            return self.store.append_new_documents(table, prepared.terms)

        self._transaction(work, tally, len(docs))
        self.outlets.known.update(carried)

    def _write_posts(self, posts: list[Post], tally: FileTally) -> None:
        now = _now()
        rows: dict[str, list[Any]] = {k: [] for k in _POST_COLUMNS}
        for post in posts:
            text = clean_text(post.text)
            terms = tokenize(text, None) if text else []
            values = (
                f"{post.platform}:{post.post_id}", post.platform, post.account, post.account_name, post.post_id,
                post.timestamp, text, exact_text_key(text), detect_language(text) if text else None,
                minhash(terms).tolist() if terms else None,
                list(dict.fromkeys([*post.urls, *extract_urls(text)])),
                list(dict.fromkeys([*(h.casefold().lstrip("#") for h in post.hashtags), *extract_hashtags(text)])),
                post.repost_of, post.reply_to, post.source_file, post.source_record, _json(post.extra), now,
                self.run_id,
            )  # fmt: skip
            for key, value in zip(_POST_COLUMNS, values, strict=True):
                rows[key].append(value)
        table = pa.table(rows, schema=_POST_SCHEMA)
        self._transaction(lambda: self.store.insert_new("posts", table), tally, len(posts))

    def _write_mentions(self, mentions: list[Mention], tally: FileTally) -> None:
        rows = [
            {
                "id": _stable_id(
                    "gdelt", str(m.event_id), m.identifier, str(m.sentence_id), str(m.mention_time), str(m.offsets)
                ),
                "event_id": m.event_id, "event_time": m.event_time, "mention_time": m.mention_time,
                "mention_type": m.mention_type, "source_name": m.source_name, "identifier": m.identifier,
                "sentence_id": m.sentence_id, "confidence": m.confidence, "doc_len": m.doc_len,
                "doc_tone": m.doc_tone, "translation_info": m.translation_info, "source_file": m.source_file,
                "source_record": m.source_record, "run_id": self.run_id,
            }
            for m in mentions
        ]  # fmt: skip
        table = pa.Table.from_pylist(rows)
        self._transaction(lambda: self.store.insert_new("gdelt_mentions", table), tally, len(rows))

    def _write_events(self, events: list[Event], tally: FileTally) -> None:
        rows = [
            {
                "id": _stable_id(
                    "event", str(e.date), e.kind, ",".join(e.actors), e.title or "", e.quote or "",
                    *([e.external_id] if e.external_id else []),
                ),
                "date": e.date, "date_precision": e.precision, "kind": e.kind, "title": e.title,
                "actors": e.actors, "issue": e.issue, "stance": e.stance, "target": e.target, "place": e.place,
                "quote": e.quote, "sources": e.sources, "source_file": e.source_file,
                "source_record": e.source_record, "run_id": self.run_id, "external_id": e.external_id,
                "extra": _json(e.extra),
            }
            for e in events
        ]  # fmt: skip
        table = pa.Table.from_pylist(rows)
        self._transaction(lambda: self.store.insert_new("events", table), tally, len(rows))

    def _write_votes(self, votes: list[Vote], tally: FileTally) -> None:
        rows = [
            {
                # a resolution may have several roll calls (paragraphs, amendments): the roll call is the key
                "id": _stable_id("vote", v.forum, *([f"rc:{v.roll_call}"] if v.roll_call else [v.resolution]), v.country),
                "forum": v.forum, "resolution": v.resolution, "date": v.date, "country": v.country,
                "position": v.position, "issue": v.issue, "source_file": v.source_file,
                "source_record": v.source_record, "run_id": self.run_id, "roll_call": v.roll_call,
                "completeness": v.completeness, "source_url": v.source_url,
            }
            for v in votes
        ]  # fmt: skip
        table = pa.Table.from_pylist(rows, schema=_VOTE_SCHEMA)
        self._transaction(lambda: self.store.insert_new("votes", table), tally, len(rows))

    def _write_roll_calls(self, calls: list[RollCall], tally: FileTally) -> None:
        rows = [
            {
                "id": _stable_id("rollcall", c.forum, c.roll_call), "forum": c.forum, "roll_call": c.roll_call,
                "resolution": c.resolution, "date": c.date, "title": c.title, "description": c.description,
                "issues": c.issues, "session": c.session, "important": c.important, "amendment": c.amendment,
                "paragraph": c.paragraph, "source_file": c.source_file, "source_record": c.source_record,
                "run_id": self.run_id,
            }
            for c in calls
        ]  # fmt: skip
        table = pa.Table.from_pylist(rows, schema=_ROLL_CALL_SCHEMA)
        self._transaction(lambda: self.store.insert_new("roll_calls", table), tally, len(rows))

    def _write_statements(self, statements: list[Statement], tally: FileTally) -> None:
        rows = [
            {
                "id": _stable_id("statement", s.statement), "statement": s.statement, "date": s.date,
                "forum": s.forum, "lead": s.lead, "stance": s.stance, "declared_count": s.declared_count,
                "names_in_file": s.names_in_file, "attestation": s.attestation, "sources": s.sources,
                "source_file": s.source_file, "source_record": s.source_record, "run_id": self.run_id,
            }
            for s in statements
        ]  # fmt: skip
        table = pa.Table.from_pylist(rows)
        self._transaction(lambda: self.store.insert_new("statements", table), tally, len(rows))

    def _write_targets(self, targets: list[Target], tally: FileTally) -> None:
        rows = [
            {
                "id": _stable_id("target", t.ref, t.target, t.issue), "ref": t.ref, "target": t.target,
                "issue": t.issue, "yes_means": t.yes_means, "forum": t.forum, "title": t.title, "date": t.date,
                "source": t.source, "source_file": t.source_file, "source_record": t.source_record,
                "run_id": self.run_id,
            }
            for t in targets
        ]  # fmt: skip
        table = pa.Table.from_pylist(rows)
        self._transaction(lambda: self.store.insert_new("targets", table), tally, len(rows))

    def _write_signatures(self, signatures: list[Signature], tally: FileTally) -> None:
        rows = [
            {
                "id": _stable_id("sig", s.statement, s.country), "statement": s.statement, "date": s.date,
                "country": s.country, "side": s.side, "completeness": s.completeness,
                "source_url": s.source_url, "source_file": s.source_file, "source_record": s.source_record,
                "run_id": self.run_id,
            }
            for s in signatures
        ]  # fmt: skip
        table = pa.Table.from_pylist(rows)
        self._transaction(lambda: self.store.insert_new("signatures", table), tally, len(rows))

    def _write_outlets(self, outlets: list[Outlet], tally: FileTally) -> None:
        rows = pa.Table.from_pylist(
            [
                {
                    "id": o.id, "name": o.name, "country": o.country, "state_affiliated": o.state_affiliated,
                    "affiliation_source": o.affiliation_source, "domains": [d.lower() for d in o.domains],
                    "languages": o.languages, "kind": o.kind, "notes": o.notes, "in_catalogue": True,
                    "catalogue_file": tally.file,
                }
                for o in outlets
            ]
        )  # fmt: skip
        aliases = _alias_table([(o.id, o.name, o.aliases) for o in outlets])
        self._transaction(lambda: self.store.upsert_catalogue("outlets", rows, aliases), tally, len(outlets))
        self.outlets.reload()

    def _write_actors(self, actors: list[Actor], tally: FileTally) -> None:
        rows = pa.Table.from_pylist(
            [
                {
                    "id": a.id, "kind": a.kind, "name": a.name, "country": a.country, "role": a.role,
                    "source": a.source, "catalogue_file": tally.file,
                }
                for a in actors
            ]
        )  # fmt: skip
        aliases = _alias_table([(a.id, a.name, a.aliases) for a in actors])
        self._transaction(lambda: self.store.upsert_catalogue("actors", rows, aliases), tally, len(actors))


class _OutletResolver:
    """Carried outlet name or URL → outlet id, through the catalogue's names, aliases and
    domains (the catalogue module's rules); an unknown name becomes an outlet of its own
    (slug of the name)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.reload()

    def reload(self) -> None:
        aliases: dict[str, dict[str, list[str]]] = {}
        for outlet_id, language, alias in self.store.con.execute(
            "SELECT outlet_id, coalesce(language, ''), alias FROM outlet_aliases"
        ).fetchall():
            aliases.setdefault(outlet_id, {}).setdefault(language, []).append(alias)
        outlets = [
            Outlet(id=row[0], name=row[1], domains=list(row[2] or []), aliases=aliases.get(row[0], {}))
            for row in self.store.con.execute(
                "SELECT id, name, domains FROM outlets ORDER BY in_catalogue DESC, id"
            ).fetchall()
        ]
        self.by_alias = catalogue.alias_index(outlets)
        self.by_domain = catalogue.domain_index(outlets)
        self.known: set[str] = {o.id for o in outlets}
        self._cache: dict[tuple[str, str | None], str] = {}

    def resolve(self, name: str, url: str | None) -> str:
        # scheme://host/first-segment is all that URL resolution looks at: cache on that
        key = (name, "/".join(url.split("/", 4)[:4]) if url else None)
        found = self._cache.get(key)
        if found is None:
            found = (
                catalogue.lookup_alias(name, self.by_alias)
                or (catalogue.outlet_for_url(url, self.by_domain) if url else None)
                or slug(name)
            )
            if len(self._cache) < 100_000:
                self._cache[key] = found
        return found


def slug(name: str) -> str:
    """An id from a carried name: lower-case letters and digits joined by hyphens."""
    return regex.sub(r"[^\p{L}\p{N}]+", "-", match_key(name)).strip("-")[:80] or "unknown"


@dataclass
class _PreparedBatch:
    """Arrow tables of one batch, built where the text was analysed (a worker process), so
    that the writing process only resolves outlets and appends."""

    documents: pa.Table
    terms: pa.Table


def _prepare_documents(docs: list[Document]) -> _PreparedBatch:
    now = _now()
    rows: dict[str, list[Any]] = {k: [] for k in _DOC_COLUMNS}
    term_ids: list[str] = []
    terms: list[str] = []
    tfs: list[int] = []
    for doc in docs:
        feat = analyse(doc.text, doc.title, doc.language)
        doc_id = _stable_id("doc", doc.outlet, doc.url or "", doc.external_id or "", feat.sha256)
        urls = list(dict.fromkeys([*feat.urls, *_str_list(doc.extra.get("urls"))]))
        hashtags = list(dict.fromkeys([*feat.hashtags, *_str_list(doc.extra.get("hashtags"))]))
        values = (
            doc_id, "", doc.outlet, doc.url, feat.language, doc.published_at, doc.precision,
            feat.title, feat.text, feat.sha256, feat.minhash, urls, hashtags, feat.lemmas.count(" ") + 1,
            feat.lemmas, doc.external_id, doc.raw_ref, doc.source_format, doc.source_file,
            doc.source_record, _json(doc.extra), now,
        )  # fmt: skip
        for key, value in zip(_DOC_COLUMNS, values, strict=True):
            rows[key].append(value)
        term_ids.extend([doc_id] * len(feat.term_counts))
        for term, tf in feat.term_counts:
            terms.append(term)
            tfs.append(tf)
    return _PreparedBatch(
        pa.table(rows, schema=_DOC_SCHEMA),
        pa.table({"doc_id": term_ids, "term": terms, "tf": tfs}, schema=_TERM_SCHEMA),
    )


def _alias_table(entries: list[tuple[str, str, dict[str, list[str]]]]) -> pa.Table:
    rows = [{"id": i, "language": None, "alias": name} for i, name, _ in entries]
    rows += [
        {"id": i, "language": lang, "alias": alias}
        for i, _, aliases in entries
        for lang, names in aliases.items()
        for alias in names
        if alias
    ]
    return pa.Table.from_pylist(
        rows, schema=pa.schema([("id", pa.string()), ("language", pa.string()), ("alias", pa.string())])
    )


def _stable_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def _str_list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _json(value: dict[str, object]) -> str | None:
    return json.dumps(value, ensure_ascii=False, default=str) if value else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


_DOC_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("outlet_id", pa.string()), ("outlet_name", pa.string()), ("url", pa.string()),
        ("language", pa.string()), ("published_at", pa.timestamp("us")), ("date_precision", pa.string()),
        ("title", pa.string()), ("text", pa.string()), ("content_sha256", pa.string()),
        ("minhash", pa.list_(pa.uint32())), ("urls", pa.list_(pa.string())), ("hashtags", pa.list_(pa.string())),
        ("n_terms", pa.int32()), ("lemmas", pa.string()), ("external_id", pa.string()), ("raw_ref", pa.string()),
        ("source_format", pa.string()), ("source_file", pa.string()), ("source_record", pa.string()),
        ("extra", pa.string()), ("ingested_at", pa.timestamp("us")),
    ]
)  # fmt: skip
_DOC_COLUMNS = _DOC_SCHEMA.names
_TERM_SCHEMA = pa.schema([("doc_id", pa.string()), ("term", pa.string()), ("tf", pa.uint16())])
_POST_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("platform", pa.string()), ("account", pa.string()), ("account_name", pa.string()),
        ("post_id", pa.string()), ("ts", pa.timestamp("us")), ("text", pa.string()), ("text_sha256", pa.string()),
        ("language", pa.string()), ("minhash", pa.list_(pa.uint32())), ("urls", pa.list_(pa.string())),
        ("hashtags", pa.list_(pa.string())), ("repost_of", pa.string()), ("reply_to", pa.string()),
        ("source_file", pa.string()), ("source_record", pa.string()), ("extra", pa.string()),
        ("ingested_at", pa.timestamp("us")), ("run_id", pa.int32()),
    ]
)  # fmt: skip
_POST_COLUMNS = _POST_SCHEMA.names
_VOTE_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("forum", pa.string()), ("resolution", pa.string()), ("date", pa.date32()),
        ("country", pa.string()), ("position", pa.string()), ("issue", pa.string()), ("source_file", pa.string()),
        ("source_record", pa.string()), ("run_id", pa.int32()), ("roll_call", pa.string()),
        ("completeness", pa.string()), ("source_url", pa.string()),
    ]
)  # fmt: skip
_ROLL_CALL_SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("forum", pa.string()), ("roll_call", pa.string()), ("resolution", pa.string()),
        ("date", pa.date32()), ("title", pa.string()), ("description", pa.string()),
        ("issues", pa.list_(pa.string())), ("session", pa.int32()), ("important", pa.bool_()),
        ("amendment", pa.bool_()), ("paragraph", pa.bool_()), ("source_file", pa.string()),
        ("source_record", pa.string()), ("run_id", pa.int32()),
    ]
)  # fmt: skip


def seed_catalogue(store: Store) -> IngestResult | None:
    """Load the bundled outlet and actor catalogue into a store that has none yet, so that a
    first ingest already resolves TASS, 新华社 and BBC Russian to their entries."""
    if store.scalar("SELECT count(*) FROM outlets WHERE in_catalogue"):
        return None
    from lockstep.sources.catalogue import bundled_catalogue_paths

    return ingest(store, [str(p) for p in bundled_catalogue_paths()])
