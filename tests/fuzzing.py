"""Hostile input for the source readers: strategies that damage a file's bytes the way real
files get damaged, and the one check every reader must pass on them: it yields only records
of the types it is meant to produce, or it raises InputError, and its sniff does not raise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from lockstep.errors import InputError
from lockstep.model import Record
from lockstep.sources.base import SourceFormat, SourceOptions

HOSTILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A list of (kind, position, junk) edits, applied in turn by `apply_edits`.
EDITS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 2**20), st.binary(min_size=1, max_size=40)),
    min_size=1,
    max_size=4,
)


def apply_edits(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (kind, position, junk) edits: 0 truncates, 1 flips a byte, 2 inserts junk."""
    buffer = bytearray(data)
    for kind, position, junk in edits:
        at = position % (len(buffer) + 1)
        if kind == 0:
            del buffer[at:]
        elif kind == 1 and buffer:
            buffer[at % len(buffer)] ^= junk[0] or 0xFF
        else:
            buffer[at:at] = junk
    return bytes(buffer)


@st.composite
def damaged(draw: st.DrawFn, *bases: bytes) -> bytes:
    """One of `bases` with one kind of the damage real files suffer: cut short, bit rot,
    junk spliced in, re-encoded."""
    base = draw(st.sampled_from(bases))
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "cp1251", "gb18030"]))
    if kind == "truncate":
        return base[: draw(st.integers(0, len(base)))]
    if kind == "flip":
        data = bytearray(base)
        for _ in range(draw(st.integers(1, 20))):
            data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
        return bytes(data)
    if kind == "insert":
        at = draw(st.integers(0, len(base)))
        return base[:at] + draw(st.binary(min_size=1, max_size=300)) + base[at:]
    return base.decode("utf-8", errors="replace").encode(kind, errors="replace")


def assert_records_or_input_error(
    source: SourceFormat, name: str, data: bytes, allowed: tuple[type[Record], ...]
) -> None:
    """Write `data` to a file called `name` in a fresh temporary folder, sniff it and read it:
    every record that comes out, up to an InputError if one is raised, must be one of the
    `allowed` types, and no other exception may escape."""
    with tempfile.TemporaryDirectory(prefix="lockstep-fuzz-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        source.sniff(path, data[:65536])
        try:
            for record in source.read(path, SourceOptions()):
                assert isinstance(record, allowed), record
        except InputError:
            pass
