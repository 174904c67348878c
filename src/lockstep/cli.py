"""The command line: parse, call, print. No logic lives here.

Results go to stdout (a rich table, or one JSON document with `--json`); progress and
errors go to stderr. Bad input exits with code 2 and a one-line message naming the file,
record and reason.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import duckdb
import typer
from rich.table import Table

from lockstep import __version__
from lockstep.commands.common import db_path, emit_json, err, out, set_db
from lockstep.errors import InputError
from lockstep.sources.base import SourceOptions
from lockstep.store.database import Store

if TYPE_CHECKING:
    from rich.progress import Progress

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Measure and prove coordination between governments and their state media.",
    pretty_exceptions_enable=False,
)
#: Capability command groups (`lockstep/commands/<name>.py`, each with `register(app)`) and the
#: commands each registers. When the command line names one of these, only its module is imported
#: (the others cost 0.1 s of start-up); `--help` and anything else import all. A test keeps this
#: table equal to what the modules register.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "media": ("framing", "citations", "first-mention", "coverage"),
    "coordination": ("coordination",),
    "diplomacy": ("timeline", "alignment", "reciprocity"),
    "narratives": ("narratives", "propagation"),
}


@app.callback()
def _global(
    db: Annotated[
        Path | None, typer.Option("--db", help="Store file (default ./lockstep.duckdb or $LOCKSTEP_DB).")
    ] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(__version__)
        raise typer.Exit()
    set_db(db)


def _parse_map(values: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values:
        for pair in value.split(","):
            if not pair.strip():
                continue
            if "=" not in pair:
                raise InputError("--map", pair, "expected FIELD=COLUMN")
            key, column = pair.split("=", 1)
            mapping[key.strip()] = column.strip()
    return mapping


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs.")],
    fmt: Annotated[
        str, typer.Option("--format", help="auto, or a format name (see docs/ingest.md).")
    ] = "auto",
    outlet: Annotated[str | None, typer.Option(help="Outlet or channel name for every document.")] = None,
    map_: Annotated[
        list[str] | None, typer.Option("--map", help="Field mapping, e.g. text=message,published_at=date.")
    ] = None,
    platform: Annotated[
        str | None, typer.Option(help="Platform of social posts (twitter, telegram...).")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow URLs on private/loopback networks.")
    ] = False,
    no_catalogue: Annotated[
        bool, typer.Option("--no-catalogue", help="Do not load the bundled outlet/actor catalogue.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Read inputs into the store. Re-running adds nothing new; bad records are reported."""
    from lockstep.ingest import ingest as run_ingest
    from lockstep.ingest import seed_catalogue

    options = SourceOptions(outlet=outlet, mapping=_parse_map(map_ or []), platform=platform)
    with Store(db_path()) as store, _progress() as progress:
        task = progress.add_task("reading", total=None)

        def report(file: str, count: int) -> None:
            progress.update(task, description=Path(file).name[:40], completed=count)
            if not err.is_terminal:  # logs and pipes get a line per committed batch instead of a bar
                sys.stderr.write(f"{file}: {count} records committed\n")

        if not no_catalogue:
            seed_catalogue(store)
        result = run_ingest(
            store, inputs, fmt=fmt, options=options, allow_private=allow_private, progress=report
        )
    if as_json:
        emit_json(result.as_dict())
        return
    table = Table(title=f"ingest run {result.run_id}")
    for column in ("file", "format", "read", "new", "duplicate", "rejected", "top reasons"):
        numeric = column in ("read", "new", "duplicate", "rejected")
        table.add_column(column, justify="right" if numeric else "left", overflow="fold", no_wrap=numeric)
    for f in result.files:
        reasons = "; ".join(f"{r} ({n})" for r, n in f.reasons.most_common(3))
        table.add_row(f.file, f.format, str(f.read), str(f.new), str(f.duplicate), str(f.rejected), reasons)
    totals = result.totals()
    table.add_row("total", "", *(str(totals[k]) for k in ("read", "new", "duplicate", "rejected")), "")
    out.print(table)
    if result.skipped:
        err.print(f"left aside {len(result.skipped)} non-data files in folders (README, LICENSE, ...)")


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """What the store holds: counts per table, documents per outlet and language."""
    from lockstep.analyses.overview import overview

    with Store(db_path(), read_only=True) as store:
        result = overview(store)
    if as_json:
        emit_json(result.as_dict())
        return
    counts = Table(title=f"store {db_path()}")
    counts.add_column("table")
    counts.add_column("rows", justify="right")
    for name, n in result.counts.items():
        counts.add_row(name, f"{n:,}")
    out.print(counts)
    outlets = Table(title="documents per outlet and language")
    for column in ("outlet", "country", "state", "language", "documents", "first", "last"):
        outlets.add_column(column)
    for row in result.by_outlet[:40]:
        outlets.add_row(
            str(row["outlet"]),
            str(row["country"] or ""),
            {True: "yes", False: "no", None: "?"}[row["state_affiliated"]],
            str(row["language"] or "?"),
            str(row["documents"]),
            str(row["first_published"] or "")[:10],
            str(row["last_published"] or "")[:10],
        )
    out.print(outlets)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words or a phrase, any language; inflections match.")],
    lang: Annotated[str | None, typer.Option("--lang", help="Analyse the query as this language.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (id or name).")] = None,
    language: Annotated[str | None, typer.Option(help="Only documents in this language.")] = None,
    any_order: Annotated[
        bool, typer.Option("--any-order", help="Words anywhere in the document, not as a phrase.")
    ] = False,
    limit: Annotated[int, typer.Option(help="Documents to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find documents through the term index (биолаборатория finds биолаборатории)."""
    from lockstep.analyses.search import search_store

    with Store(db_path(), read_only=True) as store:
        result = search_store(
            store, query, lang=lang, outlet=outlet, language=language, phrase=not any_order, limit=limit
        )
    if as_json:
        emit_json(result.as_dict())
        return
    out.print(f"{result.total} documents match {query!r} (terms: {result.terms})")
    table = Table()
    for column in ("id", "outlet", "lang", "published", "snippet", "url"):
        table.add_column(column, overflow="fold")
    for hit in result.hits:
        table.add_row(
            hit.id,
            hit.outlet,
            hit.language or "",
            str(hit.published_at or "")[:16],
            hit.snippet,
            hit.url or "",
        )
    out.print(table)


@app.command()
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Write a self-contained HTML report (opens offline) of what the store holds."""
    from lockstep.outputs.report import write_report

    with Store(db_path(), read_only=True) as store:
        sections = write_report(store, output)
    if as_json:
        emit_json({"report": str(output), "sections": sections})
    else:
        out.print(f"report written to {output} ({len(sections)} sections)")


@app.command()
def demo(
    folder: Annotated[Path, typer.Option("--out", help="Folder for the demo store and report.")] = Path(
        "lockstep-demo"
    ),
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Build a store from the bundled synthetic demo corpus and write its report."""
    from lockstep.demo import run_demo

    with _progress() as progress:
        task = progress.add_task("demo", total=None)

        def report_progress(file: str, count: int) -> None:
            progress.update(task, description=Path(file).name[:40], completed=count)

        result = run_demo(folder, progress=report_progress)
    if as_json:
        emit_json(result)
        return
    out.print(f"demo store: {result['store']}")
    out.print(f"report:     {result['report']}  (open it in a browser; it works offline)")
    for name, n in result["counts"].items():
        if n:
            out.print(f"  {name:<16} {n:>8,}")


def _progress() -> Progress:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} records"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _command_word(argv: list[str]) -> str | None:
    """The command named on the command line: the first word that is not a global option or the
    value of `--db` (the only global option with a value)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _register_capabilities(argv: list[str]) -> None:
    command = _command_word(argv)
    wanted = [m for m, commands in COMMAND_MODULES.items() if command in commands]
    if "--help" in argv or not wanted:
        wanted = list(COMMAND_MODULES)
    for name in wanted:
        importlib.import_module(f"lockstep.commands.{name}").register(app)


_register_capabilities(sys.argv[1:])


def main() -> None:
    """Entry point: turn input errors into one line on stderr and exit code 2."""
    try:
        app()
    except InputError as error:
        err.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except duckdb.OutOfMemoryException as error:
        reason = str(error).splitlines()[0]
        err.print(
            f"error: DuckDB ran out of memory ({reason}); raise $LOCKSTEP_MEMORY (e.g. 8GB) or narrow the input",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted: committed batches are kept; run the same command again to finish")
        sys.exit(130)


if __name__ == "__main__":
    main()
