"""The one error type users see: bad input, named by file, record and reason.

Everything a parser can raise on hostile input must be turned into `InputError` so that
the CLI can print one line and exit with code 2 instead of a traceback.
"""

from __future__ import annotations


class InputError(Exception):
    """Input that lockstep refuses. The CLI prints `str(err)` and exits with code 2."""

    def __init__(self, file: str, record: str | None, reason: str) -> None:
        self.file = file
        self.record = record
        self.reason = " ".join(str(reason).split())[:300]
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.file}" + (f", record {self.record}" if self.record else "")
        return f"{where}: {self.reason}"
