"""The front door: `lockstep demo` builds a store from the bundled corpus and a report that
opens offline and escapes what it shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lockstep.demo import run_demo
from lockstep.ingest import ingest
from lockstep.outputs.report import write_report
from lockstep.store.database import Store


def test_demo_builds_store_and_report(tmp_path: Path) -> None:
    result = run_demo(tmp_path / "demo")
    counts = result["counts"]
    assert counts["documents"] >= 300 and counts["posts"] >= 500
    assert result["ingest"]["totals"]["rejected"] == 0
    with Store(result["store"], read_only=True) as store:
        languages = dict(store.con.execute("SELECT language, count(*) FROM documents GROUP BY 1").fetchall())
        assert all(languages[lang] >= 100 for lang in ("en", "ru", "zh"))
        # only fictional outlets: every outlet comes from the demo catalogue, none from the real one
        assert store.scalar("SELECT count(*) FROM outlets WHERE NOT in_catalogue") == 0
        assert store.scalar("SELECT count(*) FROM outlets WHERE id IN ('tass', 'xinhua')") == 0
    html = Path(result["report"]).read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    # nothing remote loads: no remote src, no stylesheet link, no CSS import (plain links are fine)
    assert not re.search(r"""src=["']?(https?:)?//""", html)
    assert "<link" not in html.lower() and "@import" not in html
    assert "data:image/png;base64," in html
    assert "Northwire" in html and "synthetic" in html.lower()


def test_demo_is_repeatable(tmp_path: Path) -> None:
    first = run_demo(tmp_path / "demo")["counts"]
    second = run_demo(tmp_path / "demo")["counts"]
    assert {k: v for k, v in first.items() if k != "rejections"} == {
        k: v for k, v in second.items() if k != "rejections"
    }


def test_report_escapes_hostile_content(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.jsonl"
    record = {
        "outlet": '<script>alert("x")</script><img src=x onerror=alert(1)>',
        "url": "javascript:alert(1)",
        "text": "<b>bold</b> claim",
        "published_at": "2026-01-01",
    }
    hostile.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        ingest(store, [str(hostile)])
        write_report(store, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
