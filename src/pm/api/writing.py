"""What compute and compare check and record about the files they write: the format, the
files written beside a results file, and what a comparison was made from."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pm.comparison.published_files import published_sources
from pm.comparison.setup import targets_path
from pm.errors import UsageError
from pm.guard import Output
from pm.outputs import FORMATS
from pm.workspace import Workspace


def sidecar(output: Path, name: str) -> Path:
    """A file written beside `output`: results.csv -> results.manifest.json."""
    return output.with_name(f"{output.stem}.{name}")


def output_set(output: Path) -> list[Output]:
    """The results file and the two files written beside it, as `pm.guard` checks them."""
    return [
        Output(output),
        Output(sidecar(output, "data-quality.csv"), beside=output),
        Output(sidecar(output, "manifest.json"), beside=output),
    ]


def check_table_output(output: Path) -> None:
    """Refuse an output whose format pm cannot write before spending time computing."""
    if output.suffix.lower() not in FORMATS:
        raise UsageError(
            f"{output}: cannot tell the format from '{output.suffix or 'no extension'}'; "
            f"end the file name with {', '.join(FORMATS)}"
        )


def comparison_inputs(
    targets: Path | None, published: list[Path], workspace: Workspace | None
) -> dict[str, object]:
    """What the bands and benchmarks were made from, with digests, for the manifest."""

    def described_file(path: Path | None) -> dict[str, str] | None:
        if path is None:
            return None
        return {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}

    return {
        "workspace": str(workspace.root) if workspace else None,
        "comparator_groups": workspace.config.comparator_groups if workspace else {},
        "targets": described_file(targets_path(targets, workspace)),
        "published": [
            described_file(source.path) for source in published_sources(published, workspace)
        ],
    }
