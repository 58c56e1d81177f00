"""``explore.html``: one offline, self-contained explorer of a study's sentences, words, themes and claims.

:func:`explorer_payload` turns the tidy tables a study writes (sentences with
their cluster and map position, distinctive terms, clusters, shares, matched
claims, omissions, voice and frame shares) into one JSON-ready dict;
:func:`write_explorer` writes it, with plotly.js and the explorer's own script
inlined, into a single HTML file that opens from disk with no server and no
network request. :func:`explore_figures` does both from a figures folder.

Corpus text is untrusted: it travels as JSON inside ``<script
type="application/json">`` (every ``<`` escaped) and the page writes it with
``textContent`` only, never as HTML. The output is byte-stable: no random ids,
no timestamps, map sampling seeded.
"""

from __future__ import annotations

import json
import math
import re
from html import escape as html_escape
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from framing._core.io import atomic_write
from framing._core.renamed import renamed_parameters
from framing._core.validation import check_random_state
from framing.analysis.compare import WEEKDAYS, distinctive_terms, main_pair
from framing.errors import CorpusError, ParameterError

#: File name of the explorer inside a figures folder.
EXPLORER_NAME = "explore.html"
#: The sentence-level table chapter 02 writes for the explorer (``tables/02_sentences.csv``).
SENTENCES_TABLE = "02_sentences"
_ASSETS = Path(__file__).resolve().parents[1] / "templates" / "explore"
#: The partial plotly.js the page inlines (core, bar, scattergl: the traces explore.js draws), built by
#: tools/plotly_bundle: a third of the full plotly.js, so a 50k-sentence page parses in time.
PLOTLY_BUNDLE = _ASSETS / "plotly-explore.min.js"
_SENTENCE_COLUMNS = (
    "row",
    "doc_id",
    "sent_idx",
    "source",
    "date",
    "title",
    "url",
    "text",
    "cluster",
    "x",
    "y",
)


def sentence_table(sentences: pd.DataFrame, labels, xy, *, by: str = "side") -> pd.DataFrame:
    """The sentence-level table behind the explorer: one row per sentence, its cluster and map position.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The study's sentences (``doc_id``, ``sent_idx``, ``text``, ``by``, ``source``, ``date``,
        ``title``; ``url`` when the corpus has it).
    labels : array-like of int, shape (n_sentences,)
        Cluster of each sentence (``SentenceClusterer.labels_``).
    xy : array-like of float, shape (n_sentences, 2)
        Map position of each sentence (:func:`framing.project`).
    by : str, default "side"
        The comparison column, kept beside ``side``.

    Returns
    -------
    pandas.DataFrame
        ``row`` (the sentence's position, which the claims and omissions tables cite), ``doc_id``,
        ``sent_idx``, ``by``, ``source``, ``date``, ``title``, ``url``, ``text``, ``cluster``, ``x``, ``y``.

    References
    ----------
    Torgerson, W. S. (1952). Multidimensional scaling: I. Theory and method. Psychometrika 17, 401-419.
    """
    xy = np.asarray(xy, dtype=float)
    labels = np.asarray(labels)
    if len(labels) != len(sentences) or xy.shape != (len(sentences), 2):
        raise ParameterError(
            f"labels ({len(labels)}) and xy ({xy.shape}) must have one entry per sentence "
            f"({len(sentences)} rows, xy of shape (n, 2)); pass clusterer.labels_ and framing.project(...)."
        )
    if by not in sentences.columns:
        raise CorpusError(f"the sentences have no column {by!r}; pass by= one of {list(sentences.columns)}.")
    table = pd.DataFrame({"row": np.arange(len(sentences))})
    if by not in _SENTENCE_COLUMNS:
        table[by] = sentences[by].to_numpy()
    for col in _SENTENCE_COLUMNS[1:-3]:
        table[col] = sentences[col].to_numpy() if col in sentences.columns else ""
    table["date"] = pd.to_datetime(table["date"], errors="coerce").dt.strftime("%Y-%m-%d").fillna("")
    return table.assign(cluster=labels, x=xy[:, 0], y=xy[:, 1])


def _codes(values: pd.Series) -> tuple[list[str], list[int]]:
    """Categories (sorted) and each value's code: repeated strings travel once."""
    cat = pd.Categorical(values.fillna("").astype(str))
    return [str(c) for c in cat.categories], [int(c) for c in cat.codes]


def _rounded(values, digits: int) -> list:
    return [None if not math.isfinite(v) else round(float(v), digits) for v in np.asarray(values, float)]


def _sentences_block(table: pd.DataFrame, by: str) -> dict:
    sides, side_codes = _codes(table[by])
    sources, source_codes = _codes(table["source"])
    docs = table.drop_duplicates("doc_id")[["doc_id", "title", "url"]].fillna("").astype(str)
    doc_index = {d: i for i, d in enumerate(docs["doc_id"])}
    return {
        "sides": sides,
        "sources": sources,
        "docs": {c: docs[c].tolist() for c in ("doc_id", "title", "url")},
        "side": side_codes,
        "source": source_codes,
        "doc": [doc_index[d] for d in table["doc_id"].astype(str)],
        "sent_idx": [int(v) for v in table["sent_idx"]],
        "date": table["date"].fillna("").astype(str).tolist(),
        "cluster": [int(v) for v in table["cluster"]],
        "text": table["text"].fillna("").astype(str).tolist(),
    }


def _map_block(table: pd.DataFrame, max_points: int, random_state) -> dict:
    """Map positions; beyond ``max_points`` a seeded sample (the lists keep every sentence)."""
    rows = np.arange(len(table))
    if len(rows) > max_points:
        rng = np.random.default_rng(check_random_state(random_state))
        rows = np.sort(rng.choice(rows, size=max_points, replace=False))
    return {
        "rows": rows.tolist(),
        "x": _rounded(table["x"].to_numpy()[rows], 4),
        "y": _rounded(table["y"].to_numpy()[rows], 4),
        "sampled": bool(len(rows) < len(table)),
        "gl": bool(len(rows) > 3000),
    }


def _records(table: pd.DataFrame | None, columns: dict) -> list[dict]:
    """Rows of ``table`` as dicts of the wanted columns (name -> digits for floats, None for as is)."""
    if table is None or len(table) == 0:
        return []
    present = [c for c in columns if c in table.columns]
    out = {}
    for col in present:
        digits = columns[col]
        values = table[col]
        if digits is not None:
            out[col] = _rounded(values, digits)
        elif pd.api.types.is_integer_dtype(values):
            out[col] = [int(v) for v in values]
        else:
            out[col] = ["" if pd.isna(v) else str(v) for v in values]
    return [dict(zip(present, vals)) for vals in zip(*(out[c] for c in present))]


def _row_positions(values, position: dict, *, table: str, column: str) -> list[int]:
    missing = sorted({int(v) for v in values if int(v) not in position})
    if missing:
        raise CorpusError(
            f"{table}.{column} cites sentence rows {missing[:5]} that the sentences table lacks; rebuild both "
            "tables from the same study (framing figures writes them together)."
        )
    return [position[int(v)] for v in values]


def _term_block(table: pd.DataFrame, terms: pd.DataFrame | None, by: str, pair: list[str]) -> dict:
    if terms is None:
        # Every term of the pair (the notebook keeps only |z| >= 1.96 in its table): the same call as chapter 03.
        terms = distinctive_terms(table, by=by, sides=pair)
    overall = terms[terms["cluster"].isna()] if "cluster" in terms.columns else terms
    overall = overall[(overall["side_a"] == pair[0]) & (overall["side_b"] == pair[1])]
    overall = overall.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
    cols = {"term": None, "count_a": None, "count_b": None, "docs_a": None, "docs_b": None}
    cols.update({"freq_a": 3, "freq_b": 3, "z": 3})
    return {
        "rows": _records(overall, cols),
        # The page finds a word in a sentence as scikit-learn's CountVectorizer does (see explore.js).
        "stop_words": sorted(ENGLISH_STOP_WORDS | WEEKDAYS),
    }


@renamed_parameters(pair="sides")
def explorer_payload(
    sentences: pd.DataFrame,
    *,
    by: str = "side",
    sides=None,
    terms: pd.DataFrame | None = None,
    clusters: pd.DataFrame | None = None,
    exemplars: pd.DataFrame | None = None,
    shares: pd.DataFrame | None = None,
    claims: pd.DataFrame | None = None,
    omissions: pd.DataFrame | None = None,
    voices: pd.DataFrame | None = None,
    frames: pd.DataFrame | None = None,
    max_points: int = 50_000,
    random_state: int | None = 0,
) -> dict:
    """Turn a study's tidy tables into the explorer's data: one JSON-ready dict.

    Parameters
    ----------
    sentences : pandas.DataFrame
        :func:`sentence_table` (``tables/02_sentences.csv``): ``row``, ``doc_id``, ``sent_idx``, ``by``,
        ``source``, ``date``, ``title``, ``url``, ``text``, ``cluster``, ``x``, ``y``.
    by : str, default "side"
        The comparison column.
    sides : sequence of two str, optional
        The two sides of the word view; None = the two with most documents (:func:`framing.analysis.compare.main_pair`).
        (``pair=`` is its old name: it still works, with a :class:`~framing.errors.RenamedWarning`.)
    terms : pandas.DataFrame, optional
        :func:`framing.analysis.compare.distinctive_terms` of the pair, every term; None computes it from ``sentences``.
    clusters, exemplars : pandas.DataFrame, optional
        ``SentenceClusterer.summary_`` (``02_clusters``) and ``exemplars_`` (``02_exemplars``, whose ``index``
        is a sentence row).
    shares : pandas.DataFrame, optional
        :func:`framing.analysis.compare.compare_shares` (``03_cluster_shares``): the pair's rows are kept.
    claims, omissions : pandas.DataFrame, optional
        ``04_matched_claims`` (``row_a``, ``row_b``, ``similarity``) and ``04_omissions`` (``row``,
        ``match_row``, ``similarity``, ``support``).
    voices, frames : pandas.DataFrame, optional
        ``07_voice_shares`` and ``05_frame_shares`` (``side``, ``voice`` or ``frame``, ``share``, ``ci_low``,
        ``ci_high``).
    max_points : int, default 50_000
        Points drawn on the map; beyond it a seeded sample (the word and claim lists keep every sentence).
    random_state : int or None, default 0
        Seed of that sample.

    Returns
    -------
    dict
        ``sentences`` (column-wise, strings coded), ``map``, ``terms``, ``clusters``, ``shares``,
        ``claims``, ``omissions``, ``voices``, ``frames``, ``by``, ``pair``.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature selection and
    evaluation for identifying the content of political conflict. Political Analysis 16(4), 372-403.
    Kessler, J. S. (2017). Scattertext: a browser-based tool for visualizing how corpora differ. ACL demos.
    """
    missing = [c for c in ("row", "doc_id", "text", by, "cluster", "x", "y") if c not in sentences.columns]
    if missing:
        raise CorpusError(
            f"the sentences table lacks {missing}; build it with framing.study.explore.sentence_table."
        )
    if int(max_points) < 1:
        raise ParameterError(f"max_points={max_points} must be a positive number of map points.")
    table = sentences.reset_index(drop=True)
    for col in ("source", "date", "title", "url", "sent_idx"):
        if col not in table.columns:
            table[col] = 0 if col == "sent_idx" else ""
    pair = list(sides) if sides is not None else main_pair(table, by=by)
    position = {int(r): i for i, r in enumerate(table["row"])}
    return {
        "by": by,
        "pair": [str(p) for p in pair],
        "sentences": _sentences_block(table, by),
        "map": _map_block(table, int(max_points), random_state),
        "terms": _term_block(table, terms, by, pair),
        "clusters": _cluster_block(table, clusters, exemplars, position),
        "shares": _records(_pair_rows(shares, pair), _SHARE_COLUMNS),
        "claims": _claims_block(claims, position),
        "omissions": _omissions_block(omissions, position),
        "voices": _records(voices, {"side": None, "voice": None, "share": 4, "ci_low": 4, "ci_high": 4}),
        "frames": _records(frames, {"side": None, "frame": None, "share": 4, "ci_low": 4, "ci_high": 4}),
    }


_SHARE_COLUMNS = {"side_a": None, "side_b": None, "cluster": None, "share_a": 4, "share_b": 4}
_SHARE_COLUMNS.update(
    {"diff": 4, "ci_low": 4, "ci_high": 4, "q_value": 4, "n_docs_a": None, "n_docs_b": None}
)


def _pair_rows(shares: pd.DataFrame | None, pair: list[str]) -> pd.DataFrame | None:
    if shares is None:
        return None
    rows = shares[(shares["side_a"] == pair[0]) & (shares["side_b"] == pair[1])]
    if len(rows):
        return rows
    # The table compared the pair the other way round: the same numbers seen from the first side.
    rows = shares[(shares["side_a"] == pair[1]) & (shares["side_b"] == pair[0])]
    swap = {"side_a": "side_b", "side_b": "side_a", "share_a": "share_b", "share_b": "share_a"}
    swap.update({"n_docs_a": "n_docs_b", "n_docs_b": "n_docs_a", "ci_low": "ci_high", "ci_high": "ci_low"})
    flipped = rows.rename(columns=swap)
    return flipped.assign(**{c: -flipped[c] for c in ("diff", "ci_low", "ci_high") if c in flipped.columns})


def _cluster_block(table, clusters, exemplars, position: dict) -> list[dict]:
    found = sorted(int(c) for c in table["cluster"].unique())
    summary = clusters.set_index("cluster") if clusters is not None else pd.DataFrame()
    out = []
    for c in found:
        row = summary.loc[c] if c in summary.index else {}
        if exemplars is not None and "index" in exemplars.columns:
            ex = exemplars[exemplars["cluster"] == c].sort_values("rank")["index"]
            ex_rows = _row_positions(ex, position, table="exemplars", column="index")
        else:
            text = row.get("exemplar", None) if len(row) else None
            ex_rows = [int(i) for i in np.flatnonzero(table["text"].to_numpy() == text)[:1]]
        out.append(
            {
                "cluster": c,
                "name": str(row.get("name", f"{c}")) if len(row) else str(c),
                "terms": str(row.get("terms", "")) if len(row) else "",
                "size": int((table["cluster"] == c).sum()),
                "exemplars": ex_rows,
            }
        )
    return out


def _claims_block(claims: pd.DataFrame | None, position: dict) -> dict:
    if claims is None or len(claims) == 0:
        return {"a": [], "b": [], "similarity": []}
    return {
        "a": _row_positions(claims["row_a"], position, table="matched_claims", column="row_a"),
        "b": _row_positions(claims["row_b"], position, table="matched_claims", column="row_b"),
        "similarity": _rounded(claims["similarity"], 3),
    }


def _omissions_block(omissions: pd.DataFrame | None, position: dict) -> dict:
    if omissions is None or len(omissions) == 0:
        return {"row": [], "match": [], "similarity": [], "support": [], "other": []}
    match = (
        omissions["match_row"] if "match_row" in omissions.columns else pd.Series(-1, index=omissions.index)
    )
    has_match = match.notna() & (match >= 0)
    rows = _row_positions(match[has_match], position, table="omissions", column="match_row")
    matched = iter(rows)
    support = omissions["support"] if "support" in omissions.columns else pd.Series(0, index=omissions.index)
    return {
        "row": _row_positions(omissions["row"], position, table="omissions", column="row"),
        "match": [next(matched) if ok else -1 for ok in has_match],
        "similarity": _rounded(omissions["similarity"], 3),
        "support": [int(v) for v in support.fillna(0)],
        "other": omissions["other"].astype(str).tolist() if "other" in omissions.columns else [],
    }


def _json_script(payload: dict) -> str:
    """JSON for a ``<script type="application/json">`` block: no ``<`` at all, so no ``</script>`` or ``<!--``."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _inline_script(js: str) -> str:
    # A script's text ends at the first "</script": break it where a library's strings hold one.
    return js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT").replace("<!--", "<\\!--")


def write_explorer(payload: dict, *, out, title: str = "framing explorer"):
    """Write the explorer's single offline HTML file.

    Parameters
    ----------
    payload : dict
        :func:`explorer_payload`.
    out : path
        The HTML file to write (replaced atomically).
    title : str, default "framing explorer"
        The page's title (escaped).

    Returns
    -------
    pathlib.Path
        The file.

    References
    ----------
    Plotly Technologies (2015-). plotly.js, https://plotly.com/javascript/ (a partial bundle of v4.1.1,
    core + bar + scattergl, built by tools/plotly_bundle).
    """
    template = (_ASSETS / "explore.html").read_text(encoding="utf-8")
    parts = {
        "{{TITLE}}": html_escape(title),
        "{{CSS}}": (_ASSETS / "explore.css").read_text(encoding="utf-8"),
        "{{DATA}}": _json_script(payload),
        "{{PLOTLY}}": _inline_script(PLOTLY_BUNDLE.read_text(encoding="utf-8")),
        "{{APP}}": _inline_script((_ASSETS / "explore.js").read_text(encoding="utf-8")),
    }
    # One pass over the template: a placeholder inside the corpus text or a library is never substituted.
    pieces = re.split(r"(\{\{[A-Z]+\}\})", template)
    html = "".join(parts.get(piece, piece) for piece in pieces)
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, html)
    return target


def _read(folder: Path, name: str) -> pd.DataFrame | None:
    path = folder / "tables" / f"{name}.csv"
    return pd.read_csv(path, keep_default_na=False, na_values=[""]) if path.exists() else None


@renamed_parameters(pair="sides")
def explore_figures(figures_dir="figures", *, out=None, sides=None, max_points: int = 50_000):
    """Write ``explore.html`` from the tables of a figures folder (no embedding, no clustering redone).

    Parameters
    ----------
    figures_dir : path, default "figures"
        A folder written by ``framing figures``; it needs ``tables/02_sentences.csv`` (chapter 02) and
        uses the 02-07 tables found beside it.
    out : path, optional
        The HTML file; defaults to ``figures_dir/explore.html``.
    sides : sequence of two str, optional
        The word view's two sides; None = those of ``03_distinctive_terms``, else the two with most documents.
        (``pair=`` is its old name: it still works, with a :class:`~framing.errors.RenamedWarning`.)
    max_points : int, default 50_000
        Points drawn on the map; beyond it a sample with seed 0, so the file is byte-stable.

    Returns
    -------
    pathlib.Path
        The explorer.

    References
    ----------
    Kessler, J. S. (2017). Scattertext: a browser-based tool for visualizing how corpora differ. ACL demos.
    """
    folder = Path(figures_dir)
    sentences = _read(folder, SENTENCES_TABLE)
    if sentences is None:
        raise CorpusError(
            f"{folder / 'tables' / (SENTENCES_TABLE + '.csv')} is missing: run chapter 02 "
            f"(`framing figures --out {folder}`, or --only 02) to write the sentence table first."
        )
    # The comparison column is the one column sentence_table adds to its fixed ones (none: by="source").
    by = next((c for c in sentences.columns if c not in _SENTENCE_COLUMNS), "source")
    known = _read(folder, "03_distinctive_terms")
    if sides is None and known is not None and len(known):
        sides = [str(known["side_a"].iloc[0]), str(known["side_b"].iloc[0])]
    payload = explorer_payload(
        sentences,
        by=by,
        sides=sides,
        clusters=_read(folder, "02_clusters"),
        exemplars=_read(folder, "02_exemplars"),
        shares=_read(folder, "03_cluster_shares"),
        claims=_read(folder, "04_matched_claims"),
        omissions=_read(folder, "04_omissions"),
        voices=_read(folder, "07_voice_shares"),
        frames=_read(folder, "05_frame_shares"),
        max_points=max_points,
        random_state=0,
    )
    return write_explorer(payload, out=Path(out) if out else folder / EXPLORER_NAME)
