"""The set-up every notebook shares: check parameters, load and split the corpus, configure figures.

A notebook's first code cell after ``parameters`` is one call to :func:`start`,
so the notebooks hold the story and this module holds what repeats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing import figures
from framing._validate import check_column, check_groups
from framing.clean import CleaningResult, clean_corpus
from framing.corpus import load_corpus, load_demo
from framing.embedding import Embedder, model_identity, resolve_model
from framing.errors import ParameterError
from framing.plots import apply_style
from framing.sentences import split_sentences


@dataclass
class Study:
    """What a notebook works on: the parameters, the documents and their sentences.

    Attributes
    ----------
    documents, sentences : pandas.DataFrame
        From :func:`framing.load_corpus` and :func:`framing.split_sentences`.
    by : str
        The comparison column.
    sides : list of str
        The groups compared (all values of ``by`` unless the parameters chose some).
    model : str or None
        The embedding model parameter.
    k : int or None
        Number of clusters, or None to choose by silhouette.
    seed : int
        Random seed for every stochastic step.
    cleaning : CleaningResult or None
        What :func:`framing.clean_corpus` removed and set aside (its settings in
        ``cleaning.settings``); None when the study runs with ``clean=False``. ``documents``
        holds every document with its ``status``; ``sentences`` come from the kept ones only.
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    by: str
    sides: list
    model: str | None
    k: int | None
    seed: int
    cleaning: CleaningResult | None = field(default=None, repr=False)
    _vectors: np.ndarray | None = field(default=None, repr=False)
    _embedder: Embedder | None = field(default=None, repr=False)

    @property
    def analysed(self) -> pd.DataFrame:
        """The documents whose sentences are analysed: those cleaning kept (all of them without cleaning)."""
        if "status" not in self.documents.columns:
            return self.documents
        return self.documents[self.documents["status"] == "kept"].reset_index(drop=True)

    @property
    def embedder(self) -> Embedder:
        """The :class:`~framing.Embedder` for this study's model (created on first use)."""
        if self._embedder is None:
            self._embedder = Embedder(model=self.model)
        return self._embedder

    @property
    def vectors(self) -> np.ndarray:
        """Sentence vectors, row-aligned with :attr:`sentences` (embedded on first use, then cached)."""
        if self._vectors is None:
            self._vectors = self.embedder.encode(self.sentences["text"].tolist())
        return self._vectors


def start(
    notebook: str,
    *,
    data_path=None,
    columns=None,
    out_dir=None,
    by="side",
    sides=None,
    model=None,
    k=None,
    seed=0,
    about=None,
    not_about=None,
    clean=True,
) -> Study:
    """Check a notebook's parameters, load its corpus and configure figure saving.

    Parameters
    ----------
    notebook : str
        The notebook's name, recorded in the figures manifest.
    data_path : path, optional
        Corpus for :func:`framing.load_corpus`; ``None`` loads the demo corpus.
    columns : dict, optional
        Column mapping for :func:`framing.load_corpus`.
    out_dir : path, optional
        Figures folder. ``None`` (the notebooks' default) is :func:`scratch_dir`, so a notebook run by
        hand never overwrites the committed ``figures/``; ``make figures`` passes the real folder.
    by : str
        Comparison column of the sentences table.
    sides : list of str, optional
        Groups of ``by`` to compare; ``None`` means all.
    model : str, optional
        Embedding model (see :func:`framing.embedding.resolve_model`).
    k : int, optional
        Number of clusters.
    seed : int
        Random seed.
    about : str or list of str, optional
        What the corpus is about, for :func:`framing.clean_corpus` to set off-topic documents
        aside; None sets nothing aside for relevance.
    not_about : str or list of str, optional
        Near subjects to set aside as well (``clean_corpus(not_about=...)``); needs ``about``.
    clean : bool
        Clean the corpus (boilerplate, near-duplicates, language, relevance) before splitting it
        into sentences; the settings and counts go into the figures manifest.

    Returns
    -------
    Study
    """
    _check_type("notebook", notebook, str)
    _check_type("data_path", data_path, (str, Path), optional=True)
    _check_type("columns", columns, dict, optional=True)
    _check_type("out_dir", out_dir, (str, Path), optional=True)
    _check_type("by", by, str)
    _check_type("model", model, (str, Path), optional=True)
    _check_type("k", k, int, optional=True)
    _check_type("seed", seed, int)
    if not isinstance(clean, bool):
        raise ParameterError(f"notebook parameter clean must be True or False; got {clean!r} ({type(clean).__name__}).")
    if isinstance(about, str):
        about = [about] if about.strip() else None
    _check_type("about", about, (list, tuple), optional=True)
    for text in about or []:
        _check_type("about", text, str, what="a str or a list of str")
    if isinstance(not_about, str):
        not_about = [not_about] if not_about.strip() else None
    _check_type("not_about", not_about, (list, tuple), optional=True)
    for text in not_about or []:
        _check_type("not_about", text, str, what="a str or a list of str")
    if isinstance(sides, str):
        sides = [sides]
    _check_type("sides", sides, (list, tuple), optional=True)
    for side in sides or []:
        _check_type("sides", side, str, what="a list of str")
    if k is not None and k < 2:
        raise ParameterError(f"parameter k must be at least 2 (or None to choose it); got {k}.")

    documents = load_corpus(data_path, **(columns or {})) if data_path else load_demo()
    raw = documents
    cleaning = None
    if clean:
        # A sentence-level axis (voice) is not a documents column: copies are then grouped within sides.
        group = by if by in documents.columns else ("side" if "side" in documents.columns else "doc_id")
        cleaning = clean_corpus(
            documents,
            by=group,
            about=list(about) if about else None,
            not_about=list(not_about) if not_about else None,
            model=model,
        )
        documents = cleaning.documents
    sentences = split_sentences(documents)
    check_column(sentences, by, param="by")
    chosen = check_groups(sentences[by], sides, column=by, min_groups=1)
    if sides:
        keep = documents[by].isin(chosen) if by in documents.columns else None
        if keep is not None:
            documents = documents[keep].reset_index(drop=True)
        sentences = sentences[sentences[by].isin(chosen)].reset_index(drop=True)
    apply_style()
    identity = model_identity(resolve_model(model))
    if out_dir is None:
        out_dir = scratch_dir()
        print(f"figures of this run are saved to {out_dir} (a scratch folder; `make figures` writes figures/)")
    figures.configure(
        out_dir, notebook=notebook, corpus=raw, model=identity, seed=seed, cleaning=cleaning_record(cleaning)
    )
    return Study(documents, sentences, by, chosen, model, k, seed, cleaning)


def cleaning_record(cleaning: CleaningResult | None) -> dict:
    """What the figures manifest records about cleaning: its settings and counts.

    Parameters
    ----------
    cleaning : CleaningResult or None
        From :func:`framing.clean_corpus`; None means the corpus was not cleaned.

    Returns
    -------
    dict
        ``{"enabled": False}``, or the settings, the relevance threshold and how it was set,
        documents by status (and by status and side), and removals by rule.
    """
    if cleaning is None:
        return {"enabled": False}
    status = cleaning.documents["status"].value_counts()
    return {
        "enabled": True,
        "settings": cleaning.settings,
        "threshold": None if cleaning.threshold is None else round(float(cleaning.threshold), 6),
        "threshold_method": cleaning.threshold_method,
        "documents_by_status": {str(k): int(v) for k, v in sorted(status.items())},
        "documents_by_side_and_status": {
            f"{row[cleaning.by]}/{row['status']}": int(row["documents"]) for _, row in cleaning.status.iterrows()
        },
        "removed_by_rule": {
            str(r.rule): {"documents": int(r.documents), "spans": int(r.spans), "characters": int(r.characters)}
            for r in cleaning.by_rule().itertuples()
        },
        "near_duplicate_pairs": len(cleaning.duplicates),
    }


def scratch_dir() -> Path:
    """Return where a notebook run by hand saves its figures: ``figures`` in framing's cache folder.

    Returns
    -------
    pathlib.Path
        ``$FRAMING_CACHE_DIR/figures``, or ``figures`` in the user cache directory (platformdirs).
    """
    from framing.cache import default_cache_dir

    return default_cache_dir() / "figures"


def _check_type(name, value, types, optional=False, what=None):
    if value is None and optional:
        return
    # bool is an int in Python, but seed=True is a mistake worth catching.
    if isinstance(value, bool) or not isinstance(value, types):
        expected = what or " or ".join(t.__name__ for t in (types if isinstance(types, tuple) else (types,)))
        raise ParameterError(
            f"notebook parameter {name} must be {expected}{' or None' if optional else ''}; "
            f"got {value!r} ({type(value).__name__})."
        )
