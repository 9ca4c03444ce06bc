"""The engine: turns extracts and indicator definitions into the results table."""
