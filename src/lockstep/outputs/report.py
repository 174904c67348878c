"""The self-contained HTML report: one file, no CDN, no script, opens offline.

Each capability contributes a section through `SECTIONS`: a function from the store to a
`Section` (tables of rows, PNG figures embedded as data URIs, notes). The template renders
sections generically, so adding a capability never edits the template, and every cell is
escaped by Jinja2's autoescape because ingested text is hostile.
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from lockstep import __version__
from lockstep.analyses.overview import overview
from lockstep.outputs import plots
from lockstep.store.database import Store

#: Longest text shown in a report cell; full text stays in the store, reachable by its id.
MAX_CELL_CHARS = 400


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]
    caption: str = ""
    link_column: str | None = None  # a column whose values are URLs, rendered as links


@dataclass
class Section:
    id: str
    title: str
    question: str
    tables: list[Table] = field(default_factory=list)
    figures: list[tuple[str, bytes]] = field(default_factory=list)  # (caption, PNG)
    notes: list[str] = field(default_factory=list)


def store_section(store: Store) -> Section:
    data = overview(store)
    section = Section(
        id="store",
        title="What the store holds",
        question="Which sources, outlets, languages and periods does the evidence cover?",
    )
    section.tables.append(
        Table(["table", "rows"], [[k, f"{v:,}"] for k, v in data.counts.items()], "Rows per table")
    )
    section.tables.append(
        Table(
            [
                "outlet",
                "country",
                "state-affiliated",
                "in catalogue",
                "language",
                "documents",
                "first",
                "last",
            ],
            [
                [
                    r["outlet"],
                    r["country"] or "",
                    {True: "yes", False: "no", None: "unknown"}[r["state_affiliated"]],
                    "yes" if r["in_catalogue"] else "no (name as carried)",
                    r["language"] or "?",
                    r["documents"],
                    _day(r["first_published"]),
                    _day(r["last_published"]),
                ]
                for r in data.by_outlet[:100]
            ],
            "Documents per outlet and language",
        )
    )
    chart = plots.documents_per_month(data.per_month)
    if chart:
        section.figures.append(("Documents per month, by language", chart))
    if data.posts:
        section.tables.append(
            Table(
                ["platform", "posts", "accounts", "first", "last", "reposts", "with links"],
                [_platform_row(p) for p in data.posts],
                "Social posts",
            )
        )
    if data.rejections:
        section.tables.append(
            Table(
                ["file", "reason", "records", "example record"],
                [[r["source_file"], r["reason"], r["records"], r["example_record"]] for r in data.rejections],
                "Rejected records (kept out of the store, with reasons)",
            )
        )
    return section


def catalogue_section(store: Store) -> Section:
    data = overview(store)
    return Section(
        id="catalogue",
        title="Outlet catalogue",
        question="Which outlets are labelled state-affiliated, and on whose authority?",
        tables=[
            Table(
                ["outlet", "country", "state-affiliated", "domains", "languages", "source of the label"],
                [
                    [
                        o["name"],
                        o["country"] or "",
                        {True: "yes", False: "no", None: "unknown"}[o["state_affiliated"]],
                        ", ".join(o["domains"] or []),
                        ", ".join(o["languages"] or []),
                        o["affiliation_source"] or "",
                    ]
                    for o in data.catalogue
                ],
                link_column="source of the label",
            )
        ],
    )


SECTIONS: list[Callable[[Store], Section]] = [store_section, catalogue_section]
#: Capability modules (`lockstep/outputs/<name>.py`), each with `sections(store) -> list[Section]`,
#: in the order their sections appear after the store overview.
SECTION_PROVIDERS: tuple[str, ...] = (
    "media_report",
    "narratives_report",
    "coordination_report",
    "diplomacy_report",
)


def build_sections(store: Store) -> list[Section]:
    found = [make(store) for make in SECTIONS[:1]]
    for name in SECTION_PROVIDERS:
        found.extend(importlib.import_module(f"lockstep.outputs.{name}").sections(store))
    found.extend(make(store) for make in SECTIONS[1:])
    return found


def render(sections: list[Section], title: str, store_path: str) -> str:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lockstep.outputs", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    )
    env.filters["cell"] = _cell
    env.filters["data_uri"] = lambda png: "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    env.filters["is_url"] = lambda v: isinstance(v, str) and v.startswith(("http://", "https://"))
    return env.get_template("report.html.j2").render(
        title=title,
        sections=sections,
        store=store_path,
        version=__version__,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(store: Store, output: Path, title: str = "lockstep report") -> list[str]:
    sections = build_sections(store)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(sections, title, str(store.path)), encoding="utf-8")
    return [s.id for s in sections]


def _platform_row(p: dict[str, Any]) -> list[Any]:
    return [
        p["platform"],
        p["posts"],
        p["accounts"],
        _day(p["first_post"]),
        _day(p["last_post"]),
        p["reposts"],
        p["with_links"],
    ]


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS] + "…"


def _day(value: Any) -> str:
    return value.strftime("%Y-%m-%d") if value else ""
