"""The error an expression outside the language raises, with its validation code."""

from __future__ import annotations


class ExpressionError(Exception):
    """An expression outside the language; `code` is a validation problem code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
