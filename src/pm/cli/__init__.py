"""The `pm` command line: option parsing and rendering only; the library does the work."""
