"""Agreement matrix for every pair of states over all 870,109 UNGA votes (unvotes data).

Baseline, measured in the same run on the same DuckDB table: a plain self-join of the votes on
roll call, grouped by pair. Ours: lockstep's `load_vote_matrix` (Arrow out of DuckDB, states ×
roll calls code matrix) + `agreement_counts` (a few matrix products). Target: ≤ 0.5 s and ≥ 5×
the self-join. Also timed: the half variant, all six issues, and every year (the interactive
views), on the loaded matrix.

    .venv/bin/python benchmarks/alignment.py [--data ../shared/data/un_votes_1946_2019] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from lockstep.analyses.alignment import agreement_counts, load_vote_matrix
from lockstep.ingest import ingest
from lockstep.store.database import Store

SELF_JOIN = """
    SELECT a.country, b.country, count(*) FILTER (WHERE a.position = b.position) AS identical, count(*) AS joint
    FROM votes a JOIN votes b ON a.forum = b.forum AND a.roll_call = b.roll_call
    WHERE a.position IN ('yes', 'no', 'abstain') AND b.position IN ('yes', 'no', 'abstain')
    GROUP BY ALL
"""


def best(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data",
        default=str(Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "un_votes_1946_2019"),
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        start = time.perf_counter()
        with Store(db) as store:
            ingest(store, [args.data])
        print(f"ingest of {args.data}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
        with Store(db, read_only=True) as store:
            votes = int(store.scalar("SELECT count(*) FROM votes"))
            baseline = best(lambda: store.con.execute(SELF_JOIN).fetchall(), args.repeat)
            ours = best(lambda: agreement_counts(load_vote_matrix(store).codes), args.repeat)
            matrix = load_vote_matrix(store)
            half = best(lambda: agreement_counts(matrix.codes, "half"), args.repeat)
            issues = sorted({i for items in matrix.issues for i in items})
            per_issue = best(
                lambda: [agreement_counts(matrix.codes[:, matrix.columns(issue=i)]) for i in issues],
                args.repeat,
            )
            years = matrix.dates.astype("datetime64[Y]")
            per_year = best(
                lambda: [agreement_counts(matrix.codes[:, years == y]) for y in np.unique(years)], args.repeat
            )
            same, joint = agreement_counts(matrix.codes)
            check = store.con.execute(SELF_JOIN).fetchall()
            index = {c: i for i, c in enumerate(matrix.countries)}
            mismatches = sum(
                1 for a, b, identical, jointly in check
                if (same[index[a], index[b]], joint[index[a], index[b]]) != (identical, jointly)
            )  # fmt: skip
    print(f"votes: {votes:,}; states: {len(matrix.countries)}; roll calls: {len(matrix.roll_calls):,}")
    print(f"baseline DuckDB self-join on roll call: {baseline:.3f} s")
    print(f"lockstep load + matrix products (strict): {ours:.3f} s  → {baseline / ours:.1f}× faster")
    print(f"half variant on the loaded matrix: {half * 1000:.0f} ms")
    print(
        f"all {len(issues)} issues: {per_issue * 1000:.0f} ms; all {len(np.unique(years))} years: {per_year * 1000:.0f} ms"
    )
    print(f"pairs checked against the self-join: {len(check):,}, mismatches: {mismatches}")


if __name__ == "__main__":
    main()
