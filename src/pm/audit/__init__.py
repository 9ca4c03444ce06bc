"""Case-file audit: reproducible random samples of cases for a case-file review."""

from pm.audit.sample import (
    AuditSample,
    allocate_proportionally,
    draw_sample,
    sample_csv_bytes,
    sample_table,
)

__all__ = [
    "AuditSample",
    "allocate_proportionally",
    "draw_sample",
    "sample_csv_bytes",
    "sample_table",
]
