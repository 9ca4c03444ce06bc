"""pm: compute, band and report the performance indicators of local-authority social services."""

from pm.version import __version__

__all__ = ["__version__"]
