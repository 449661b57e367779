"""The knowledge store: YAML source files, their validation and the SQLite index built from them."""
