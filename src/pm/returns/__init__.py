"""A council's data return for a framework and year: one row per metric and part, with the
published codes, disclosure control and rounding applied, and the checks a performance
officer makes before sending it.

- `framework`: which framework and measures a return holds, whether the year is one of the
  framework's years, and each measure's published code;
- `layout`: the rows of the return, from a results table, and the published columns;
- `checks`: the validation summary (every metric present, parts adding up to their total,
  values plausible against last year);
- `files`: the return as CSV or Excel bytes.

`pm.api.returning` computes the results and writes the files; nothing here reads extracts.
"""
