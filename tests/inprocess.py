"""Running `pm` in the test process (much faster than a new Python for each run), with the
exit code the command line would give, and fingerprints of folders to prove that nothing
changed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from typer.testing import CliRunner

from pm.errors import PmError


def pm(*args: object) -> tuple[int, str]:
    """Run a command as `pm ...` does and return its exit code and its error message, or its
    output when it succeeds."""
    from pm.cli import commands  # noqa: F401  (registers the commands)
    from pm.cli.app import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    if isinstance(result.exception, PmError):
        return result.exception.exit_code, str(result.exception)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def digest_all(folder: Path) -> dict[str, str]:
    """Every file below `folder` (links not followed) with its SHA-256: to prove that nothing
    changed and nothing appeared."""
    found = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                found[key] = "link to " + os.readlink(path)
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = "special"
    return found
