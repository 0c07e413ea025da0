"""Errors about bad input that tell the researcher where the problem is and how to fix it."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: names the file (and row, field, byte offset where known), what is wrong, what to do."""

    def __init__(
        self,
        file: str,
        problem: str,
        fix: str,
        *,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = str(file)
        self.row = row
        self.field = field
        self.problem = problem
        self.fix = fix
        where = self.file
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {problem}. Fix: {fix}")
