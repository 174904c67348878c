"""Alignment: how closely do states vote and co-sign together, per issue and over time?

Inputs: `votes` (yes / no / abstain; `absent` rows are kept in the store but are never a cast
vote), `roll_calls` (issues), `signatures` and `statements` (co-signature).

Parameters:
- `variant` (default `strict`): `strict` agreement = identical votes ÷ jointly cast votes, the
  measure of the Voeten data's users and of the design notes; `half` scores a pair where one
  state abstains and the other votes yes or no as ½ agreement (Lijphart's index), because an
  abstention next to a yes is a weaker split than a no next to a yes.
- `countries` (default all): the states whose pairs are reported with evidence; the full matrix
  is always computed (it costs a few milliseconds).
- `issue`, `date_from`, `date_to`, `forum` (default all): which roll calls count.
- `by_year` (default off): the same agreement per calendar year, for trends.
- `min_joint` (default 10 jointly cast votes): pairs with fewer are not reported and are left
  out of the bloc clustering — an agreement of 3 of 3 says little.
- `blocs` (default 4): the number of blocs cut from an average-linkage hierarchical clustering
  of 1 − agreement over all states with enough joint votes. Four separates the Western group,
  the Eastern group and the large non-aligned majority with its two wings on the real data
  (docs/alignment.md); ask for more to see finer splits.

Method (why it is fast): votes become three 0/1 matrices, states × roll calls, one per value;
agreement for every pair is Y·Yᵀ + N·Nᵀ + A·Aᵀ over (Y+N+A)·(Y+N+A)ᵀ — a few matrix products
instead of a self-join of the votes on roll call (benchmarks/alignment.py: the real 870,109
UNGA votes in about 0.1 s, against about 1–2 s for the DuckDB self-join). A per-issue or
per-year view only selects columns.

When a resolution is in the store both as an unvotes roll call and as a long-CSV vote list, the
roll call is used and the list left out, so that no vote counts twice.

Outputs: per pair agreement, identical and joint votes, and the roll calls where the two
disagreed as evidence (resolution, date, both positions, vote ids); per year; the full matrix;
the blocs; co-signature alignment (statements signed together on the same side vs. on opposite
sides of the same issue in the same year), with how complete each list is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lockstep.store.database import Store
from lockstep.text.countries import country_name

VARIANTS = ("strict", "half")
POSITION_CODES = {"yes": 1, "abstain": 2, "no": 3}
MIN_JOINT = 10
BLOCS = 4
MAX_EVIDENCE = 10


@dataclass
class VoteMatrix:
    """Cast votes as a dense states × roll calls code matrix (0 none, 1 yes, 2 abstain, 3 no)."""

    countries: list[str]
    roll_calls: list[str]  # forum:roll call (or forum:resolution)
    dates: np.ndarray  # datetime64[D] per roll call (NaT when unknown)
    issues: list[list[str]]
    codes: np.ndarray  # int8, countries × roll calls
    n_votes: int

    def columns(
        self, issue: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> np.ndarray:
        """Boolean mask of the roll calls an issue and a period select."""
        mask = np.ones(len(self.roll_calls), dtype=bool)
        if issue:
            wanted = issue.casefold()
            mask &= np.array(
                [any(wanted == i.casefold() for i in items) for items in self.issues], dtype=bool
            )
        if date_from:
            mask &= self.dates >= np.datetime64(date_from)
        if date_to:
            mask &= self.dates <= np.datetime64(date_to)
        return mask


#: Cast votes; a resolution stored both as a roll call (unvotes) and as a vote list without one
#: (long CSV) is taken from the roll call only, so that no vote counts twice.
_VOTES_SQL = """
    WITH twice AS (
        SELECT DISTINCT forum, resolution FROM votes WHERE roll_call IS NOT NULL
        AND resolution IN (SELECT resolution FROM votes WHERE roll_call IS NULL)
    )
    SELECT country, forum || ':' || coalesce(roll_call, resolution) AS roll_call, date,
           coalesce(issue, '') AS issue, position
    FROM votes v WHERE position IN ('yes', 'no', 'abstain') AND {where}
      AND (roll_call IS NOT NULL OR NOT EXISTS
           (SELECT 1 FROM twice t WHERE t.forum = v.forum AND t.resolution = v.resolution))
"""


def load_vote_matrix(store: Store, forum: str | None = None) -> VoteMatrix:
    """Every cast vote of the store (or of one forum) as a code matrix, built column-wise in Arrow."""
    sql = _VOTES_SQL.format(where="forum = ?" if forum else "true")
    # Arrow, not rows of dicts: 870k votes must load in a tenth of a second
    table = store.con.sql(sql, params=[forum] if forum else None).to_arrow_table()
    return matrix_from_arrow(table)


def matrix_from_arrow(table: pa.Table) -> VoteMatrix:
    """Columns country, roll_call, date, issue, position → VoteMatrix (states in code order)."""
    if table.num_rows == 0:
        empty = np.zeros((0, 0), dtype=np.int8)
        return VoteMatrix([], [], np.array([], dtype="datetime64[D]"), [], empty, 0)
    country_dict = _encode(table.column("country"))
    call_dict = _encode(table.column("roll_call"))
    position_dict = _encode(table.column("position"))
    countries = country_dict.dictionary.to_pylist()
    order = np.argsort(np.array(countries, dtype=object))
    rank = np.empty(len(countries), dtype=np.int64)
    rank[order] = np.arange(len(countries))
    rows = rank[country_dict.indices.to_numpy(zero_copy_only=False)]
    cols = call_dict.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    value_of = np.array([POSITION_CODES[p] for p in position_dict.dictionary.to_pylist()], dtype=np.int8)
    n_calls = len(call_dict.dictionary)
    codes = np.zeros((len(countries), n_calls), dtype=np.int8)
    codes[rows, cols] = value_of[position_dict.indices.to_numpy(zero_copy_only=False)]
    first = np.zeros(n_calls, dtype=np.int64)
    first[cols[::-1]] = np.arange(len(cols) - 1, -1, -1)
    dates = table.column("date").take(pa.array(first)).to_numpy(zero_copy_only=False).astype("datetime64[D]")
    issue_cells = table.column("issue").take(pa.array(first)).to_pylist()
    return VoteMatrix(
        countries=sorted(countries),
        roll_calls=call_dict.dictionary.to_pylist(),
        dates=dates,
        issues=[[part for part in (cell or "").split("; ") if part] for cell in issue_cells],
        codes=codes,
        n_votes=table.num_rows,
    )


def _encode(column: pa.ChunkedArray) -> pa.DictionaryArray:
    encoded = pc.dictionary_encode(column).combine_chunks()
    return encoded.chunk(0) if isinstance(encoded, pa.ChunkedArray) else encoded


def agreement_counts(codes: np.ndarray, variant: str = "strict") -> tuple[np.ndarray, np.ndarray]:
    """(agreement score sum, jointly cast votes) for every pair of rows of a code matrix.

    Three 0/1 matrices (yes, abstain, no) and their products: identical = ΣₖVₖ·Vₖᵀ, joint =
    C·Cᵀ with C = cast. `half` adds ½ for every yes–abstain and no–abstain pair."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(VARIANTS)}")
    yes = (codes == 1).astype(np.float32)
    abstain = (codes == 2).astype(np.float32)
    no = (codes == 3).astype(np.float32)
    cast = yes + abstain + no
    same = yes @ yes.T + abstain @ abstain.T + no @ no.T
    if variant == "half":
        partial = (yes + no) @ abstain.T
        same = same + 0.5 * (partial + partial.T)
    return same, cast @ cast.T


@dataclass
class Disagreement:
    roll_call: str
    resolution: str | None
    date: str | None
    position_a: str
    position_b: str
    vote_ids: list[str]


@dataclass
class PairAgreement:
    a: str
    b: str
    agreement: float
    identical: float
    joint: int
    evidence: list[Disagreement] = field(default_factory=list)


@dataclass
class YearAgreement:
    year: int
    a: str
    b: str
    agreement: float
    joint: int


@dataclass
class CoSignature:
    a: str
    b: str
    same_side: int
    opposite_sides: int
    agreement: float | None
    statements: list[str]
    partial_lists: int


@dataclass
class AlignmentResult:
    parameters: dict[str, Any]
    roll_calls: int
    votes: int
    countries: list[str]
    pairs: list[PairAgreement]
    by_year: list[YearAgreement]
    blocs: list[list[str]]
    matrix: dict[str, dict[str, float]]
    cosignature: list[CoSignature]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def alignment(
    store: Store,
    *,
    countries: list[str] | None = None,
    issue: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    forum: str | None = None,
    by_year: bool = False,
    variant: str = "strict",
    min_joint: int = MIN_JOINT,
    blocs: int = BLOCS,
    matrix: VoteMatrix | None = None,
) -> AlignmentResult:
    """Agreement per pair (with disagreements as evidence), per year, the full matrix, blocs, and
    co-signature alignment. `matrix` lets an interactive caller load the votes once."""
    votes = matrix if matrix is not None else load_vote_matrix(store, forum)
    mask = votes.columns(issue, date_from, date_to)
    codes = votes.codes[:, mask]
    same, joint = agreement_counts(codes, variant)
    index = {c: i for i, c in enumerate(votes.countries)}
    chosen = [c for c in (countries or []) if c in index] if countries else list(votes.countries)
    pairs: list[PairAgreement] = []
    for x, a in enumerate(chosen):
        for b in chosen[x + 1 :]:
            i, j = index[a], index[b]
            if joint[i, j] >= max(min_joint, 1):
                pairs.append(
                    PairAgreement(
                        a, b, round(float(same[i, j] / joint[i, j]), 4), float(same[i, j]), int(joint[i, j])
                    )
                )
    pairs.sort(key=lambda p: (-p.agreement, p.a, p.b))
    if countries:
        calls = np.array(votes.roll_calls, dtype=object)[mask]
        for pair in pairs[:200]:
            pair.evidence = _disagreements(store, codes, calls, index[pair.a], index[pair.b], pair.a, pair.b)
    years = _by_year(votes, mask, chosen if countries else [], index, variant, min_joint) if by_year else []
    matrix_out = {
        a: {b: round(float(same[index[a], index[b]] / joint[index[a], index[b]]), 4)
            for b in chosen if joint[index[a], index[b]] >= max(min_joint, 1)}
        for a in chosen
    }  # fmt: skip
    return AlignmentResult(
        parameters={
            "countries": countries, "issue": issue, "from": date_from, "to": date_to, "forum": forum,
            "by_year": by_year, "variant": variant, "min_joint": min_joint, "blocs": blocs,
        },
        roll_calls=int(mask.sum()),
        votes=int((codes > 0).sum()),
        countries=chosen,
        pairs=pairs,
        by_year=years,
        blocs=_blocs(votes.countries, same, joint, min_joint, blocs),
        matrix=matrix_out,
        cosignature=cosignature(store, countries=countries, issue=issue),
    )  # fmt: skip


def _disagreements(
    store: Store, codes: np.ndarray, calls: np.ndarray, i: int, j: int, a: str, b: str
) -> list[Disagreement]:
    """The most recent roll calls where both voted and differed, with the vote ids behind them."""
    both = (codes[i] > 0) & (codes[j] > 0) & (codes[i] != codes[j])
    picked = [str(c) for c in calls[both][-MAX_EVIDENCE:]]
    if not picked:
        return []
    rows = store.query(
        """
        SELECT forum || ':' || coalesce(roll_call, resolution) AS key, any_value(resolution) AS resolution,
               any_value(date) AS date, list(country ORDER BY country) AS countries,
               list(position ORDER BY country) AS positions, list(id ORDER BY country) AS ids
        FROM votes WHERE country IN (?, ?) AND forum || ':' || coalesce(roll_call, resolution) IN (SELECT unnest(?))
        GROUP BY key ORDER BY date DESC
        """,
        [a, b, picked],
    )
    found = []
    for row in rows:
        by_country = dict(zip(row["countries"], row["positions"], strict=True))
        found.append(
            Disagreement(
                row["key"], row["resolution"], row["date"].isoformat() if row["date"] else None,
                by_country.get(a, ""), by_country.get(b, ""), row["ids"],
            )
        )  # fmt: skip
    return found


def _by_year(
    votes: VoteMatrix,
    mask: np.ndarray,
    chosen: list[str],
    index: dict[str, int],
    variant: str,
    min_joint: int,
) -> list[YearAgreement]:
    years = votes.dates.astype("datetime64[Y]").astype(np.int64) + 1970
    rows = [index[c] for c in chosen]
    found: list[YearAgreement] = []
    for year in np.unique(years[mask & ~np.isnat(votes.dates)]):
        same, joint = agreement_counts(votes.codes[np.ix_(rows, mask & (years == year))], variant)
        for x, a in enumerate(chosen):
            for y in range(x + 1, len(chosen)):
                if joint[x, y] >= max(1, min_joint // 5):
                    found.append(
                        YearAgreement(int(year), a, chosen[y], round(float(same[x, y] / joint[x, y]), 4), int(joint[x, y]))
                    )  # fmt: skip
    return found


def _blocs(
    countries: list[str], same: np.ndarray, joint: np.ndarray, min_joint: int, k: int
) -> list[list[str]]:
    """Ward clusters of the states' agreement profiles (each state's row of the agreement matrix):
    two states fall together when they agree with the same others, which separates voting groups
    better than linking on single pairwise scores. States with no pair of enough joint votes are left out."""
    from scipy.cluster.hierarchy import fcluster, linkage

    if not countries or k < 1:
        return []
    enough = joint >= max(min_joint, 1)
    np.fill_diagonal(enough, False)
    alive = np.where(enough.any(axis=1))[0]
    if len(alive) < max(3, k):
        return [[countries[i] for i in alive]] if len(alive) else []
    agree = np.where(enough, same / np.maximum(joint, 1), np.nan)[np.ix_(alive, alive)]
    np.fill_diagonal(agree, 1.0)
    column_mean = np.nanmean(np.where(np.isnan(agree), np.nan, agree), axis=0)
    profiles = np.where(np.isnan(agree), column_mean[None, :], agree)
    labels = fcluster(linkage(profiles, "ward"), t=k, criterion="maxclust")
    groups: dict[int, list[str]] = {}
    for position, label in zip(alive, labels, strict=True):
        groups.setdefault(int(label), []).append(countries[position])
    return sorted(groups.values(), key=lambda g: (-len(g), g))


def cosignature(
    store: Store, *, countries: list[str] | None = None, issue: str | None = None
) -> list[CoSignature]:
    """Pairs of states by statements signed together on one side vs. on opposite sides of the same
    issue in the same year (a pair of statements per occasion); lists that are partial are counted."""
    rows = store.query(
        """
        SELECT s.statement, s.country, coalesce(s.side, st.stance) AS side,
               coalesce(t.issue, s.statement) AS issue, year(coalesce(s.date, st.date)) AS year,
               coalesce(s.completeness, st.attestation, '') AS completeness
        FROM signatures s
        LEFT JOIN statements st ON st.statement = s.statement
        LEFT JOIN targets t ON t.ref = s.statement
        """
    )
    if issue:
        rows = [r for r in rows if (r["issue"] or "").casefold() == issue.casefold()]
    wanted = set(countries or [])
    by_statement: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_statement.setdefault(row["statement"], []).append(row)
    pairs: dict[tuple[str, str], CoSignature] = {}

    def pair(a: str, b: str) -> CoSignature:
        key = (a, b) if a < b else (b, a)
        return pairs.setdefault(key, CoSignature(key[0], key[1], 0, 0, None, [], 0))

    def partial(completeness: str) -> bool:
        return "complete" not in completeness or "partial" in completeness

    for statement, signers in by_statement.items():
        names = sorted({r["country"] for r in signers})
        for x, a in enumerate(names):
            for b in names[x + 1 :]:
                if wanted and not ({a, b} <= wanted):
                    continue
                found = pair(a, b)
                found.same_side += 1
                found.statements.append(statement)
                found.partial_lists += partial(signers[0]["completeness"])
    occasions: dict[tuple[str, int | None], dict[str, dict[str, str]]] = {}
    for row in rows:
        occasions.setdefault((row["issue"], row["year"]), {}).setdefault(row["side"] or "", {})[
            row["country"]
        ] = row["statement"]
    for sides in occasions.values():
        labels = sorted(sides)
        for x, side_a in enumerate(labels):
            for side_b in labels[x + 1 :]:
                for a, sa in sides[side_a].items():
                    for b, sb in sides[side_b].items():
                        if a == b or (wanted and not ({a, b} <= wanted)):
                            continue
                        found = pair(a, b)
                        found.opposite_sides += 1
                        found.statements.extend([sa, sb])
    for found in pairs.values():
        total = found.same_side + found.opposite_sides
        found.agreement = round(found.same_side / total, 4) if total else None
        found.statements = list(dict.fromkeys(found.statements))
    return sorted(pairs.values(), key=lambda p: (-(p.same_side + p.opposite_sides), p.a, p.b))[:2000]


def describe(code: str) -> str:
    """'RUS (Russia)' for tables."""
    name = country_name(code)
    return code if name == code else f"{code} ({name})"
