"""Commands of the diplomacy capability: `timeline`, `alignment`, `reciprocity`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from lockstep.commands.common import db_path, emit_json, err, out
from lockstep.errors import InputError
from lockstep.store.database import Store
from lockstep.text.countries import country_code


def _date(value: str | None, option: str, end: bool = False) -> dt.date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; `--to 2021` means the end of 2021."""
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return dt.date(int(parts[0]), 12, 31) if end else dt.date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            if end:
                following = dt.date(year + month // 12, month % 12 + 1, 1)
                return following - dt.timedelta(days=1)
            return dt.date(year, month, 1)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(option, value, "expected YYYY, YYYY-MM or YYYY-MM-DD") from None


def _countries(value: str | None) -> list[str] | None:
    if not value:
        return None
    codes = []
    for name in (part.strip() for part in value.split(",")):
        code = country_code(name) if name else None
        if name and code is None:
            raise InputError("--countries", name, "unknown country name or code")
        if code:
            codes.append(code)
    return codes


def _write_png(path: Path | None, png: bytes | None) -> None:
    if path is None:
        return
    if png is None:
        err.print(f"nothing to draw: {path} not written")
        return
    path.write_bytes(png)
    err.print(f"figure written to {path}")


def register(app: typer.Typer) -> None:
    """Add this capability's commands to the CLI."""

    @app.command()
    def timeline(
        actor: Annotated[str | None, typer.Option(help="A state (name or code) or actor id.")] = None,
        issue: Annotated[str | None, typer.Option(help="Only events on this issue.")] = None,
        date_from: Annotated[str | None, typer.Option("--from", help="YYYY[-MM[-DD]]")] = None,
        date_to: Annotated[str | None, typer.Option("--to", help="YYYY[-MM[-DD]]")] = None,
        kind: Annotated[str | None, typer.Option(help="visit, meeting, interview, statement, ...")] = None,
        limit: Annotated[int, typer.Option(help="Events to list.")] = 2000,
        export_timelinejs: Annotated[
            Path | None, typer.Option("--export-timelinejs", help="Write TimelineJS 3 JSON here.")
        ] = None,
        png: Annotated[Path | None, typer.Option("--png", help="Write the timeline figure here.")] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """The chronology of events with their sources (lanes per actor in the figure)."""
        from lockstep.analyses.chronology import timeline as run
        from lockstep.analyses.chronology import timelinejs_text
        from lockstep.outputs.diplomacy_plots import timeline_png

        with Store(db_path(), read_only=True) as store:
            result = run(
                store, actor=actor, issue=issue, date_from=_date(date_from, "--from"),
                date_to=_date(date_to, "--to", end=True), kind=kind, limit=limit,
            )  # fmt: skip
        if export_timelinejs:
            export_timelinejs.write_text(timelinejs_text(result), encoding="utf-8")
            err.print(f"TimelineJS JSON written to {export_timelinejs}")
        _write_png(png, timeline_png(result))
        if as_json:
            emit_json(result.as_dict())
            return
        table = Table(title=f"{result.total} events")
        for column in ("date", "kind", "actors", "stance", "issue", "title", "sources"):
            table.add_column(column, overflow="fold")
        for e in result.events:
            day = e.date[: {"year": 4, "month": 7}.get(e.precision, 10)]
            stance = f"{e.stance} {e.target}" if e.stance and e.target else (e.stance or "")
            table.add_row(
                day, e.kind, ", ".join(e.actors), stance, e.issue or "", e.title or "",
                " ".join(s.url or s.ref for s in e.sources),
            )  # fmt: skip
        out.print(table)

    @app.command()
    def alignment(
        countries: Annotated[
            str | None, typer.Option(help="Comma-separated states, e.g. RUS,CHN,USA.")
        ] = None,
        issue: Annotated[str | None, typer.Option(help="Only roll calls on this issue.")] = None,
        date_from: Annotated[str | None, typer.Option("--from", help="YYYY[-MM[-DD]]")] = None,
        date_to: Annotated[str | None, typer.Option("--to", help="YYYY[-MM[-DD]]")] = None,
        forum: Annotated[str | None, typer.Option(help="Only this forum (UNGA, HRC...).")] = None,
        by: Annotated[str | None, typer.Option("--by", help="'year' for agreement per year.")] = None,
        variant: Annotated[str, typer.Option(help="strict, or half (yes/no vs abstain = 0.5).")] = "strict",
        min_joint: Annotated[int, typer.Option(help="Fewest jointly cast votes for a pair.")] = 10,
        blocs: Annotated[int, typer.Option(help="Number of blocs to cut.")] = 4,
        png: Annotated[Path | None, typer.Option("--png", help="Write the agreement figure here.")] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Vote agreement per pair, per issue and per year; blocs; co-signature alignment."""
        from lockstep.analyses.alignment import VARIANTS
        from lockstep.analyses.alignment import alignment as run
        from lockstep.outputs.diplomacy_plots import agreement_by_year, agreement_heatmap

        if variant not in VARIANTS:
            raise InputError("--variant", variant, f"expected one of {', '.join(VARIANTS)}")
        if by not in (None, "year"):
            raise InputError("--by", by, "expected 'year'")
        chosen = _countries(countries)
        with Store(db_path(), read_only=True) as store:
            result = run(
                store, countries=chosen, issue=issue, date_from=_date(date_from, "--from"),
                date_to=_date(date_to, "--to", end=True), forum=forum, by_year=by == "year", variant=variant,
                min_joint=min_joint, blocs=blocs,
            )  # fmt: skip
        shown = chosen or [c for c in result.countries][:30]
        _write_png(png, agreement_by_year(result) if by == "year" else agreement_heatmap(result, shown))
        if as_json:
            emit_json(result.as_dict())
            return
        out.print(f"{result.votes:,} cast votes in {result.roll_calls:,} roll calls; variant {variant}")
        table = Table(title="agreement per pair")
        for column in ("a", "b", "agreement", "joint votes", "latest disagreement"):
            table.add_column(column)
        for p in result.pairs[:40]:
            last = p.evidence[0] if p.evidence else None
            note = f"{last.resolution} {last.date}: {last.position_a}/{last.position_b}" if last else ""
            table.add_row(p.a, p.b, f"{p.agreement:.3f}", str(p.joint), note)
        out.print(table)
        if result.by_year:
            years = Table(title="per year")
            for column in ("year", "a", "b", "agreement", "joint"):
                years.add_column(column)
            for y in result.by_year[-40:]:
                years.add_row(str(y.year), y.a, y.b, f"{y.agreement:.3f}", str(y.joint))
            out.print(years)
        for number, bloc in enumerate(result.blocs, start=1):
            out.print(f"bloc {number} ({len(bloc)}): {', '.join(bloc[:60])}{' …' if len(bloc) > 60 else ''}")
        if result.cosignature:
            co = Table(title="co-signature of joint statements")
            for column in ("a", "b", "same side", "opposite sides", "agreement", "partial lists"):
                co.add_column(column)
            for c in result.cosignature[:20]:
                co.add_row(
                    c.a, c.b, str(c.same_side), str(c.opposite_sides), str(c.agreement), str(c.partial_lists)
                )
            out.print(co)

    @app.command()
    def reciprocity(
        a: Annotated[str | None, typer.Option("--a", help="One state (name or code).")] = None,
        b: Annotated[str | None, typer.Option("--b", help="The other state.")] = None,
        abstain_counts_as_support: Annotated[
            bool,
            typer.Option(
                "--abstain-counts-as-support", help="Count abstaining on a condemnation as support."
            ),
        ] = False,
        png: Annotated[Path | None, typer.Option("--png", help="Write the exchanges figure here.")] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Pairs of states that back each other on different issues, in time order, with evidence."""
        from lockstep.analyses.reciprocity import merged_targets
        from lockstep.analyses.reciprocity import reciprocity as run
        from lockstep.outputs.diplomacy_plots import exchanges_png
        from lockstep.sources.targets import bundled_targets

        for option, value in (("--a", a), ("--b", b)):
            if value and country_code(value) is None:
                raise InputError(option, value, "unknown country name or code")
        with Store(db_path(), read_only=True) as store:
            result = run(
                store, merged_targets(store, bundled_targets()), a=a, b=b,
                abstain_counts_as_support=abstain_counts_as_support,
            )  # fmt: skip
        _write_png(png, exchanges_png(result))
        if as_json:
            emit_json(result.as_dict())
            return
        out.print(
            f"{result.relations} support relations; {len(result.pairs)} pairs back each other on different issues"
        )
        for pair in result.pairs:
            table = Table(title=f"{pair.a} ⇄ {pair.b}")
            for column in ("supporter", "supported", "issue", "first", "last", "count", "evidence"):
                table.add_column(column, overflow="fold")
            for d in pair.directions:
                evidence = "; ".join(f"{s.via} {s.ref} {s.detail}" for s in d.evidence[:3])
                table.add_row(
                    d.supporter, d.supported, d.issue, d.first or "", d.last or "", str(d.count), evidence
                )
            out.print(table)
            for e in pair.exchanges:
                out.print(
                    f"  {e.first_date} {e.first_mover} backs on {e.first_issue}, then {e.second_date} "
                    f"{e.second_mover} backs on {e.second_issue} (+{e.lag_days} days)"
                )
