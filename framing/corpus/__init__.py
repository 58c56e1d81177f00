"""Documents in, sentences out: load (CSV, JSONL, Parquet, folders, HTML), clean, split, languages."""

# The last release's framing.corpus module, whose names stay importable from here.
from framing.corpus.load import (
    COLUMNS,
    KEPT_WHEN_MAPPED,
    LONG_DOCUMENT,
    OPTIONAL_COLUMNS,
    REQUIRED,
    corpus_hash,
    demo_path,
    html_to_text,
    load_corpus,
    load_demo,
)

__all__ = [
    "COLUMNS",
    "KEPT_WHEN_MAPPED",
    "LONG_DOCUMENT",
    "OPTIONAL_COLUMNS",
    "REQUIRED",
    "corpus_hash",
    "demo_path",
    "html_to_text",
    "load_corpus",
    "load_demo",
]
