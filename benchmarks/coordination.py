"""Coordination speed against the QUT coordination-network-toolkit, same inputs, same parameters.

    .venv/bin/python benchmarks/coordination.py --posts 1000000 --networks link repost
    .venv/bin/python benchmarks/coordination.py --posts 50000 --networks similar-text --window 3600 --span 86400

Generates posts in the toolkit's CSV layout (every post has a URL, so its empty-URL quirk does not
arise), installs the toolkit from the package registry into its own venv (benchmarks/.qut-venv, once),
times both whole processes (lockstep: `coordination --input … --json`, or `ingest` then `coordination`
with `--store`, plus every export with `--exports`; the toolkit: `preprocess` then `compute`, its
network read from its database), checks that the edge lists are identical, and prints the ratio
measured in this run.
The toolkit is stopped at `--bound` seconds (co-similarity on large inputs does not finish).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUT_VENV = ROOT / "benchmarks" / ".qut-venv"
QUT_COMMAND = {
    "link": "co_link",
    "repost": "co_retweet",
    "similar-text": "co_similar_tweet",
    "text": "co_tweet",
}
WORDS = [f"w{i}" for i in range(5000)]


def qut_python(given: str | None = None) -> Path:
    if given:
        return Path(given)
    python = QUT_VENV / "bin" / "python"
    if not python.exists():
        venv.create(QUT_VENV, with_pip=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "coordination_network_toolkit"], check=True
        )
    return python


def generate(path: Path, posts: int, span: int, seed: int = 1) -> None:
    """Accounts share from a pool of URLs, repost a pool of posts and write texts; a planted group of
    20 accounts shares the same URL, repost and (lightly edited) text within seconds, 200 times."""
    rng = random.Random(seed)
    accounts = max(100, posts // 50)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"]
        )
        written = 0
        for burst in range(200):
            start = rng.uniform(0, span)
            text = " ".join(rng.choice(WORDS) for _ in range(20))
            for member in range(20):
                words = text.split()
                words[rng.randrange(20)] = rng.choice(WORDS)
                repost = f"orig{burst}" if member % 2 else ""
                out.writerow(
                    [f"g{written}", f"group{member}", f"group{member}", repost, "", " ".join(words),
                     f"{start + rng.uniform(0, 8):.3f}", f"https://planted.example/{burst}"]
                )  # fmt: skip
                written += 1
        while written < posts:
            repost = f"orig{rng.randrange(posts // 5)}" if rng.random() < 0.3 else ""
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 25)))
            out.writerow(
                [f"m{written}", f"u{rng.randrange(accounts)}", "", repost, "", text, f"{rng.uniform(0, span):.3f}",
                 f"https://site{rng.randrange(50)}.example/{rng.randrange(posts // 4)}"]
            )  # fmt: skip
            written += 1


def run_qut(csv_path: Path, work: Path, network: str, window: float, min_weight: int, bound: float,  # type: ignore[no-untyped-def]
            python_path: str | None = None):  # fmt: skip
    python = str(qut_python(python_path))
    db = work / "qut.db"
    started = time.perf_counter()
    tool = [python, "-m", "coordination_network_toolkit", str(db)]
    try:
        _bounded([*tool, "preprocess", "--format", "csv", str(csv_path)], bound)
        left = bound - (time.perf_counter() - started)
        _bounded(
            [*tool, "compute", QUT_COMMAND[network], "--time_window", f"{window:g}", "--min_edge_weight",
             str(min_weight), *(["--similarity_threshold", "0.8"] if network == "similar-text" else [])],
            max(left, 1),
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - started
    elapsed = time.perf_counter() - started  # its CSV export is broken in 1.5.2 (n_messages): read its table
    with sqlite3.connect(db) as con:
        rows = con.execute(
            f"SELECT user_1, user_2, weight FROM {QUT_COMMAND[network]}_network WHERE user_1 != user_2"
        )
        return {(str(a), str(b), int(w)) for a, b, w in rows}, elapsed


def _bounded(command: list[str], seconds: float) -> None:
    """Run the toolkit in its own process group and stop the whole group at the bound: its
    co-similarity forks workers, which `subprocess.run`'s time-out alone would leave running."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        _, error = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command, stderr=error)


def peak_rss_mb() -> float:
    """Largest resident set of any finished child process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_lockstep(csv_path: Path, work: Path, network: str, window: float, min_weight: int, store: bool,  # type: ignore[no-untyped-def]
                 exports: bool = False):  # fmt: skip
    """Whole process: `coordination --input` (the default), or `ingest` then `coordination` (`--store`).
    The edges are read from `--json` (the network and its evidence samples, as the toolkit's
    `compute` leaves its network in its database); with `exports`, GraphML, GEXF, PNG, CSV and
    Parquet of edges, nodes and every evidence pair are written as well, and read back from there."""
    db, out = work / "lockstep.duckdb", work / "exports"
    started = time.perf_counter()
    lockstep = [sys.executable, "-m", "lockstep.cli", "--db", str(db)]
    source = ["--input", str(csv_path)]
    if store:
        subprocess.run(
            [*lockstep, "ingest", str(csv_path), "--no-catalogue", "--json"], check=True, capture_output=True
        )
        source = []
    ingested = time.perf_counter() - started
    done = subprocess.run(
        [*lockstep, "coordination", *source, "--by", network, "--window", str(window), "--min-weight",
         str(min_weight), "--shingle", "1", "--json", *(["--export-dir", str(out)] if exports else [])],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if exports:
        with (out / f"coordination-{network}-edges.csv").open(encoding="utf-8") as handle:
            return (
                {(r["source"], r["target"], int(r["weight"])) for r in csv.DictReader(handle)},
                elapsed,
                ingested,
            )
    edges = json.loads(done.stdout)["edges"]
    return {(e["source"], e["target"], int(e["weight"])) for e in edges}, elapsed, ingested


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--networks", nargs="+", default=["link", "repost"])
    parser.add_argument("--window", type=float, default=60)
    parser.add_argument("--min-weight", type=int, default=1)
    parser.add_argument("--span", type=int, default=30 * 86400, help="seconds the posts are spread over")
    parser.add_argument(
        "--bound", type=float, default=1800, help="seconds after which the toolkit is stopped"
    )
    parser.add_argument("--store", action="store_true", help="lockstep through ingest + store, not --input")
    parser.add_argument(
        "--qut-python", help="python of an existing toolkit venv (default: benchmarks/.qut-venv)"
    )
    parser.add_argument("--csv", type=Path, help="use this generated file instead of generating one")
    parser.add_argument("--no-qut", action="store_true", help="time lockstep only (e.g. the memory check)")
    parser.add_argument(
        "--exports", action="store_true", help="also time lockstep writing every export (GraphML, PNG, …)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each tool this many times and keep its fastest run"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = args.csv or work / "posts.csv"
        if args.csv is None:
            generate(csv_path, args.posts, args.span)
        for network in args.networks:
            runs = []
            for repeat in range(args.repeat):
                for sub in ("q", "l", "e"):
                    (work / network / f"{sub}{repeat}").mkdir(parents=True, exist_ok=True)
                runs.append(
                    run_lockstep(
                        csv_path,
                        work / network / f"l{repeat}",
                        network,
                        args.window,
                        args.min_weight,
                        args.store,
                    )
                )
            ours, ours_s, ingest_s = min(runs, key=lambda run: run[1])
            exported = ""
            if args.exports:
                with_exports, exports_s, _ = run_lockstep(
                    csv_path, work / network / "e0", network, args.window, args.min_weight, args.store, True
                )
                assert with_exports == ours, "the exported edges differ from the JSON edges"
                exported = f", with every export {exports_s:.1f} s"
            rss = peak_rss_mb()
            if args.no_qut:
                print(f"{network:<13} posts={args.posts:>9,} window={args.window:g}s  lockstep {ours_s:7.1f} s  "
                      f"peak RSS {rss:,.0f} MB  edges {len(ours):,}")  # fmt: skip
                continue
            qut_runs = [
                run_qut(csv_path, work / network / f"q{repeat}", network, args.window, args.min_weight,
                        args.bound, args.qut_python)
                for repeat in range(args.repeat)
            ]  # fmt: skip
            theirs, theirs_s = min(qut_runs, key=lambda run: run[1])
            if theirs is None:
                verdict = f"QUT stopped at the {args.bound:.0f} s bound"
            else:
                verdict = (
                    "identical edges" if theirs == ours else f"DIFFERENT ({len(theirs ^ ours)} edges differ)"
                )
            print(
                f"{network:<13} posts={args.posts:>9,} window={args.window:g}s  lockstep {ours_s:7.1f} s "
                f"(ingest {ingest_s:.1f} s{exported}, peak RSS {rss:,.0f} MB)  QUT {theirs_s:7.1f} s  ratio {theirs_s / ours_s:6.1f}x  "
                f"edges {len(ours):,}  {verdict}"
                + (f"  (fastest of {args.repeat} runs each)" if args.repeat > 1 else "")
            )


if __name__ == "__main__":
    main()
