"""Commands of the narratives capability: `narratives match`, `narratives similar`, `propagation`.

Each parses its options, runs one analysis on a read-only store, and prints either one JSON
document (`--json`, schemas in docs/cli.md) or rich tables; `propagation --png` writes the cascade.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from lockstep.analyses.narratives import DEFAULT_LIMIT, DEFAULT_MIN_SCORE, NarrativeMatches, match_narrative
from lockstep.analyses.propagation import DEFAULT_MAX_LAG_DAYS, Propagation, parse_groups, propagation
from lockstep.analyses.similar import DEFAULT_MAX_CANDIDATES, similar_documents
from lockstep.commands.common import db_path, emit_json, err, out
from lockstep.errors import InputError
from lockstep.store.database import Store
from lockstep.store.lexicon_queries import DocumentFilter
from lockstep.text.embedder import load_embedder
from lockstep.text.narratives import load_narratives

narratives_app = typer.Typer(
    no_args_is_help=True,
    help="Narratives: match a claim across languages and outlets, find the same claim elsewhere.",
)

_Json = Annotated[bool, typer.Option("--json", help="Print one JSON document (schema in docs/cli.md).")]
_MinScore = Annotated[
    float,
    typer.Option(
        "--min-score", help="Report documents scoring at least this (0..1; see docs/narratives.md)."
    ),
]


def _date(value: str | None, option: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(option, value, "expected an ISO date such as 2026-03-15") from None
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _filter(
    since: str | None, until: str | None, outlet: list[str] | None, language: list[str] | None
) -> DocumentFilter:
    return DocumentFilter(
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        outlets=tuple(outlet) if outlet else None,
        languages=tuple(language) if language else None,
    )


def _day(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "?"


@narratives_app.command("match")
def match(
    narrative: Annotated[
        str | None,
        typer.Option("--narrative", help="Bundled narrative id or YAML file (default: every bundled one)."),
    ] = None,
    min_score: _MinScore = DEFAULT_MIN_SCORE,
    since: Annotated[str | None, typer.Option(help="Only documents published on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only documents published before this date.")] = None,
    outlet: Annotated[
        list[str] | None, typer.Option("--outlet", help="Only this outlet; repeatable.")
    ] = None,
    language: Annotated[
        list[str] | None, typer.Option("--language", help="Only this language; repeatable.")
    ] = None,
    embedder: Annotated[
        str | None,
        typer.Option("--embedder", help="st:/path/to/local/sentence-transformers/model, or minilm."),
    ] = None,
    limit: Annotated[
        int, typer.Option(help="Documents listed (and given text evidence) per narrative.")
    ] = DEFAULT_LIMIT,
    as_json: _Json = False,
) -> None:
    """Score documents for each narrative: concepts, entities, numbers, shared URLs; with evidence."""
    definitions = load_narratives(narrative)
    model = load_embedder(embedder)
    where = _filter(since, until, outlet, language)
    with Store(db_path(), read_only=True) as store:
        results = [
            match_narrative(store, n, min_score=min_score, where=where, embedder=model, limit=limit)
            for n in definitions
        ]
    if as_json:
        emit_json({"narratives": [r.as_dict() for r in results]})
        return
    for result in results:
        _print_matches(result)


def _print_matches(result: NarrativeMatches) -> None:
    table = Table(
        title=f"{result.label} — {result.total} documents (left out as debunks etc.: {result.excluded})"
    )
    for column in ("score", "published", "outlet", "lang", "concepts / entities", "matched words", "id"):
        table.add_column(column)
    for m in result.documents:
        table.add_row(
            f"{m.score:.2f}",
            _day(m.published_at),
            m.outlet,
            m.language or "?",
            ", ".join(m.concepts + m.entities),
            "; ".join(dict.fromkeys(m.matched_text.values()))[:80],
            m.id,
        )
    out.print(table)


@narratives_app.command("similar")
def similar(
    doc_id: Annotated[str, typer.Argument(help="Id of a stored document.")],
    limit: Annotated[int, typer.Option(help="Documents listed.")] = 10,
    language: Annotated[
        list[str] | None,
        typer.Option("--language", help="Only this language (default: every other); repeatable."),
    ] = None,
    window_days: Annotated[
        float | None, typer.Option("--window-days", help="Only documents within this many days of it.")
    ] = None,
    max_candidates: Annotated[int, typer.Option(help="Newest documents compared.")] = DEFAULT_MAX_CANDIDATES,
    as_json: _Json = False,
) -> None:
    """Documents in other languages carrying the same claim, ranked, with why."""
    with Store(db_path(), read_only=True) as store:
        result = similar_documents(
            store,
            doc_id,
            limit=limit,
            languages=language,
            max_candidates=max_candidates,
            window_days=window_days,
        )
    if as_json:
        emit_json(result.as_dict())
        return
    table = Table(title=f"Like {doc_id} ({result.language}): {result.title}"[:160])
    for column in (
        "score",
        "lang",
        "published",
        "outlet",
        "shared concepts",
        "shared names/words, numbers",
        "id",
    ):
        table.add_column(column)
    for r in result.results:
        table.add_row(
            f"{r.score:.3f}",
            r.language or "?",
            _day(r.published_at),
            r.outlet,
            ", ".join(r.why["concepts"])[:60],
            ", ".join(r.why["words"] + r.why["numbers"] + r.why["urls"])[:60],
            r.id,
        )
    out.print(table)


def propagation_command(
    narrative: Annotated[
        str, typer.Option("--narrative", help="Bundled narrative id or YAML file (one narrative).")
    ],
    by: Annotated[str, typer.Option(help="Cascade unit: outlet, language or country.")] = "outlet",
    groups: Annotated[
        str | None, typer.Option(help="Groups to measure lags between, in order: A:state-ru,B:state-zh.")
    ] = None,
    max_lag_days: Annotated[
        float,
        typer.Option(help="Pair a document with an earlier group's document at most this many days before."),
    ] = DEFAULT_MAX_LAG_DAYS,
    language_field: Annotated[
        str | None, typer.Option(help="Where a document's language comes from: language, or extra.NAME.")
    ] = None,
    min_score: _MinScore = DEFAULT_MIN_SCORE,
    since: Annotated[str | None, typer.Option(help="Only documents published on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only documents published before this date.")] = None,
    png: Annotated[
        Path | None, typer.Option("--png", help="Write the cascade chart to this PNG file.")
    ] = None,
    as_json: _Json = False,
) -> None:
    """Where a narrative first appeared and how it spread: first appearances, cascade, lags."""
    definitions = load_narratives(narrative)
    if len(definitions) != 1:
        raise InputError(narrative, None, "propagation needs exactly one narrative")
    specs = parse_groups(groups)
    with Store(db_path(), read_only=True) as store:
        matches = match_narrative(
            store, definitions[0], min_score=min_score, where=_filter(since, until, None, None), limit=None
        )
        result = propagation(
            store, matches, by=by, groups=specs, max_lag_days=max_lag_days, language_field=language_field
        )
    if png is not None:
        from lockstep.outputs.narratives_plots import cascade_chart  # matplotlib: only when drawing

        chart = cascade_chart(result)
        if chart is None:
            err.print(f"nothing to draw: {png} not written")
        else:
            png.parent.mkdir(parents=True, exist_ok=True)
            png.write_bytes(chart)
            err.print(f"chart written to {png}")
    if as_json:
        emit_json(_propagation_json(result))
        return
    _print_propagation(result)


def _propagation_json(result: Propagation) -> dict[str, Any]:
    data = result.as_dict()
    data["timeline"] = [
        {k: d[k] for k in ("id", "published_at", "outlet", "outlet_id", "languages", "country", "url", "new")}
        for d in data["timeline"]
    ]
    return data


def _print_propagation(result: Propagation) -> None:
    first = result.first
    out.print(
        f"[bold]{escape(result.label)}[/bold]: {result.documents} documents ({result.undated} undated); first: "
        + (
            escape(
                f"{_day(first.published_at)} {first.outlet} ({', '.join(first.languages)}) {first.url or first.id}"
            )
            if first
            else "none"
        )
    )
    cascade = Table(title=f"Cascade: each new {result.parameters['by']} in time order")
    for column in ("published", "+days", "outlet", "languages", "country", "id"):
        cascade.add_column(column)
    start = first.published_at if first else None
    for d in result.cascade[:100]:
        lag = (d.published_at - start).total_seconds() / 86400 if start else 0.0
        cascade.add_row(
            _day(d.published_at), f"{lag:.1f}", d.outlet, ", ".join(d.languages), d.country or "?", d.id
        )
    out.print(cascade)
    for dim in ("language", "country"):
        table = Table(title=f"First appearance per {dim}")
        for column in (dim, "first", "+days", "documents", "outlet", "id"):
            table.add_column(column)
        for f in result.first_by[dim][:40]:
            table.add_row(f.key, _day(f.first_at), f"{f.lag_days:.1f}", str(f.documents), f.outlet, f.doc_id)
        out.print(table)
    if result.group_lags:
        table = Table(title="Lags between groups")
        for column in ("from", "to", "first → first (days)", "pairs", "median lag (days)"):
            table.add_column(column)
        for g in result.group_lags:
            table.add_row(
                g.source,
                g.target,
                "–" if g.first_lag_days is None else f"{g.first_lag_days:.2f}",
                str(g.pairs),
                "–" if g.median_lag_days is None else f"{g.median_lag_days:.2f}",
            )
        out.print(table)


def register(app: typer.Typer) -> None:
    """Add this capability's commands to the CLI."""
    app.add_typer(narratives_app, name="narratives")
    app.command("propagation")(propagation_command)
