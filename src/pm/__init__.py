"""pm: compute, band and report the performance indicators of local-authority social services.

The Python API (`pm.compute`, `pm.comparison`, `pm.explain`, `pm.reporting`, `pm.load_definitions`,
`pm.read_extracts`, ...) lives in `pm.api`; its names are loaded on first use.
"""

from __future__ import annotations

from typing import Any

from pm.version import __version__

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:
    import pm.api

    if name in pm.api.__all__:
        return getattr(pm.api, name)
    raise AttributeError(f"module 'pm' has no attribute '{name}'")


def __dir__() -> list[str]:
    import pm.api

    return ["__version__", *pm.api.__all__]
