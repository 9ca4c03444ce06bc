"""Seeded synthetic extracts for all 22 Welsh councils (data-contract §3), with logged faults.

from pm.sample_data import generate
log = generate(Path("extracts"), ["2021-22", "2022-23"], scale=0.1, seed=2024)
"""

from pm.sample_data.faults import Fault
from pm.sample_data.generator import LOG_NAME, GenerationLog, generate, parse_years
from pm.sample_data.spec import DATASETS, FAULT_TYPES, LOCAL_DATASETS, DatasetSpec

__all__ = [
    "DATASETS",
    "FAULT_TYPES",
    "LOCAL_DATASETS",
    "LOG_NAME",
    "DatasetSpec",
    "Fault",
    "GenerationLog",
    "generate",
    "parse_years",
]
