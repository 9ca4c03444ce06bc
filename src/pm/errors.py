"""Errors a user can cause, each carrying the exit code the CLI should return.

The library raises these; the CLI turns them into one line on stderr (a traceback only
with ``--debug``).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INPUT = 3


class PmError(Exception):
    """A mistake in what the user gave pm: shown as one line, never as a traceback."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class UsageError(PmError):
    """Options that do not fit together, or a value the command cannot use."""

    exit_code = EXIT_USAGE


class InputError(PmError):
    """An input file or folder that is missing or cannot be read."""

    exit_code = EXIT_INPUT
