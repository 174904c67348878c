"""The unvotes three-file layout (870,109 real UNGA votes): the reader joins roll calls and issues,
and the matrix agreement equals a plain pair count done independently over the CSV."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pytest

from lockstep.analyses.alignment import agreement_counts, matrix_from_arrow
from lockstep.model import Rejected, RollCall, Vote
from lockstep.sources import detect_format
from lockstep.sources.base import SourceOptions


@pytest.fixture(scope="module")
def unvotes(shared_data: Path) -> tuple[list[Vote], Path]:
    path = shared_data / "un_votes_1946_2019" / "un_votes.csv"
    fmt = detect_format(path)
    assert fmt is not None and fmt.name == "unvotes"
    records = list(fmt.read(path, SourceOptions()))
    assert not [r for r in records if isinstance(r, Rejected)]
    return [r for r in records if isinstance(r, Vote)], path


def test_layout_is_joined(unvotes: tuple[list[Vote], Path]) -> None:
    votes, path = unvotes
    assert len(votes) == 870_109
    crimea = [v for v in votes if v.roll_call == "5309"]
    assert {v.resolution for v in crimea} == {"A/RES/68/262"}
    assert {v.date.isoformat() for v in crimea if v.date} == {"2014-03-27"}
    positions = {v.country: v.position for v in crimea}
    assert (positions["RUS"], positions["CHN"]) == ("no", "abstain")
    assert [sum(p == k for p in positions.values()) for k in ("yes", "no", "abstain")] == [100, 11, 58]
    issues_file = path.parent / "un_roll_call_issues.csv"
    fmt = detect_format(issues_file)
    assert fmt is not None and fmt.name == "unvotes-roll-calls"
    calls = [r for r in fmt.read(issues_file, SourceOptions()) if isinstance(r, RollCall)]
    assert len(calls) == 6203 and any(len(c.issues) == 4 for c in calls)


def test_matrix_agreement_equals_an_independent_pair_count(unvotes: tuple[list[Vote], Path]) -> None:
    votes, path = unvotes
    table = pa.table(
        {
            "country": [v.country for v in votes],
            "roll_call": [v.roll_call or "" for v in votes],
            "date": pa.array([v.date for v in votes], pa.date32()),
            "issue": [v.issue or "" for v in votes],
            "position": [v.position for v in votes],
        }
    )
    matrix = matrix_from_arrow(table)
    same, joint = agreement_counts(matrix.codes)
    index = {c: i for i, c in enumerate(matrix.countries)}
    by_call: dict[str, dict[str, str]] = defaultdict(dict)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["country_code"] in ("RU", "CN", "US", "BY"):
                by_call[row["rcid"]][row["country_code"]] = row["vote"]

    def counted(a: str, b: str) -> tuple[int, int]:
        both = [c for c in by_call.values() if a in c and b in c]
        return sum(c[a] == c[b] for c in both), len(both)

    agreement = {}
    for a, b, x, y in (("RUS", "CHN", "RU", "CN"), ("RUS", "USA", "RU", "US"), ("RUS", "BLR", "RU", "BY")):
        identical, jointly = counted(x, y)
        assert (same[index[a], index[b]], joint[index[a], index[b]]) == (identical, jointly)
        agreement[b] = identical / jointly
    # facts about the real record: Russia votes with Belarus more than with China, and with China far
    # more than with the United States
    assert agreement["BLR"] > agreement["CHN"] > 2 * agreement["USA"]
