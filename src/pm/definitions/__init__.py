"""Indicator definitions: YAML with file and line kept, pydantic models, validation rules."""
