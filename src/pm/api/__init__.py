"""pm's Python API: what each `pm` command does, as a function that returns tables.

Every command of the CLI parses its options, calls one of these functions and renders what
comes back; analysts call the same functions from Python or a notebook::

    import pm

    results = pm.compute("extracts", years="2023-24:2024-25", indicators=["PM18"])

The functions take the same options as their commands, never print and never exit: a
mistake in what they are given raises one of pm's own errors (`pm.errors.PmError` and its
kinds), whose message is the line the CLI would show. Names are loaded on first use, so
`import pm` stays quick.
"""

from __future__ import annotations

import importlib
from typing import Any

# Public name -> the module of pm.api that defines it.
_EXPORTS: dict[str, str] = {
    # definitions and extracts
    "load_definitions": "pm.api.definitions",
    "read_extracts": "pm.api.extracts",
    # compute and compare
    "compute": "pm.api.computing",
    "compare": "pm.api.comparing",
    # explain, audit sample, plans
    "explain": "pm.api.explaining",
    "audit_sample": "pm.api.auditing",
    "plan": "pm.api.planning",
    "run_tests": "pm.api.testing",
    # reports and checks
    "report": "pm.api.reports",
    "validate": "pm.api.checking",
    "problem_codes": "pm.api.checking",
    "list_indicators": "pm.api.catalogue",
    "show": "pm.api.catalogue",
    "write_guidance": "pm.api.guidance",
    "write_sample_data": "pm.api.samples",
    "create_workspace": "pm.api.workspaces",
    # the cache of checked extracts
    "cache_info": "pm.api.caching",
    "clear_cache": "pm.api.caching",
    # the data return
    "data_return": "pm.api.returning",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pm.api' has no attribute '{name}'")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
