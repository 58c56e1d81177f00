"""Hand-coding: draw a sample of sentences to code, and read the codes back with checks.

The workflow researchers trust for frames is: code a sample by hand, train a
classifier on it, validate it on held-back codes, then estimate shares with the
classifier's error taken into account. This module is the first and the last
step of the hand work: :func:`sample_for_coding` writes a coding sheet (each
sentence with its neighbours for context and an empty ``label`` column), and
:func:`read_codes` reads the filled sheet back and refuses anything a coder
could get wrong silently (labels not in the codebook, a sentence coded twice,
rows left empty, sentences that are not in the corpus).
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing._core.bundled import bundled_file
from framing._core.cells import rows_at
from framing._core.renamed import keyword_only_options
from framing._core.validation import check_column, check_int, check_vectors
from framing.errors import CorpusError, CorpusNotFoundError, ParameterError

__all__ = [
    "SHEET_COLUMNS",
    "codebook_names",
    "demo_codes_path",
    "joined_names",
    "merge_rare",
    "rare_frames",
    "read_codes",
    "sample_for_coding",
    "sentence_context",
    "sentence_ids",
    "write_new_csv",
]

#: Columns of a coding sheet, in order (``by`` is inserted after ``doc_id``).
SHEET_COLUMNS = ["sentence_id", "doc_id", "before", "text", "after", "label", "note"]


def sentence_ids(sentences: pd.DataFrame) -> pd.Series:
    """Stable id of each sentence: ``"<doc_id>:<position in the document>"``.

    Parameters
    ----------
    sentences : pandas.DataFrame
        :func:`framing.split_sentences` output (``doc_id`` and ``sent_idx``
        when present; otherwise the order of rows within each document).

    Returns
    -------
    pandas.Series
        String ids, same index as ``sentences``. They depend only on the
        document and the sentence's position in it, so a sheet written today
        matches the same corpus split tomorrow.
    """
    docs = check_column(sentences, "doc_id").astype(str)
    if "sent_idx" in sentences.columns:
        pos = sentences["sent_idx"].astype(int)
    else:
        pos = docs.groupby(docs, sort=False).cumcount()
    return (docs + ":" + pos.astype(str)).rename("sentence_id")


def codebook_names(codebook) -> list[str]:
    """Frame names of a codebook, in order.

    Parameters
    ----------
    codebook : mapping or sequence of str
        A codebook such as :data:`framing.MFC_FRAMES` (its keys, including a
        residual "Other"), or the list of label names.

    Returns
    -------
    list of str
    """
    if isinstance(codebook, Mapping) or isinstance(codebook, Sequence) and not isinstance(codebook, str):
        names = list(codebook)
    else:
        raise ParameterError(
            f"codebook must be a mapping such as framing.MFC_FRAMES or a list of label names; got "
            f"{type(codebook).__name__}."
        )
    bad = [n for n in names if not isinstance(n, str) or not n.strip()]
    if bad or len(names) < 2 or len(set(names)) != len(names):
        raise ParameterError(f"codebook needs at least two distinct, non-empty label names; got {names!r}.")
    return names


def joined_names(table, column: str) -> list[str]:
    """Names a table carries in a column, joined with ``"; "`` (e.g. ``codebook``, ``frames``), else ``[]``.

    Parameters
    ----------
    table : pandas.DataFrame or other
        :func:`read_codes` or :func:`framing.assign_frames` output; anything else gives ``[]``.
    column : str
        The column holding the names (the same on every row).

    Returns
    -------
    list of str

    References
    ----------
    Wickham, H. (2014). Tidy data. Journal of Statistical Software 59(10) (metadata as columns).
    """
    if not isinstance(table, pd.DataFrame) or column not in table.columns or table.empty:
        return []
    return [name for name in str(table[column].iloc[0]).split("; ") if name]


def _allocate(sizes: np.ndarray, n: int) -> np.ndarray:
    """Proportional allocation of n draws over strata (largest remainder), capped by stratum size."""
    quota = n * sizes / sizes.sum()
    take = np.minimum(np.floor(quota).astype(int), sizes)
    # Every stratum gets at least one when there is room, so small sides are not left uncoded.
    if n >= len(sizes):
        take = np.maximum(take, np.minimum(1, sizes))
    while take.sum() > n:
        i = int(np.argmax(take - quota))
        take[i] -= 1
    rem = quota - take
    while take.sum() < n:
        room = take < sizes
        i = int(np.argmax(np.where(room, rem, -np.inf)))
        take[i] += 1
        rem[i] = -np.inf
    return take


def sentence_context(sentences: pd.DataFrame, rows, *, context: int = 1) -> pd.DataFrame:
    """Each chosen sentence with its neighbours of the same document, as a coding sheet shows it.

    Parameters
    ----------
    sentences : pandas.DataFrame
        :func:`framing.split_sentences` output (``doc_id``, ``text``), in corpus order.
    rows : array-like of int
        Positions of the chosen sentences in ``sentences``.
    context : int, default 1
        Neighbouring sentences of the same document shown before and after.

    Returns
    -------
    pandas.DataFrame
        ``before``, ``text``, ``after``, one row per chosen sentence.
    """
    docs = check_column(sentences, "doc_id").astype(str).to_numpy()
    texts = check_column(sentences, "text").astype(str).to_numpy()
    before, after, own = [], [], []
    for i in np.asarray(rows, dtype=int):
        lo = i
        while lo > 0 and i - lo < context and docs[lo - 1] == docs[i]:
            lo -= 1
        hi = i
        while hi + 1 < len(docs) and hi - i < context and docs[hi + 1] == docs[i]:
            hi += 1
        before.append(" ".join(texts[lo:i]))
        own.append(texts[i])
        after.append(" ".join(texts[i + 1 : hi + 1]))
    return pd.DataFrame({"before": before, "text": own, "after": after})


@keyword_only_options
def sample_for_coding(
    sentences: pd.DataFrame,
    *,
    n: int,
    strategy: str = "stratified",
    by: str = "side",
    labels=None,
    classifier=None,
    vectors=None,
    exclude=None,
    context: int = 1,
    path=None,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Draw sentences to code by hand and write the coding sheet.

    Parameters
    ----------
    sentences : pandas.DataFrame
        :func:`framing.split_sentences` output (``doc_id``, ``text``, the ``by`` column).
    n : int
        Sentences to draw (keyword-only; the last release took it by position, which still
        works with a :class:`~framing.errors.RenamedWarning`).
    strategy : {"stratified", "uncertain"}
        ``"stratified"``: a random sample with proportional allocation over the
        strata ``by`` x ``labels`` (e.g. side x cluster), at least one sentence
        per stratum when ``n`` allows, so no side or theme is left uncoded.
        ``"uncertain"``: the ``n`` sentences the fitted ``classifier`` is least
        sure of (smallest top probability; uncertainty sampling, Lewis & Gale
        1994), to add to a sample already coded.
    by : str
        Side column, kept in the sheet and used for strata.
    labels : array-like, optional
        Cluster labels (``SentenceClusterer.labels_``) row-aligned with
        ``sentences``; strata are then side x cluster.
    classifier : fitted estimator with ``predict_proba``, optional
        Required for ``"uncertain"`` (e.g. :class:`framing.FrameClassifier`).
    vectors : array of shape (n_sentences, dim), optional
        The sentences' vectors, required for ``"uncertain"``.
    exclude : iterable of str, optional
        Sentence ids not to draw (e.g. those already coded).
    context : int
        Neighbouring sentences of the same document shown before and after.
    path : path, optional
        Write the sheet there as UTF-8 CSV (a spreadsheet opens it); an
        existing file is never overwritten, so codes are not lost.
    random_state : int or None, default 0
        Seed of the stratified draw; None draws fresh entropy from the operating system.

    Returns
    -------
    pandas.DataFrame
        The sheet: ``sentence_id``, ``doc_id``, the ``by`` column, ``before``,
        ``text``, ``after``, ``label`` (empty, to fill), ``note`` (free text),
        in corpus order; then how it was drawn, the same on every row:
        ``strategy`` and ``random_state``.

    References
    ----------
    Krippendorff, K. (2018). Content Analysis, 4th ed., ch. 6 (stratified
    sampling of coding units); Lewis, D. D. & Gale, W. A. (1994). A sequential
    algorithm for training text classifiers. SIGIR.
    """
    if not isinstance(sentences, pd.DataFrame):
        raise ParameterError(f"sentences must be a pandas DataFrame; got {type(sentences).__name__}.")
    n = check_int(n, "n")
    context = check_int(context, "context", minimum=0)
    check_column(sentences, "text")  # before drawing, so a missing column is reported first
    side = check_column(sentences, by, param="by").astype(str).to_numpy()
    ids = sentence_ids(sentences).to_numpy()
    excluded = set() if exclude is None else {str(i) for i in exclude}
    pool = np.array([i not in excluded for i in ids])
    if pool.sum() < n:
        raise ParameterError(
            f"n={n} but only {int(pool.sum())} sentences are left to draw (after exclude=); ask for fewer."
        )
    if strategy == "stratified":
        chosen = _draw_stratified(side, labels, pool, n, random_state)
    elif strategy == "uncertain":
        chosen = _draw_uncertain(classifier, vectors, pool, n)
    else:
        raise ParameterError(f"strategy must be 'stratified' or 'uncertain'; got {strategy!r}.")
    chosen = np.sort(chosen)
    around = sentence_context(sentences, chosen, context=context)
    sheet = pd.DataFrame(
        {
            "sentence_id": ids[chosen],
            "doc_id": sentences["doc_id"].astype(str).to_numpy()[chosen],
            by: side[chosen],
            "before": around["before"].tolist(),
            "text": around["text"].to_numpy(),
            "after": around["after"].tolist(),
            "label": "",
            "note": "",
            "strategy": strategy,
            "random_state": random_state,
        }
    )
    if path is not None:
        write_new_csv(sheet, path, what="coding sheets")
    return sheet


def _draw_stratified(side: np.ndarray, labels, pool: np.ndarray, n: int, random_state) -> np.ndarray:
    """Rows of a proportional stratified draw over side (x cluster) among the rows of ``pool``."""
    strata = side.astype(object)
    if labels is not None:
        lab = np.asarray(labels)
        if len(lab) != len(side):
            raise ParameterError(f"labels has {len(lab)} rows but sentences has {len(side)}.")
        strata = np.array([f"{s}|{c}" for s, c in zip(side, lab)], dtype=object)
    rng = np.random.default_rng(random_state)
    keys = np.unique(strata[pool])
    members = [np.flatnonzero(pool & (strata == k)) for k in keys]
    take = _allocate(np.array([len(m) for m in members]), n)
    return np.concatenate([rng.choice(m, size=t, replace=False) for m, t in zip(members, take)])


def _draw_uncertain(classifier, vectors, pool: np.ndarray, n: int) -> np.ndarray:
    """Rows of ``pool`` whose top predicted probability is lowest (uncertainty sampling)."""
    if classifier is None or vectors is None:
        raise ParameterError(
            "strategy='uncertain' needs classifier= (fitted, with predict_proba) and vectors= of these "
            "sentences."
        )
    X = check_vectors(vectors, n_rows=len(pool))
    top = np.asarray(classifier.predict_proba(X)).max(axis=1)
    top = np.where(pool, top, np.inf)
    return np.argsort(top, kind="stable")[:n]


def write_new_csv(table: pd.DataFrame, path, *, what: str) -> Path:
    """Write ``table`` as UTF-8 CSV (every text quoted) to a new file; an existing one is never overwritten.

    Parameters
    ----------
    table : pandas.DataFrame
        A coding or adjudication sheet.
    path : str or path
        Where; its folder is created.
    what : str
        What the file is, for the error message (``"coding sheets"``).

    Returns
    -------
    pathlib.Path

    References
    ----------
    Krippendorff, K. (2004). Content Analysis, 2nd ed., ch. 11 (codes are data: never overwrite them).
    """
    path = Path(path)
    if path.exists():
        raise ParameterError(
            f"{path} already exists; {what} are never overwritten (codes would be lost). "
            "Choose another path or move the file."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, encoding="utf-8", quoting=csv.QUOTE_NONNUMERIC)
    return path


def _coder_files(path, coder_col: str) -> list[tuple[str | None, Path]]:
    """The sheets to read, each with its coder (None: one coder, or a ``coder_col`` column in the file)."""
    if isinstance(path, Mapping):
        pairs = [(str(c), Path(p)) for c, p in path.items()]
    elif isinstance(path, (list, tuple)):
        pairs = [(Path(p).stem, Path(p)) for p in path]
        stems = [c for c, _ in pairs]
        if len(set(stems)) != len(stems):
            raise ParameterError(
                f"the coding sheets {[str(p) for _, p in pairs]} do not have distinct file names, which name "
                "their coders; pass a mapping {coder: path} instead."
            )
    else:
        return [(None, Path(path))]
    if len(pairs) < 1 or any(not c.strip() for c, _ in pairs):
        raise ParameterError(f"every coder needs a non-empty name and a sheet; got {path!r}.")
    return pairs


def _load_sheet(path: Path, label_col: str) -> pd.DataFrame:
    if not path.exists():
        raise CorpusNotFoundError(f"{path}: no such coding sheet; write one with framing.sample_for_coding.")
    try:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 ({exc.reason}); save the sheet as UTF-8 CSV.") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CorpusError(f"{path}: cannot read it as CSV ({exc}).") from None
    for col in ("sentence_id", label_col):
        if col not in sheet.columns:
            raise CorpusError(
                f"{path}: required column {col!r} is missing; the columns are {list(sheet.columns)}."
            )
    return sheet


def _sheet_coders(sheet: pd.DataFrame, path: Path, coder, coder_col: str, where) -> pd.Series | None:
    """Each row's coder: the name the sheet was passed under, its ``coder_col`` column, or None."""
    if coder is not None:
        if coder_col in sheet.columns:
            raise CorpusError(
                f"{path}: has its own {coder_col!r} column but was passed as coder {coder!r}'s sheet; pass it "
                f"alone (read_codes(path)) to use the column, or drop the column."
            )
        return pd.Series(coder, index=sheet.index, dtype=object)
    if coder_col not in sheet.columns:
        return None
    coders = sheet[coder_col].str.strip()
    if (coders == "").any():
        raise CorpusError(
            f"{path}: column {coder_col!r} is empty at {where(coders == '')}; name every coder."
        )
    return coders


def _check_duplicates(ids: pd.Series, coders, labels: pd.Series, path: Path, where) -> None:
    key = ids if coders is None else coders + "\x1f" + ids
    dup = key.duplicated(keep=False).to_numpy()
    if not dup.any():
        return
    first = key[dup].iloc[0]
    sid = ids[dup].iloc[0]
    at = where(key == first)
    if coders is None:
        raise CorpusError(
            f"{path}: sentence {sid!r} is coded more than once, at {at}; "
            f"{int(key[dup].nunique())} id(s) are duplicated in all. Keep one code per sentence."
        )
    given = sorted(set(labels[key == first]))
    raise CorpusError(
        f"{path}: coder {coders[dup].iloc[0]!r} coded sentence {sid!r} more than once "
        f"({'with different labels ' + repr(given) if len(given) > 1 else 'with the same label'}), at {at}; "
        f"{int(key[dup].nunique())} (coder, sentence) pair(s) are duplicated in all. Keep one code per sentence "
        "and coder."
    )


def _canonical_labels(raw: pd.Series, names: list[str], path: Path, line, coders) -> pd.Series:
    lookup = {" ".join(n.lower().split()): n for n in names}
    canon = raw.map(lambda v: lookup.get(" ".join(v.lower().split())) if v else None)
    unknown = (raw != "").to_numpy() & canon.isna().to_numpy()
    if unknown.any():
        i = int(np.flatnonzero(unknown)[0])
        bad = raw.iloc[i]
        close = difflib.get_close_matches(bad, names, n=1, cutoff=0.0)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        others = sorted(set(raw[unknown]) - {bad})
        who = "" if coders is None else f" (coder {coders.iloc[i]!r})"
        raise CorpusError(
            f"{path}, line {line[i]}{who}: label {bad!r} is not in the codebook{hint}. "
            + (f"Other unknown labels: {others[:5]}. " if others else "")
            + f"The labels are {names}."
        )
    return canon


def _read_one(path: Path, names, *, label_col, allow_empty, coder, coder_col, known) -> pd.DataFrame:
    """One sheet, checked: every error names ``path`` and the spreadsheet line."""
    sheet = _load_sheet(path, label_col)
    line = np.arange(len(sheet)) + 2  # the header is line 1 in a spreadsheet's numbering

    def where(mask) -> str:
        return rows_at([f"line {n}" for n in line], np.asarray(mask))

    ids = sheet["sentence_id"].str.strip()
    if (ids == "").any():
        raise CorpusError(f"{path}: empty sentence_id at {where(ids == '')}; every row needs its id.")
    coders = _sheet_coders(sheet, path, coder, coder_col, where)
    raw = sheet[label_col].str.strip()
    _check_duplicates(ids, coders, raw, path, where)
    empty = (raw == "").to_numpy()
    if empty.any() and not allow_empty:
        raise CorpusError(
            f"{path}: column {label_col!r} is empty at {where(empty)}; code those rows, or pass "
            "allow_empty=True to use only the rows coded so far."
        )
    canon = _canonical_labels(raw, names, path, line, coders)
    out = sheet.loc[~empty].copy()
    out["sentence_id"] = ids[~empty]
    out["label"] = canon[~empty].astype(str)
    out["line"] = line[~empty]
    if coders is not None:
        out[coder_col] = coders[~empty]
    if known is not None:
        missing = ~out["sentence_id"].isin(known.index).to_numpy()
        if missing.any():
            raise CorpusError(
                f"{path}: sentence id {out['sentence_id'].iloc[int(np.argmax(missing))]!r} "
                f"at {where(np.isin(line, out['line'][missing]))} is not in the sentences given; was the sheet "
                "drawn from another corpus or split? Pass the sentences it was drawn from."
            )
        out["row"] = known.reindex(out["sentence_id"]).to_numpy()
    return out


def read_codes(
    path,
    *,
    codebook,
    sentences: pd.DataFrame | None = None,
    label_col: str = "label",
    allow_empty: bool = False,
    coder_col: str = "coder",
) -> pd.DataFrame:
    """Read filled coding sheets, one coder's or several coders', and check every code.

    Parameters
    ----------
    path : path, list of paths, or mapping of coder name to path
        A CSV written by :func:`sample_for_coding` (or any CSV with
        ``sentence_id`` and a label column), filled in by a coder. Several
        coders: a mapping ``{coder: path}``, a list of paths (each coder named
        by its file name without extension), or one file with a ``coder_col``
        column (one row per sentence and coder).
    codebook : mapping or sequence of str
        The allowed labels (e.g. :data:`framing.MFC_FRAMES`). Labels are matched
        ignoring case and surrounding spaces and returned as spelled in the
        codebook.
    sentences : pandas.DataFrame, optional
        The corpus's sentences: every coded ``sentence_id`` must be one of them,
        and the returned table gains their row position (``row``).
    label_col : str
        Column holding the codes.
    allow_empty : bool
        Drop rows with no label instead of refusing them (a sheet coded in part).
    coder_col : str, default "coder"
        Column naming the coder, in a file holding several coders' codes, and in
        the returned table when there are several coders.

    Returns
    -------
    pandas.DataFrame
        The sheets' rows with ``label`` canonical, ``line`` (the spreadsheet
        line) and ``row`` (the position in ``sentences``, when given); with
        several coders also ``coder_col`` and ``file``; ``codebook`` (the labels
        joined with ``"; "``, the same on every row).

    Raises
    ------
    CorpusError
        Naming the file, its line numbers and, with several coders, the coder:
        labels not in the codebook (with the closest match), a sentence coded
        twice by one coder, empty labels or coder names, ids not in
        ``sentences``, a missing column, one sentence id given two documents.

    References
    ----------
    Krippendorff, K. (2004). Content Analysis: An Introduction to Its
    Methodology, 2nd ed., ch. 11 (reliability data: units by coders).
    """
    names = codebook_names(codebook)
    files = _coder_files(path, coder_col)
    known = None
    if sentences is not None:
        known = pd.Series(np.arange(len(sentences)), index=sentence_ids(sentences).to_numpy())
    parts = []
    for coder, file in files:
        part = _read_one(
            file,
            names,
            label_col=label_col,
            allow_empty=allow_empty,
            coder=coder,
            coder_col=coder_col,
            known=known,
        )
        if coder is not None or coder_col in part.columns:
            part["file"] = str(file)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    if "doc_id" in out.columns and len(parts) > 1:
        docs = out.groupby("sentence_id")["doc_id"].nunique()
        if (docs > 1).any():
            sid = docs.index[docs.to_numpy() > 1][0]
            seen = out.loc[out["sentence_id"] == sid, ["file", "line", "doc_id"]].to_dict("records")
            raise CorpusError(
                f"sentence {sid!r} has different doc_id values in the sheets: {seen}; were they drawn from "
                "different corpora? Code sheets drawn from one corpus."
            )
    out["codebook"] = "; ".join(names)
    return out


def rare_frames(labels, *, min_count: int = 8, into: str = "Other") -> list[str]:
    """The frames coded fewer than ``min_count`` times, which :func:`merge_rare` merges.

    Parameters
    ----------
    labels : array-like of str
        Hand-coded frames (``read_codes(...)["label"]``).
    min_count : int, default 8
        Frames coded fewer times than this are rare.
    into : str, default "Other"
        The residual frame, never counted as rare.

    Returns
    -------
    list of str
        Sorted.

    References
    ----------
    Card, D. et al. (2015). The Media Frames Corpus. ACL (frames reported only with enough annotations).
    """
    min_count = check_int(min_count, "min_count")
    counts = pd.Series(np.asarray(labels, dtype=object), dtype=object).value_counts()
    return sorted(f for f, n in counts.items() if n < min_count and f != into)


def merge_rare(labels, *, min_count: int = 8, into: str = "Other"):
    """Recode frames coded fewer than ``min_count`` times into one residual frame.

    A frame coded three times cannot be learned or validated (one or two
    sentences per fold), and its column of the misclassification matrix is too
    noisy to correct shares with. Merging rare frames into the residual
    category before training, and saying so, is the usual remedy (Card et al.
    2015 report only frames with enough annotations).

    Parameters
    ----------
    labels, min_count, into
        As in :func:`rare_frames`: the hand-coded frames, the count below which a frame
        is merged (default 8), and the residual frame it is merged into (default "Other",
        the MFC codebook's).

    Returns
    -------
    pandas.Series
        The labels with rare frames replaced; :func:`rare_frames` with the same
        arguments lists the frames merged (to say so).

    References
    ----------
    Card, D., Boydstun, A. E., Gross, J. H., Resnik, P. & Smith, N. A. (2015). The Media Frames
    Corpus: Annotations of frames across issues. ACL.
    """
    lab = pd.Series(np.asarray(labels, dtype=object), dtype=object)
    return lab.where(~lab.isin(rare_frames(lab, min_count=min_count, into=into)), into)


def demo_codes_path(recode: bool = False, *, coder2: bool = False) -> Path:
    """Path of the demo corpus's hand-coded sample (MFC frames).

    Parameters
    ----------
    recode : bool, default False
        The same AI coder's re-coding of 100 of the sentences instead (an
        intra-coder check, not a second coder; ``data/README.md``).
    coder2 : bool, default False
        The second coding pass of all 300 sentences, made blind to the first
        (for :func:`framing.coder_agreement`; how it was made, and why it is
        not an independent human coder: ``data/README.md``).

    Returns
    -------
    pathlib.Path
        ``framing/_data/...`` in an installed wheel, ``data/...`` in a source
        checkout. How it was coded: ``data/README.md``.
    """
    if recode and coder2:
        raise ParameterError("pass recode=True or coder2=True, not both.")
    suffix = "_recode" if recode else "_coder2" if coder2 else ""
    return bundled_file(f"sco_qingdao_2025_frame_codes{suffix}.csv", what="the demo's coded sample")
