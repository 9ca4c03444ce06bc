"""pm: compute, band and report the performance indicators of local-authority social services."""

__version__ = "0.1.0"
