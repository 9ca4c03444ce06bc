"""The lines a call has to say (warnings and other notes), kept in order and passed on as
they come to whoever listens: the API never prints."""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[str], None] | None


class Notes:
    def __init__(self, warn: Listener = None, inform: Listener = None) -> None:
        self.lines: list[tuple[str, str]] = []
        self._listeners = {"warning": warn, "info": inform}

    def add(self, level: str, text: str) -> None:
        self.lines.append((level, text))
        listener = self._listeners[level]
        if listener is not None:
            listener(text)

    def warning(self, text: str) -> None:
        self.add("warning", text)

    def info(self, text: str) -> None:
        self.add("info", text)
