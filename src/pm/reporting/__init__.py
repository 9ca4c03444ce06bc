"""Turning results and definitions into documents people read."""
