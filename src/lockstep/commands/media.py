"""Commands of the media capability: framing, first-mention, coverage, citations.

Each parses its options, runs one analysis on a read-only store, and prints either one JSON
document (`--json`, schemas in docs/cli.md) or rich tables; `--png` writes the chart.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from lockstep.commands.common import db_path, emit_json, err, out
from lockstep.errors import InputError
from lockstep.store.database import Store
from lockstep.store.lexicon_queries import GROUP_EXPRESSIONS, DocumentFilter

_FREQS = ("week", "month", "quarter", "year")


def _date(value: str | None, option: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            option, value, "expected an ISO date such as 2026-03-15 or 2026-03-15T09:30"
        ) from None
    if moment.tzinfo:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise InputError(option, value, f"expected one of: {', '.join(allowed)}")
    return value


def _filter(since: str | None, until: str | None, outlet: list[str] | None) -> DocumentFilter:
    return DocumentFilter(
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        outlets=tuple(outlet) if outlet else None,
    )


def _write_png(path: Path | None, png: bytes | None) -> None:
    if path is None:
        return
    if png is None:
        err.print(f"nothing to draw: {path} not written")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    err.print(f"chart written to {path}")


_Since = Annotated[str | None, typer.Option(help="Only documents published on or after this date (UTC).")]
_Until = Annotated[str | None, typer.Option(help="Only documents published before this date (UTC).")]
_Outlet = Annotated[
    list[str] | None, typer.Option("--outlet", help="Only this outlet (id or name); repeatable.")
]
_Png = Annotated[Path | None, typer.Option("--png", help="Write the chart to this PNG file.")]
_Json = Annotated[bool, typer.Option("--json", help="Print one JSON document (schema in docs/cli.md).")]


def framing(
    lexicon: Annotated[
        str, typer.Option(help="Bundled lexicon name (ukraine-war, xinjiang, ...) or YAML file.")
    ],
    topic: Annotated[str | None, typer.Option(help="One topic of the lexicon (default: all).")] = None,
    by: Annotated[str, typer.Option(help="Group by outlet, country, language or state.")] = "outlet",
    freq: Annotated[str, typer.Option(help="Period: week, month, quarter or year.")] = "month",
    min_topic_docs: Annotated[
        int, typer.Option(help="Topic documents a group needs before its silence is flagged as 'never uses'.")
    ] = 10,
    examples: Annotated[int, typer.Option(help="Snippets per cell.")] = 3,
    since: _Since = None,
    until: _Until = None,
    outlet: _Outlet = None,
    png: _Png = None,
    as_json: _Json = False,
) -> None:
    """Which competing terms each outlet uses for the same thing, per period ('never uses' flags, snippets)."""
    from lockstep.analyses.framing import framing_analysis
    from lockstep.outputs.media_plots import framing_shares
    from lockstep.text.lexicon import load_lexicon

    _choice(by, tuple(GROUP_EXPRESSIONS), "--by")
    _choice(freq, _FREQS, "--freq")
    lex = load_lexicon(lexicon)
    with Store(db_path(), read_only=True) as store:
        result = framing_analysis(
            store,
            lex,
            topic=topic,
            by=by,
            freq=freq,
            where=_filter(since, until, outlet),
            min_topic_documents=min_topic_docs,
            examples_per_cell=examples,
        )
    if png:
        _write_png(png, framing_shares(result, result.topics[0]["id"]))
    if as_json:
        emit_json(result.as_dict())
        return
    for topic_info in result.topics:
        names = [f["id"] for f in topic_info["framings"]]
        table = Table(title=f"{topic_info['label']} — whole range, by {by}")
        for column in (by, "documents", "topic docs", *names):
            table.add_column(column, overflow="fold")
        for row in result.totals:
            if row.topic != topic_info["id"] or not row.topic_documents:
                continue
            cells = [
                f"{c.documents} ({c.share:.0%})" + (" NEVER" if c.never_uses else "")
                if c.share is not None
                else "–"
                for c in row.framings
            ]
            table.add_row(row.label, str(row.documents), str(row.topic_documents), *cells)
        out.print(table)
    out.print(
        f"'NEVER': no use in ≥{min_topic_docs} topic documents where others' share makes that unlikely "
        "(p ≤ 0.05); see docs/framing.md. Per-period rows and snippets: --json."
    )


def citations(
    by: Annotated[str, typer.Option(help="Citing node: outlet or country.")] = "outlet",
    export: Annotated[Path | None, typer.Option(help="Write the graph to FILE.graphml or FILE.gexf.")] = None,
    examples: Annotated[int, typer.Option(help="Example sentences per edge.")] = 3,
    limit: Annotated[int, typer.Option(help="Edges shown in the table (JSON holds all).")] = 30,
    since: _Since = None,
    until: _Until = None,
    outlet: _Outlet = None,
    png: _Png = None,
    as_json: _Json = False,
) -> None:
    """Who cites whom: attributions ("according to TASS", "заявила Захарова", "据新华社报道") as a graph."""
    from lockstep.analyses.citations import citations_analysis, sourcing_shares
    from lockstep.outputs.media_exports import citation_graph, export_format, write_graph
    from lockstep.outputs.media_plots import citation_shares

    _choice(by, ("outlet", "country"), "--by")
    if export is not None:
        export_format(export)
    with Store(db_path(), read_only=True) as store:
        result = citations_analysis(
            store, by=by, where=_filter(since, until, outlet), examples_per_edge=examples
        )
    if export is not None:
        write_graph(citation_graph(result), export)
        err.print(f"graph written to {export}")
    if png:
        _write_png(png, citation_shares(sourcing_shares(result), "Whom each outlet cites"))
    if as_json:
        emit_json(result.as_dict())
        return
    out.print(
        f"{result.attributions} attributions in {result.documents_with_attributions} documents "
        f"({result.resolved} resolved to the catalogue, {result.unresolved} unresolved)"
    )
    table = Table(title="Most frequent citations (documents)")
    for column in (by, "cites", "kind", "country", "documents", "first", "last"):
        table.add_column(column, overflow="fold")
    for edge in result.edges[:limit]:
        table.add_row(
            edge.source_label,
            edge.target_label,
            edge.target_kind,
            edge.target_country or "",
            str(edge.documents),
            (edge.first or "")[:10],
            (edge.last or "")[:10],
        )
    out.print(table)
    shares = Table(title="Share of attributions to another state's officials or state media")
    for column in (by, "country", "attributions", "unresolved", "foreign state", "by country"):
        shares.add_column(column, overflow="fold")
    for row in result.outlets:
        shares.add_row(
            row.label,
            row.country or "?",
            str(row.attributions),
            str(row.unresolved),
            f"{row.foreign_state_share:.0%}" if row.foreign_state_share is not None else "–",
            ", ".join(f"{c} {v['share']:.0%}" for c, v in row.by_country.items()),
        )
    out.print(shares)


def first_mention(
    query: Annotated[
        list[str] | None,
        typer.Option("--query", help="Words or a phrase; repeat for other languages' names."),
    ] = None,
    lexicon: Annotated[str | None, typer.Option(help="Lexicon whose framing counts as a mention.")] = None,
    framing_id: Annotated[
        str | None, typer.Option("--framing", help="Framing id (topic/framing if ambiguous).")
    ] = None,
    event_date: Annotated[
        str | None, typer.Option(help="When the event happened (UTC); lags count from it.")
    ] = None,
    gdelt: Annotated[
        bool, typer.Option("--gdelt", help="Lags from GDELT Mentions instead of documents.")
    ] = False,
    event_id: Annotated[int | None, typer.Option(help="GDELT: only this GlobalEventID.")] = None,
    min_confidence: Annotated[int, typer.Option(help="GDELT: lowest Confidence (percent) kept.")] = 50,
    since: _Since = None,
    until: _Until = None,
    outlet: _Outlet = None,
    png: _Png = None,
    as_json: _Json = False,
) -> None:
    """When each outlet first mentioned an event or topic, and how long after it happened."""
    from lockstep.analyses.first_mention import first_mentions, gdelt_lags, query_plan
    from lockstep.outputs.media_plots import lags_per_outlet
    from lockstep.text.lexicon import load_lexicon, match_plan

    if gdelt:
        with Store(db_path(), read_only=True) as store:
            lags = gdelt_lags(store, min_confidence=min_confidence, event_id=event_id)
        top = lags.sources[:40]
        _write_png(
            png,
            lags_per_outlet(
                [s.source for s in top], [s.lags_hours for s in top], "GDELT: mention lags per source"
            ),
        )
        if as_json:
            emit_json(lags.as_dict())
            return
        table = Table(title=f"GDELT mentions (confidence ≥ {min_confidence}): lag after the event, hours")
        for column in ("source", "mentions", "events", "fastest", "median", "fastest mention"):
            table.add_column(column, overflow="fold")
        for s in lags.sources[:40]:
            table.add_row(
                s.source,
                str(s.mentions),
                str(s.events),
                f"{s.first_lag_hours:g}",
                f"{s.median_lag_hours:g}",
                s.first_mention_url or "",
            )
        out.print(table)
        out.print(
            f"{lags.mentions_used} mentions kept, {lags.mentions_below_confidence} below confidence {min_confidence}."
        )
        return
    if bool(query) == bool(lexicon and framing_id):
        raise InputError("first-mention", None, "give --query, or --lexicon with --framing (not both)")
    if query:
        try:
            plan, forms = query_plan(query)
        except ValueError as exc:
            raise InputError("--query", None, str(exc)) from None
        description = " | ".join(query)
    else:
        assert lexicon and framing_id
        topic, chosen = load_lexicon(lexicon).find_framing(framing_id)
        plan, forms, description = (
            match_plan(chosen.forms),
            list(chosen.forms),
            f"{lexicon}:{topic.id}/{chosen.id}",
        )
    with Store(db_path(), read_only=True) as store:
        result = first_mentions(
            store,
            plan,
            forms,
            event_date=_date(event_date, "--event-date"),
            where=_filter(since, until, outlet),
            description=description,
        )
    _write_png(
        png,
        lags_per_outlet(
            [f"{o.outlet} ({o.language})" for o in result.outlets],
            [[o.lag_hours] for o in result.outlets],
            f"First mention of {description} (hours after the {result.reference_kind})",
        ),
    )
    if as_json:
        emit_json(result.as_dict())
        return
    table = Table(
        title=f"First mention of {description} — lag after the {result.reference_kind} {result.reference or ''}"
    )
    for column in ("outlet", "first mention", "lang", "lag (h)", "documents", "document", "url"):
        table.add_column(column, overflow="fold")
    for o in result.outlets:
        table.add_row(
            o.outlet,
            o.first_published_at[:16],
            o.language or "",
            f"{o.lag_hours:g}",
            str(o.documents),
            o.first_doc_id,
            o.first_url or "",
        )
    out.print(table)
    silent = ", ".join(f"{r['outlet']} ({r['documents']} documents)" for r in result.never_mentioned)
    out.print(f"{len(result.never_mentioned)} outlets never mention it: {silent or '—'}")


def coverage(
    entity: Annotated[
        str, typer.Option(help="Actor id, name or alias in any language (Putin, Путин, 普京).")
    ],
    by: Annotated[str, typer.Option(help="Group by outlet, country, language or state.")] = "outlet",
    freq: Annotated[str, typer.Option(help="Period: week, month, quarter or year.")] = "month",
    compare_a: Annotated[
        list[str] | None,
        typer.Option("--compare-a", help="Outlet ids of group A (default: state-affiliated)."),
    ] = None,
    compare_b: Annotated[
        list[str] | None, typer.Option("--compare-b", help="Outlet ids of group B (default: the others).")
    ] = None,
    words_language: Annotated[
        str | None, typer.Option(help="Language of the distinctive-words comparison.")
    ] = None,
    window: Annotated[int, typer.Option(help="Terms either side of a mention counted as context.")] = 10,
    top: Annotated[int, typer.Option(help="Distinctive words per side.")] = 20,
    since: _Since = None,
    until: _Until = None,
    outlet: _Outlet = None,
    png: _Png = None,
    as_json: _Json = False,
) -> None:
    """Attention share (stories naming an entity ÷ all stories) per outlet and period, and the words around it."""
    from lockstep.analyses.coverage import coverage_analysis
    from lockstep.outputs.media_plots import attention_series, attention_shares

    _choice(by, tuple(GROUP_EXPRESSIONS), "--by")
    _choice(freq, _FREQS, "--freq")
    if bool(compare_a) != bool(compare_b):
        raise InputError("--compare-a/--compare-b", None, "give both groups, or neither")
    with Store(db_path(), read_only=True) as store:
        result = coverage_analysis(
            store,
            entity,
            by=by,
            freq=freq,
            where=_filter(since, until, outlet),
            compare_a=compare_a,
            compare_b=compare_b,
            window=window,
            top=top,
            words_language=words_language,
        )
    _write_png(
        png, attention_shares(attention_series(result.periods), f"Attention to {result.entity['name']}")
    )
    if as_json:
        emit_json(result.as_dict())
        return
    table = Table(title=f"Attention to {result.entity['name']} ({', '.join(result.entity['names'])})")
    for column in (by, "documents", "naming it", "share"):
        table.add_column(column, overflow="fold")
    for row in sorted(result.totals, key=lambda r: -(r.share or 0)):
        table.add_row(
            row.label,
            str(row.documents),
            str(row.matching),
            f"{row.share:.1%}" if row.share is not None else "–",
        )
    out.print(table)
    if result.distinctive:
        d = result.distinctive
        words = Table(
            title=f"Words around it ({result.parameters['words_language']}): {d.group_a} vs {d.group_b}"
        )
        for column in (f"more in {d.group_a}", "z", f"more in {d.group_b}", "z "):
            words.add_column(column)
        for k in range(max(len(d.words_a), len(d.words_b))):
            a = d.words_a[k] if k < len(d.words_a) else None
            b = d.words_b[k] if k < len(d.words_b) else None
            words.add_row(
                a.term if a else "", f"{a.z:.2f}" if a else "", b.term if b else "", f"{b.z:.2f}" if b else ""
            )
        out.print(words)


def register(app: typer.Typer) -> None:
    """Add this capability's commands to the CLI."""
    app.command()(framing)
    app.command()(citations)
    app.command("first-mention")(first_mention)
    app.command()(coverage)
