"""The run a notebook works on: :class:`Study`, made by :func:`start` from the parameters cell.

Every chapter's first code cell after ``parameters`` is one call to :func:`start`. The
:class:`Study` it returns carries the run: the corpus and its cleaning, the sentences, their
vectors, the fitted clusterer and its names, the pair of sides contrasted in detail, and where
figures go with their provenance (``study.save(fig, name)``). Nothing here is module state: two
studies in one process save to their own folders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing import figures
from framing._validate import check_column, check_groups
from framing.clean import CleaningResult, clean_corpus
from framing.compare import main_pair
from framing.corpus import corpus_hash, load_corpus, load_demo
from framing.embedding import Embedder, model_identity, resolve_model
from framing.errors import ParameterError
from framing.over_time import check_events, demo_events
from framing.plots import apply_style
from framing.sentences import fragment_report, split_sentences


@dataclass
class Study:
    """A run: the parameters, the documents, their sentences, vectors and clusters, and the figures folder.

    Made by :func:`start`. What is costly (vectors, the clusterer) is computed on first use and
    cached on disk, so each chapter of a report asks the study and none recomputes it.

    Parameters
    ----------
    documents : pandas.DataFrame
        From :func:`framing.load_corpus`, with each document's cleaning ``status``.
    sentences : pandas.DataFrame
        From :func:`framing.split_sentences` (the kept documents only).
    by : str
        The comparison column.
    sides : list of str
        The groups compared (all values of ``by`` unless the parameters chose some).
    model : str or None
        The embedding model parameter.
    k : int or None
        Number of clusters, or None to choose it by silhouette (the clusterer's ``k``).
    seed : int
        Random seed for every stochastic step (the clusterer's ``random_state``).
    cleaning : CleaningResult or None
        What :func:`framing.clean_corpus` removed and set aside (its settings in
        ``cleaning.settings``); None when the study runs with ``clean=False``.
    method : str
        Clustering method of :class:`framing.SentenceClusterer`.
    pair : list of str or None
        The two sides contrasted in detail (:func:`start` picks the two with most documents);
        None with a single side.
    notebook : str
        Name recorded with every figure in the manifest.
    out_dir : pathlib.Path
        Where :meth:`save` and :meth:`save_table` write.
    corpus_sha256 : str or None
        :func:`framing.corpus_hash` of the documents as loaded (before cleaning).
    model_identity : str or None
        The model's identity (:func:`framing.embedding.model_identity`).
    fragments : pandas.DataFrame or None
        The sentences set aside as fragments (teasers, headings) before :attr:`sentences`, per
        value of ``by`` and rule (:func:`framing.fragment_report`); recorded in the manifest.
    events : pandas.DataFrame or None
        Events (``date``, ``label``) drawn over time and tested around in chapter 8
        (:func:`framing.read_events`); None when the study has none.

    Attributes
    ----------
    analysed, embedder, vectors : pandas.DataFrame, Embedder, ndarray
        The kept documents, the model, the sentence vectors (embedded on first use).
    clusterer, labels, names : SentenceClusterer, ndarray, dict
        The fitted clusterer (stored on disk, see :attr:`clusterer`), each sentence's cluster and
        each cluster's name.
    provenance : framing.figures.Provenance
        What the manifest records with each figure.
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    by: str
    sides: list
    model: str | None
    k: int | None
    seed: int
    cleaning: CleaningResult | None = field(default=None, repr=False)
    method: str = "kmeans"
    pair: list | None = None
    notebook: str = "study"
    out_dir: Path = field(default_factory=lambda: scratch_dir())
    corpus_sha256: str | None = None
    model_identity: str | None = None
    fragments: pd.DataFrame | None = field(default=None, repr=False)
    events: pd.DataFrame | None = field(default=None, repr=False)
    _vectors: np.ndarray | None = field(default=None, init=False, repr=False)
    _embedder: Embedder | None = field(default=None, init=False, repr=False)
    _clusterer: object = field(default=None, init=False, repr=False)

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

    @property
    def clusterer(self):
        """The fitted :class:`~framing.SentenceClusterer` of the sentences, with ``k``, ``method`` and ``seed``.

        Fitted once per corpus, model, parameters and seed, and stored in ``clusters/`` of
        framing's cache folder (without pickle); every chapter, and every later run, reads the
        same fit. See :func:`framing._cluster_store.fitted_clusterer`.
        """
        if self._clusterer is None:
            from framing._cluster_store import fitted_clusterer
            from framing.cache import default_cache_dir

            self._clusterer = fitted_clusterer(
                self.vectors,
                self.sentences["text"].tolist(),
                model=self.model_identity,
                cache_dir=default_cache_dir() / "clusters",
                languages=self.sentences["language"].tolist()
                if "language" in self.sentences.columns
                else None,
                k=self.k,
                method=self.method,
                random_state=self.seed,
            )
        return self._clusterer

    @property
    def labels(self) -> np.ndarray:
        """Cluster of each sentence (``clusterer.labels_``), row-aligned with :attr:`sentences`."""
        return self.clusterer.labels_

    @property
    def names(self) -> dict:
        """Name of each cluster (``"0: terms, of, it"``), from the clusterer's summary."""
        summary = self.clusterer.summary_
        return dict(zip(summary["cluster"], summary["name"]))

    @property
    def provenance(self) -> figures.Provenance:
        """What the manifest records with each figure of this study."""
        return figures.Provenance(
            notebook=self.notebook,
            corpus_sha256=self.corpus_sha256,
            model=self.model_identity,
            seed=self.seed,
            cleaning=cleaning_record(self.cleaning, fragments=self.fragments),
        )

    def save(self, fig, name: str, *, formats=figures.FORMATS, close: bool = False) -> figures.ManifestEntry:
        """Save a figure to :attr:`out_dir` with this study's provenance (:func:`framing.figures.save_figure`).

        Parameters
        ----------
        fig : matplotlib.figure.Figure or matplotlib.axes.Axes
            The figure, or an Axes of it.
        name : str
            File name without suffix, e.g. ``"03_share_differences"``.
        formats : sequence of str
            Any of ``"png"``, ``"svg"``, ``"pdf"``.
        close : bool
            Close the figure after saving; False (the default) keeps it for the notebook to show.

        Returns
        -------
        framing.figures.ManifestEntry
            The manifest entry (it displays nothing as a cell's last value).
        """
        return figures.save_figure(
            fig, name, out_dir=self.out_dir, provenance=self.provenance, formats=formats, close=close
        )

    def save_table(self, table: pd.DataFrame, name: str) -> figures.ManifestEntry:
        """Save the table behind a figure under :attr:`out_dir` ``/tables`` (:func:`framing.figures.save_table`).

        Parameters
        ----------
        table : pandas.DataFrame
            Tidy numbers.
        name : str
            File name without suffix.

        Returns
        -------
        framing.figures.ManifestEntry
            The manifest entry.
        """
        return figures.save_table(table, name, out_dir=self.out_dir, provenance=self.provenance)


def start(
    notebook: str,
    *,
    data_path=None,
    columns=None,
    out_dir=None,
    by="side",
    sides=None,
    pair=None,
    model=None,
    k=None,
    method="kmeans",
    seed=0,
    about=None,
    not_about=None,
    clean=True,
    languages=None,
    events=None,
) -> Study:
    """Check a notebook's parameters, load, clean and split its corpus, and return the :class:`Study`.

    Parameters
    ----------
    notebook : str
        The notebook's name, recorded in the figures manifest.
    data_path : str or pathlib.Path, optional
        Corpus for :func:`framing.load_corpus`; ``None`` loads the demo corpus.
    columns : dict, optional
        Column mapping for :func:`framing.load_corpus`.
    out_dir : str or pathlib.Path, optional
        Figures folder. ``None`` (the notebooks' default) is :func:`scratch_dir`, so a notebook run by
        hand never overwrites the committed ``figures/``; ``make figures`` passes the real folder.
    by : str
        Comparison column of the sentences table.
    sides : list of str, optional
        Groups of ``by`` to compare; ``None`` means all.
    pair : list of str, optional
        The two sides contrasted in detail; ``None`` means the two with most documents.
    model : str, optional
        Embedding model (see :func:`framing.embedding.resolve_model`).
    k : int, optional
        Number of clusters; ``None`` chooses it by silhouette.
    method : str
        Clustering method of :class:`framing.SentenceClusterer`.
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
    languages : list of str, optional
        The study's languages, e.g. ``["en", "ur", "hi"]`` (``clean_corpus(languages=...)``): documents
        in them are kept and split, and their terms counted, each in its own language. None: the
        model's language only (English).
    events : str, pathlib.Path or pandas.DataFrame, optional
        Events table (``date``, ``label``) for the chapter over time: a CSV path
        (:func:`framing.read_events`) or a table. None: the demo's events when the corpus is the
        demo (``data_path`` None), else no events.

    Returns
    -------
    Study
        The run; its figures folder exists.
    """
    _check_type("notebook", notebook, str)
    _check_type("data_path", data_path, (str, Path), optional=True)
    _check_type("columns", columns, dict, optional=True)
    _check_type("out_dir", out_dir, (str, Path), optional=True)
    _check_type("by", by, str)
    _check_type("model", model, (str, Path), optional=True)
    _check_type("k", k, int, optional=True)
    _check_type("method", method, str)
    _check_type("seed", seed, int)
    if not isinstance(clean, bool):
        raise ParameterError(
            f"notebook parameter clean must be True or False; got {clean!r} ({type(clean).__name__})."
        )
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
    sides = _str_list("sides", sides)
    pair = _str_list("pair", pair)
    languages = _str_list("languages", languages)
    if pair is not None and len(pair) != 2:
        raise ParameterError(
            f"notebook parameter pair must name two sides, e.g. ['India', 'Pakistan']; got {pair!r}."
        )
    check_k(k, name="notebook parameter k")
    _check_type("events", events, (str, Path, pd.DataFrame), optional=True)
    # Read before the corpus is loaded and cleaned, so a bad events file fails in a second.
    events = check_events(events) if events is not None else (None if data_path else demo_events())

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
            **({"languages": list(languages)} if languages else {}),
        )
        documents = cleaning.documents
    sentences, fragments = _split(documents, by)
    chosen = check_groups(sentences[by], sides, column=by, min_groups=1)
    if sides:
        keep = documents[by].isin(chosen) if by in documents.columns else None
        if keep is not None:
            documents = documents[keep].reset_index(drop=True)
        sentences = sentences[sentences[by].isin(chosen)].reset_index(drop=True)
        fragments = fragments[fragments[by].isin(chosen)].reset_index(drop=True)
    if pair is not None:
        check_groups(sentences[by], pair, column=by, min_groups=2)
    elif len(chosen) >= 2:
        pair = main_pair(sentences, by=by, sides=chosen)
    apply_style()
    if out_dir is None:
        out_dir = scratch_dir()
        print(
            f"figures of this run are saved to {out_dir} (a scratch folder; `make figures` writes figures/)"
        )
    return Study(
        documents,
        sentences,
        by,
        chosen,
        model,
        k,
        seed,
        cleaning,
        method=method,
        notebook=notebook,
        out_dir=figures.make_folder(out_dir),
        corpus_sha256=corpus_hash(raw),
        model_identity=model_identity(resolve_model(model)),
        pair=pair,
        fragments=fragments,
        events=events,
    )


def _split(documents: pd.DataFrame, by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sentences with fragments dropped, and the fragment report by ``by``, from one split."""
    flagged = split_sentences(documents, fragments="flag")
    check_column(flagged, by, param="by")
    # The same rows split_sentences(fragments="drop") returns, without splitting twice.
    sentences = flagged[flagged["fragment"] == ""].drop(columns="fragment").reset_index(drop=True)
    return sentences, fragment_report(flagged, by=by)


def check_k(k, *, name: str = "k") -> None:
    """Refuse a number of clusters below 2 (the one check the notebooks and the CLI share).

    Parameters
    ----------
    k : int or None
        Number of clusters; None (choose by silhouette) passes.
    name : str
        How the message names the parameter (``"--k"`` on the command line).

    Returns
    -------
    None
    """
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 2):
        raise ParameterError(
            f"{name} must be a whole number >= 2 (or left out to choose by silhouette); got {k!r}."
        )


def cleaning_record(cleaning: CleaningResult | None, *, fragments: pd.DataFrame | None = None) -> dict:
    """What the figures manifest records about cleaning: its settings and counts.

    Parameters
    ----------
    cleaning : CleaningResult or None
        From :func:`framing.clean_corpus`; None means the corpus was not cleaned.
    fragments : pandas.DataFrame, optional
        :func:`framing.fragment_report` of the sentences split from the kept documents.

    Returns
    -------
    dict
        ``{"enabled": False}``, or the settings, the relevance threshold and how it was set,
        documents by status (and by status and side), removals by rule and by side, rule and
        position (``"side/rule": {position: spans}``, nonzero positions only); with ``fragments``,
        the sentences set aside as fragments per side and rule (``"fragments"``).
    """
    record = {"enabled": False} if cleaning is None else _cleaning_counts(cleaning)
    if fragments is not None:
        record["fragments"] = {
            str(row.iloc[0]): {
                k: (round(float(v), 6) if k == "share" else int(v)) for k, v in row.iloc[1:].items()
            }
            for _, row in fragments.iterrows()
        }
    return record


def _cleaning_counts(cleaning: CleaningResult) -> dict:
    """The settings and counts of a cleaning run (see :func:`cleaning_record`)."""
    status = cleaning.documents["status"].value_counts()
    positions = cleaning.by_position().set_index([cleaning.by, "rule"]).drop(columns="total")
    return {
        "enabled": True,
        "settings": cleaning.settings,
        "threshold": None if cleaning.threshold is None else round(float(cleaning.threshold), 6),
        "threshold_method": cleaning.threshold_method,
        "documents_by_status": {str(k): int(v) for k, v in sorted(status.items())},
        "documents_by_side_and_status": {
            f"{row[cleaning.by]}/{row['status']}": int(row["documents"])
            for _, row in cleaning.status.iterrows()
        },
        "removed_by_rule": {
            str(r.rule): {
                "documents": int(r.documents),
                "spans": int(r.spans),
                "characters": int(r.characters),
            }
            for r in cleaning.by_rule().itertuples()
        },
        "removed_by_position": {
            f"{side}/{rule}": {str(k): int(v) for k, v in row.items() if v}
            for (side, rule), row in positions.iterrows()
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


def _str_list(name, value):
    if isinstance(value, str):
        value = [value]
    _check_type(name, value, (list, tuple), optional=True)
    for item in value or []:
        _check_type(name, item, str, what="a list of str")
    return None if value is None else list(value)


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
