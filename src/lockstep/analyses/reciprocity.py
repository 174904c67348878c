"""Reciprocity: where does A back B on one issue and B back A on another, and in which order?

Inputs: `events` (stance supports, toward a target), `votes` and `signatures` on the resolutions
and statements named in the targets table (`targets`: the bundled `catalogues/targets.yaml`,
extended or overridden by entries the user ingested), `statements` (their stance).

Support relations (supporter → supported, issue, date, evidence):
- an event whose stance is `supports` toward a target: every state among its actors supports it;
- a vote on a resolution in the targets table: voting against a resolution that opposes the
  target (condemns it) supports the target; voting for one whose `yes_means` is `supports` does;
- signing a statement in the targets table whose stance is supportive supports the target.
The target's own votes and signatures are not support of itself.

Parameters: `a`, `b` (default: every pair found); `abstain_counts_as_support` (default off: an
abstention withholds condemnation but does not back the target, and China's abstentions would
otherwise count as support of Russia by default; turn it on to test that reading).

Outputs: per pair of states that support each other on **different** issues, the support in each
direction grouped by issue (first and last date, count, evidence rows: ids, resolution or
statement, position, source file and URL), and the exchanges in time order: A backs B on issue i
first, B backs A on issue j later (who moved first, and the lag in days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from lockstep.model import Target
from lockstep.store.database import Store
from lockstep.text.countries import country_code, known_codes

MAX_EVIDENCE = 20
SUPPORTIVE_SIDES = ("supportive", "supports", "support", "in support")


@dataclass
class Support:
    supporter: str
    supported: str
    issue: str
    date: str | None
    via: str  # event, vote, statement
    ref: str  # event id, resolution or statement
    detail: str  # position, stance, title
    evidence_id: str
    source_file: str
    source_url: str | None


@dataclass
class Direction:
    supporter: str
    supported: str
    issue: str
    first: str | None
    last: str | None
    count: int
    evidence: list[Support] = field(default_factory=list)


@dataclass
class Exchange:
    first_mover: str
    first_issue: str
    first_date: str | None
    second_mover: str
    second_issue: str
    second_date: str | None
    lag_days: int | None


@dataclass
class Reciprocal:
    a: str
    b: str
    directions: list[Direction]
    exchanges: list[Exchange]


@dataclass
class ReciprocityResult:
    parameters: dict[str, Any]
    relations: int
    pairs: list[Reciprocal]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def merged_targets(store: Store, bundled: tuple[Target, ...] | list[Target]) -> dict[str, dict[str, Any]]:
    """ref → target entry: the bundled table, with the store's own entries replacing it by ref."""
    found = {
        t.ref: {
            "ref": t.ref,
            "target": t.target,
            "issue": t.issue,
            "yes_means": t.yes_means,
            "title": t.title,
        }
        for t in bundled
    }
    for row in store.query("SELECT ref, target, issue, yes_means, title FROM targets ORDER BY run_id, ref"):
        found[row["ref"]] = row
    return found


def support_relations(
    store: Store, targets: dict[str, dict[str, Any]], *, abstain_counts_as_support: bool = False
) -> list[Support]:
    """Every support relation in the store, in date order."""
    states = known_codes()
    found: list[Support] = []
    for row in store.query(
        "SELECT id, date, actors, target, issue, kind, title, sources, source_file FROM events "
        "WHERE stance = 'supports' AND target IS NOT NULL"
    ):
        for actor in row["actors"] or []:
            if actor != row["target"] and (actor in states or country_code(actor)):
                found.append(
                    Support(
                        actor, row["target"], row["issue"] or "unspecified", _day(row["date"]), "event", row["id"],
                        f"{row['kind']}: {row['title'] or ''}".strip(), row["id"], row["source_file"],
                        next(iter(row["sources"] or []), None),
                    )
                )  # fmt: skip
    refs = list(targets)
    if refs:
        for row in store.query(
            "SELECT id, resolution, date, country, position, source_file, source_url FROM votes "
            "WHERE resolution IN (SELECT unnest(?)) AND position IN ('yes', 'no', 'abstain')",
            [refs],
        ):
            entry = targets[row["resolution"]]
            supporting = ["no"] if entry["yes_means"] == "opposes" else ["yes"]
            if abstain_counts_as_support:
                supporting.append("abstain")
            if row["position"] in supporting and row["country"] != entry["target"]:
                found.append(
                    Support(
                        row["country"], entry["target"], entry["issue"], _day(row["date"]), "vote", row["resolution"],
                        row["position"], row["id"], row["source_file"], row["source_url"],
                    )
                )  # fmt: skip
        for row in store.query(
            """
            SELECT s.id, s.statement, coalesce(s.date, st.date) AS date, s.country,
                   coalesce(s.side, st.stance) AS side, s.source_file,
                   coalesce(s.source_url, st.sources[1]) AS url
            FROM signatures s LEFT JOIN statements st ON st.statement = s.statement
            WHERE s.statement IN (SELECT unnest(?))
            """,
            [refs],
        ):
            entry = targets[row["statement"]]
            if (row["side"] or "").casefold() in SUPPORTIVE_SIDES and row["country"] != entry["target"]:
                found.append(
                    Support(
                        row["country"], entry["target"], entry["issue"], _day(row["date"]), "statement",
                        row["statement"], f"signed ({row['side']})", row["id"], row["source_file"], row["url"],
                    )
                )  # fmt: skip
    found.sort(key=lambda s: (s.date or "9999", s.supporter, s.supported, s.ref))
    # one resolution stored from two sources (a roll call and a vote list) is one act of support
    unique: dict[tuple[str, str, str, str], Support] = {}
    for support in found:
        unique.setdefault((support.via, support.supporter, support.supported, support.ref), support)
    return list(unique.values())


def reciprocity(
    store: Store,
    targets: dict[str, dict[str, Any]],
    *,
    a: str | None = None,
    b: str | None = None,
    abstain_counts_as_support: bool = False,
) -> ReciprocityResult:
    code_a = (country_code(a) or a) if a else None
    code_b = (country_code(b) or b) if b else None
    relations = support_relations(store, targets, abstain_counts_as_support=abstain_counts_as_support)
    grouped: dict[tuple[str, str, str], list[Support]] = {}
    for support in relations:
        grouped.setdefault((support.supporter, support.supported, support.issue), []).append(support)
    pairs: list[Reciprocal] = []
    seen: set[tuple[str, str]] = set()
    for supporter, supported, _ in grouped:
        key = (min(supporter, supported), max(supporter, supported))
        if key in seen:
            continue
        seen.add(key)
        if (code_a and code_a not in key) or (code_b and code_b not in key):
            continue
        x, y = key
        forward = {i: s for (p, q, i), s in grouped.items() if p == x and q == y}
        backward = {i: s for (p, q, i), s in grouped.items() if p == y and q == x}
        exchanges = [
            _exchange(x, y, i, forward[i], j, backward[j]) for i in forward for j in backward if i != j
        ]
        if not exchanges:
            continue
        exchanges.sort(key=lambda e: (e.first_date or "", e.second_date or ""))
        directions = [_direction(p, q, i, s) for (p, q, i), s in grouped.items() if {p, q} == {x, y}]
        directions.sort(key=lambda d: (d.first or "", d.supporter))
        pairs.append(Reciprocal(x, y, directions, exchanges))
    pairs.sort(key=lambda p: (-len(p.exchanges), p.a, p.b))
    return ReciprocityResult(
        parameters={"a": code_a, "b": code_b, "abstain_counts_as_support": abstain_counts_as_support},
        relations=len(relations),
        pairs=pairs,
    )


def _direction(supporter: str, supported: str, issue: str, supports: list[Support]) -> Direction:
    dates = [s.date for s in supports if s.date]
    return Direction(
        supporter, supported, issue, min(dates) if dates else None, max(dates) if dates else None, len(supports),
        supports[:MAX_EVIDENCE],
    )  # fmt: skip


def _exchange(
    x: str, y: str, issue_x: str, by_x: list[Support], issue_y: str, by_y: list[Support]
) -> Exchange:
    """Who backed whom first: x's first support of y on one issue against y's first of x on another."""
    first_x = min((s.date for s in by_x if s.date), default=None)
    first_y = min((s.date for s in by_y if s.date), default=None)
    if first_y is not None and (first_x is None or first_y < first_x):
        x, y, issue_x, issue_y, first_x, first_y = y, x, issue_y, issue_x, first_y, first_x
    lag = (
        (dt.date.fromisoformat(first_y) - dt.date.fromisoformat(first_x)).days
        if first_x and first_y
        else None
    )
    return Exchange(x, issue_x, first_x, y, issue_y, first_y, lag)


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None
