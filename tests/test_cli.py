"""The command line as a user runs it: a real process, a real store file, real exit codes."""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from lockstep.ingest import BATCH_SIZE

FIXTURES = Path(__file__).parent / "fixtures"


def run(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "lockstep.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc


def test_ingest_json_summary_and_search(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    summary = json.loads(run(db, "ingest", str(FIXTURES / "documents" / "mixed.jsonl"), "--json").stdout)
    assert summary["totals"] == {"read": 8, "new": 5, "duplicate": 0, "rejected": 3}
    assert summary["files"][0]["format"] == "json"
    hits = json.loads(run(db, "search", "биолаборатория", "--json").stdout)
    assert hits["total"] == 1 and "биолаборатории" in hits["hits"][0]["snippet"]
    assert hits["hits"][0]["url"] == "https://tass.ru/politika/1"
    zh = json.loads(run(db, "search", "生物实验室", "--json").stdout)
    assert zh["total"] == 1 and zh["hits"][0]["language"] == "zh"
    en = json.loads(run(db, "search", "biolab", "--json").stdout)
    assert en["total"] == 1 and en["hits"][0]["outlet"] == "Xinhua"
    stats = json.loads(run(db, "stats", "--json").stdout)
    assert stats["counts"]["documents"] == 5 and stats["counts"]["outlets"] > 20


def test_bad_input_one_line_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    run(db, "ingest", str(FIXTURES / "documents" / "mixed.jsonl"))
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 100)
    proc = run(db, "ingest", str(garbage), check=False)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "garbage.json" in lines[0] and "binary" in lines[0]
    assert json.loads(run(db, "stats", "--json").stdout)["counts"]["documents"] == 5  # nothing lost


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b'{"items": [{"text": "a"}', "malformed JSON"), (b"<rss><channel><item>", "")],
)
def test_malformed_inputs(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / ("bad.xml" if content.startswith(b"<") else "bad.json")
    path.write_bytes(content)
    proc = run(tmp_path / "s.duckdb", "ingest", str(path), check=False)
    assert proc.returncode == 2, proc.stderr
    assert path.name in proc.stderr and reason in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    proc = run(tmp_path / "s.duckdb", "ingest", str(tmp_path / "nope.json"), check=False)
    assert proc.returncode == 2 and "no such file" in proc.stderr
    proc = run(tmp_path / "s.duckdb", "ingest", "--format", "klingon", str(FIXTURES), check=False)
    assert proc.returncode == 2 and "unknown format" in proc.stderr


def test_stats_without_store(tmp_path: Path) -> None:
    proc = run(tmp_path / "none.duckdb", "stats", check=False)
    assert proc.returncode == 2 and "no store here" in proc.stderr


def test_db_from_environment(tmp_path: Path) -> None:
    env = {**os.environ, "LOCKSTEP_DB": str(tmp_path / "env.duckdb")}
    subprocess.run(
        [sys.executable, "-m", "lockstep.cli", "ingest", str(FIXTURES / "documents" / "mixed.jsonl")],
        env=env,
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "env.duckdb").exists()


@pytest.fixture
def loopback_feed(tmp_path: Path) -> Iterator[str]:
    body = (FIXTURES / "loopback_feed.xml").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    server.shutdown()


def test_ingest_from_url_needs_allow_private(tmp_path: Path, loopback_feed: str) -> None:
    db = tmp_path / "s.duckdb"
    refused = run(db, "ingest", loopback_feed, check=False)
    assert refused.returncode == 2 and "127.0.0.1" in refused.stderr
    summary = json.loads(run(db, "ingest", loopback_feed, "--allow-private", "--json").stdout)
    assert summary["totals"]["new"] == 2 and summary["files"][0]["file"] == loopback_feed
    rows = json.loads(run(db, "search", "invasion", "--json").stdout)
    assert rows["total"] == 1


def test_sigkill_mid_ingest_keeps_committed_and_rerun_finishes(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for i in range(20_000):
            fh.write(
                json.dumps({"id": i, "outlet": f"o{i % 7}", "text": f"document {i} about item {i % 97} here"})
                + "\n"
            )
    db = tmp_path / "s.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-m", "lockstep.cli", "--db", str(db), "ingest", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stderr is not None
    committed = 0
    for line in proc.stderr:  # one line per committed batch when stderr is not a terminal
        if "big.jsonl:" in line:
            committed = int(line.rsplit(":", 1)[1].split()[0])
            if committed >= BATCH_SIZE:
                break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < committed < 20_000, "the kill must land mid-way"
    after_kill = _stats(db)
    assert (
        after_kill["documents"] >= committed and after_kill["documents"] % BATCH_SIZE == 0
    )  # whole batches only
    summary = json.loads(run(db, "ingest", str(source), "--json").stdout)
    assert summary["totals"]["new"] == 20_000 - after_kill["documents"]
    final = _stats(db)
    assert final["documents"] == 20_000
    con_check = run(db, "search", "document", "--json")
    assert json.loads(con_check.stdout)["total"] == 20_000


def _stats(db: Path) -> dict[str, int]:
    return json.loads(run(db, "stats", "--json").stdout)["counts"]


def test_command_table_matches_what_modules_register() -> None:
    """`cli.COMMAND_MODULES` decides which module a command line imports; it must name exactly the
    commands each module registers, or a command would be missing when only its module is loaded."""
    import importlib

    import typer

    from lockstep.cli import COMMAND_MODULES, _command_word

    for module, commands in COMMAND_MODULES.items():
        app = typer.Typer()
        importlib.import_module(f"lockstep.commands.{module}").register(app)
        names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
        names |= {g.name or "" for g in app.registered_groups}
        assert names == set(commands), module
    assert _command_word(["--db", "coverage", "coordination", "--by", "link"]) == "coordination"
    assert _command_word(["--version"]) is None


def test_one_module_command_line_imports_only_its_module(tmp_path: Path) -> None:
    """A capability command imports its own module only, and still runs; `--help` lists them all."""
    probe = (
        "import sys; sys.argv = ['lockstep', '--db', 'coverage', 'coordination', '--by', 'link']; "
        "import lockstep.cli; print(sorted(m for m in sys.modules if m.startswith('lockstep.commands.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['lockstep.commands.common', 'lockstep.commands.coordination']"
    posts = Path(__file__).parents[1] / "src" / "lockstep" / "demo_data" / "posts.csv"
    done = run(tmp_path / "none.duckdb", "coordination", "--input", str(posts), "--by", "link", "--json")
    assert json.loads(done.stdout)["edges"]
    listing = subprocess.run(
        [sys.executable, "-m", "lockstep.cli", "--help"], capture_output=True, text=True, check=True
    )
    assert all(word in listing.stdout for word in ("framing", "coordination", "alignment", "propagation"))
