"""CSV export and import of a user's job listings and applications, for the API and the CLI.

`columns` names the columns and aliases and escapes cells, `export` streams the rows
out, `reader` parses an uploaded file row by row, `importer` writes it in chunks.
"""
