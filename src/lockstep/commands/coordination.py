"""`lockstep coordination`: networks of accounts that share the same object within seconds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from lockstep.commands.common import db_path, emit_json, err, out
from lockstep.errors import InputError
from lockstep.store.database import Store


def register(app: typer.Typer) -> None:
    """Add this capability's commands to the CLI."""
    app.command("coordination")(coordination_command)


def coordination_command(
    by: Annotated[str, typer.Option("--by", help="link | repost | hashtag | text | similar-text | reply")],
    over: Annotated[str, typer.Option("--over", help="posts (accounts) or documents (outlets).")] = "posts",
    window: Annotated[str, typer.Option("--window", help="Seconds (|Δt| ≤ window), or auto.")] = "60",
    min_weight: Annotated[int, typer.Option("--min-weight", help="Least posts of A matched by B.")] = 2,
    similarity: Annotated[
        float, typer.Option("--similarity", help="Jaccard threshold (similar-text).")
    ] = 0.8,
    shingle: Annotated[
        int, typer.Option("--shingle", help="Terms per shingle (similar-text; 1 = words).")
    ] = 3,
    candidates: Annotated[
        str,
        typer.Option("--candidates", help="similar-text: auto | prefix (exact) | lsh (long texts)."),
    ] = "auto",
    percentile: Annotated[
        float | None, typer.Option("--percentile", help="Keep edges whose weight reaches this percentile.")
    ] = None,
    null_model: Annotated[
        bool, typer.Option("--null-model", help="Add co-post weights (any two posts).")
    ] = False,
    evidence: Annotated[
        tuple[str, str] | None, typer.Option("--evidence", help="Show the post pairs behind the edge A–B.")
    ] = None,
    export_dir: Annotated[
        Path | None,
        typer.Option("--export-dir", help="Write edges, nodes, evidence, GraphML, GEXF, PNG here."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show in tables.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    inputs: Annotated[
        list[Path] | None,
        typer.Option("--input", help="Posts CSV(s) read straight into the analysis (no store needed)."),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="With --input: also ingest the files into the store.")
    ] = False,
) -> None:
    """Who posts the same link, repost, hashtag or (nearly) the same text within seconds, again and again?"""
    from lockstep.analyses.coordination import Parameters, coordination, evidence_between, validate_parameters

    params = Parameters(
        kind=by,  # type: ignore[arg-type]  # validated by the analysis
        over=over,  # type: ignore[arg-type]
        window=_window(window),
        min_weight=min_weight,
        similarity=similarity,
        shingle=shingle,
        percentile=percentile,
        null_model=null_model,
        candidates=candidates,
    )
    validate_parameters(params)
    if inputs:
        result = _from_files(inputs, params, save)
    else:
        err.print(f"building the co-{by} network over {over}…")
        with Store(db_path(), read_only=True) as store:
            result = coordination(store, params)
    exports: dict[str, str] = {}
    if export_dir is not None:
        from lockstep.outputs.coordination_export import write_exports

        exports = write_exports(result, export_dir)
    if evidence is not None:
        pairs = evidence_between(result, *evidence).to_pylist()
        if as_json:
            emit_json({"parameters": result.parameters, "accounts": list(evidence), "pairs": pairs})
        else:
            _print_evidence(evidence, pairs)
        return
    if as_json:
        payload = result.as_dict()
        payload["exports"] = exports
        emit_json(payload)
        return
    _print_result(result, limit)
    for what, path in exports.items():
        out.print(f"{what:<17} {path}")


def _from_files(paths: list[Path], params: Any, save: bool) -> Any:
    """The fast path: posts CSVs loaded by DuckDB into an in-memory store (see
    `sources.social_csv_fast`); `--save` also ingests them the normal way."""

    from lockstep.analyses.coordination import coordination
    from lockstep.sources.social_csv_fast import load_posts

    if params.over != "posts":
        raise InputError("--input", None, "--input reads posts; use --over posts")
    for path in paths:
        if not path.is_file():
            raise InputError(str(path), None, "no such file")
    if save:
        from lockstep.ingest import ingest

        err.print(f"ingesting {len(paths)} file(s) into {db_path()}…")
        with Store(db_path()) as store:
            ingest(store, [str(p) for p in paths])
    err.print(f"loading {len(paths)} file(s)…")
    with Store(":memory:") as store:
        store.execute(f"SET memory_limit = '{_fast_path_memory()}'")
        loaded = load_posts(store, paths, kind=params.kind)
        err.print(f"building the co-{params.kind} network over {loaded['loaded']} posts…")
        result = coordination(store, params)
    result.counts.update({f"{key}_posts" if key != "rows_in_python" else key: v for key, v in loaded.items()})
    return result


def _fast_path_memory() -> str:
    """DuckDB's cap for the in-memory store of `--input` (it spills to disk beyond): the whole input
    lives there, so the store's 400 MB default would spill early. Half the machine's memory, at most
    6 GB: 10M posts then load without spilling (19 s instead of 21 s at 4 GB) at 5.1 GB peak RSS."""
    import os

    if "LOCKSTEP_MEMORY" in os.environ:
        return os.environ["LOCKSTEP_MEMORY"]
    try:
        physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return "4GB"
    return f"{max(1, min(6, physical // 2**31))}GB"


def _window(value: str) -> float | None:
    if value.strip().lower() == "auto":
        return None
    try:
        return float(value)
    except ValueError:
        raise InputError("--window", value, "a number of seconds, or auto") from None


def _print_result(result: Any, limit: int) -> None:
    p = result.parameters
    source = "estimated from the data" if p["window_source"] == "estimated" else "given"
    out.print(
        f"co-{p['kind']} over {p['over']}: window {p['window']} s ({source}), min weight {p['min_weight']}; "
        f"{len(result.nodes)} accounts, {len(result.edges)} directed edges, {len(result.clusters)} clusters, "
        f"{result.evidence.num_rows} evidence pairs"
    )
    for note in result.notes:
        out.print(f"note: {note}")
    edges = Table(title="strongest edges (weight = posts of source matched by target)")
    for column in (
        "source",
        "target",
        "weight",
        "reverse",
        "symmetry",
        "source first",
        "median Δt s",
        "first",
        "last",
    ):
        edges.add_column(column, overflow="fold")
    for e in result.edges[:limit]:
        edges.add_row(
            e.source,
            e.target,
            str(e.weight),
            str(e.reverse_weight),
            f"{e.symmetry:.2f}",
            f"{e.source_first}/{e.pairs}",
            f"{e.median_delta_seconds:.1f}",
            str(e.first)[:19],
            str(e.last)[:19],
        )
    out.print(edges)
    clusters = Table(title="clusters (Leiden)")
    for column in ("cluster", "size", "members", "top objects", "from", "to"):
        clusters.add_column(column, overflow="fold")
    for c in result.clusters[:limit]:
        clusters.add_row(
            str(c.id),
            str(c.size),
            ", ".join(c.members[:12]) + (" …" if c.size > 12 else ""),
            "; ".join(f"{o['object']} ({o['pairs']})" for o in c.top_objects[:3]),
            str(c.first)[:19],
            str(c.last)[:19],
        )
    out.print(clusters)


def _print_evidence(accounts: tuple[str, str], pairs: list[dict[str, Any]]) -> None:
    table = Table(title=f"evidence: {len(pairs)} pairs of posts between {accounts[0]} and {accounts[1]}")
    for column in ("post a", "account a", "time a", "post b", "account b", "Δt s", "shared", "urls a"):
        table.add_column(column, overflow="fold")
    for row in pairs:
        table.add_row(
            row["post_a"],
            row["account_a"],
            str(row["time_a"])[:19],
            row["post_b"],
            row["account_b"],
            f"{row['delta_seconds']:.1f}",
            row["objects"],
            row["urls_a"] or "",
        )
    out.print(table)
