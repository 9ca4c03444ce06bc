"""Where pm finds the definitions, guidance and templates it ships with.

In a source checkout they sit at the repository root; in an installed wheel they are
packed inside the package under `_shipped/`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def shipped_root() -> Path:
    """The folder holding `indicators/`, `technical_guidance/` and `templates/`."""
    packed = Path(__file__).parent / "_shipped"
    if (packed / "indicators").is_dir():
        return packed
    return Path(__file__).resolve().parents[2]


def installed() -> bool:
    """True when pm runs from an installed package (its files packed under `_shipped/`),
    where nothing may be written; False in a source checkout."""
    return shipped_root().name == "_shipped"


def indicators_dir() -> Path:
    return shipped_root() / "indicators"


def guidance_dir() -> Path:
    return shipped_root() / "technical_guidance"


def datasets_dir() -> Path:
    return guidance_dir() / "datasets"


def reference_dir() -> Path:
    return guidance_dir() / "reference"


def templates_dir() -> Path:
    return shipped_root() / "templates"


def locales_dir() -> Path:
    """The message catalogues of the fixed words reports show (`<language>/LC_MESSAGES/pm.po`)."""
    return shipped_root() / "locales"
