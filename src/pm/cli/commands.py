"""Imports every command module so that each registers itself on the app."""

from pm.cli import (
    audit_cmd,  # noqa: F401
    cache_cmd,  # noqa: F401
    compare_cmd,  # noqa: F401
    compute_cmd,  # noqa: F401
    explain_cmd,  # noqa: F401
    guidance_cmd,  # noqa: F401
    init_cmd,  # noqa: F401
    list_cmd,  # noqa: F401
    plan_cmd,  # noqa: F401
    report_cmd,  # noqa: F401
    return_cmd,  # noqa: F401
    sample_data_cmd,  # noqa: F401
    show_cmd,  # noqa: F401
    test_cmd,  # noqa: F401
    validate_cmd,  # noqa: F401
)
