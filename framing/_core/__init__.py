"""Private foundations every domain builds on: validation, docstring fragments, the bootstrap engine,
atomic writes, bundled files, table cells, shared names, renamed spellings."""
