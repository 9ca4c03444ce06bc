"""Imports every command module so that each registers itself on the app."""

from pm.cli import guidance_cmd  # noqa: F401
from pm.cli import list_cmd  # noqa: F401
from pm.cli import show_cmd  # noqa: F401
from pm.cli import test_cmd  # noqa: F401
from pm.cli import compute_cmd  # noqa: F401
from pm.cli import explain_cmd  # noqa: F401
from pm.cli import validate_cmd  # noqa: F401
