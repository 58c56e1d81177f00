"""The run a notebook works on: :class:`Study`, made by :func:`start` from the parameters cell.

Every chapter's first code cell after ``parameters`` is one line,
``study = framing.study.notebook.start("03_emphasis", globals())``: the parameters cell's values (and
those papermill injected after it) become a :class:`Study`. The study carries the run: the corpus
and its cleaning, the sentences, their vectors, the fitted clusterer and its names, the sides and
the pair contrasted in detail, the run's defaults (``random_state``, ``n_boot``, ``palette``), one
alignment for every chapter, the figures' look (``with study.style():``) and where figures go with
their provenance (``study.save(fig, name)``). A study is frozen: what it caches always matches
what it holds. Nothing here is module state, and nothing changes matplotlib's global settings.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing._core.renamed import keyword_only_options, renamed_parameters
from framing._core.validation import check_column, check_groups, check_k, check_random_state
from framing.analysis.align import AlignmentResult, align
from framing.analysis.cluster_store import fitted_clusterer
from framing.analysis.compare import main_pair
from framing.analysis.over_time import check_events, demo_events
from framing.corpus.clean import CleaningResult, clean_corpus
from framing.corpus.load import corpus_hash, load_corpus, load_demo
from framing.corpus.sentences import fragment_report, split_sentences
from framing.embedding.cache.store import default_cache_dir
from framing.embedding.embedder import Embedder, model_identity, resolve_model
from framing.errors import ParameterError, RenamedWarning
from framing.plots import palette as side_palette
from framing.plots import style as framing_style
from framing.plots.fonts import script_font_rc
from framing.study import figures

#: The notebook parameters :func:`start` takes, with their defaults (the shared parameters cell's values).
PARAMETERS = {
    "data_path": None,
    "columns": None,
    "out_dir": None,
    "by": "side",
    "sides": None,
    "contrast": None,
    "model": None,
    "languages": None,
    "k": None,
    "method": "kmeans",
    "random_state": 0,
    "about": None,
    "not_about": None,
    "clean": True,
    "n_boot": 2000,
    "threshold": None,
    "events": None,
}
#: Parameters of the last release under their old names (one more release, with a RenamedWarning).
RENAMED = {"seed": "random_state", "pair": "contrast"}
# What each cache depends on: replace() keeps a cache when none of these change.
_VECTORS_DEPEND_ON = ("sentences", "model")
_CLUSTERS_DEPEND_ON = (*_VECTORS_DEPEND_ON, "k", "method", "random_state", "model_identity")
_ALIGNMENT_DEPENDS_ON = (*_CLUSTERS_DEPEND_ON, "by", "sides", "threshold", "languages")


@dataclass(eq=False)
class Study:
    """A run: the parameters, the documents, their sentences, vectors and clusters, and the figures folder.

    Made by :func:`start`. What is costly (vectors, the clusterer, the alignment) is computed on first
    use and cached, so each chapter of a report asks the study and none recomputes it. A study is
    frozen: ``study.sentences = other`` raises, since the cached vectors would no longer match; write
    ``study = study.replace(sentences=other)`` (or ``study.with_sentences(other)``) for a new study.

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
    random_state : int
        Seed of every stochastic step of the run (:func:`start` turns None into a fresh seed).
    cleaning : CleaningResult or None
        What :func:`framing.clean_corpus` removed and set aside (its settings in
        ``cleaning.settings``); None when the study runs with ``clean=False``.
    method : str
        Clustering method of :class:`framing.SentenceClusterer`.
    contrast : list of str or None
        The two sides contrasted in detail (:func:`start` picks the two with most documents);
        None with a single side.
    notebook : str
        Name recorded with every figure in the manifest.
    out_dir : pathlib.Path
        Where :meth:`save` and :meth:`save_table` write.
    corpus_sha256 : str or None
        :func:`framing.corpus_hash` of the documents as loaded (before cleaning).
    model_identity : str or None
        The model's identity (:func:`framing.embedding.embedder.model_identity`).
    fragments : pandas.DataFrame or None
        The sentences set aside as fragments (teasers, headings) before :attr:`sentences`, per
        value of ``by`` and rule (:func:`framing.fragment_report`); recorded in the manifest.
    events : pandas.DataFrame or None
        Events (``date``, ``label``) drawn over time and tested around in chapter 8
        (:func:`framing.read_events`); None when the study has none.
    n_boot : int
        Bootstrap resamples and permutations of the run's tests.
    threshold : float or None
        Similarity for "the same claim" in :meth:`alignment`; None calibrates it from the corpus.
    languages : list of str or None
        The study's languages (``clean_corpus(languages=...)``); with them :meth:`alignment` sets a
        threshold per pair of languages.

    Attributes
    ----------
    analysed, embedder, vectors : pandas.DataFrame, Embedder, ndarray
        The kept documents, the model, the sentence vectors (embedded on first use).
    clusterer, labels, names : SentenceClusterer, ndarray, dict
        The fitted clusterer (stored on disk, see :attr:`clusterer`), each sentence's cluster and
        each cluster's name.
    palette : dict
        Each side's colour, the same in every figure (:func:`framing.plots.palette`).
    provenance : framing.study.figures.Provenance
        What the manifest records with each figure.
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    _: KW_ONLY
    # The order of the first six is the last release's positional order (keyword_only_options maps it).
    by: str = "side"
    sides: list = field(default_factory=list)
    model: str | None = None
    k: int | None = None
    random_state: int = 0
    cleaning: CleaningResult | None = field(default=None, repr=False)
    method: str = "kmeans"
    contrast: list | None = None
    notebook: str = "study"
    out_dir: Path = field(default_factory=lambda: scratch_dir())
    corpus_sha256: str | None = None
    model_identity: str | None = None
    fragments: pd.DataFrame | None = field(default=None, repr=False)
    events: pd.DataFrame | None = field(default=None, repr=False)
    n_boot: int = 2000
    threshold: float | None = None
    languages: list | None = None
    _vectors: np.ndarray | None = field(default=None, init=False, repr=False)
    _embedder: Embedder | None = field(default=None, init=False, repr=False)
    _clusterer: object = field(default=None, init=False, repr=False)
    _alignment: AlignmentResult | None = field(default=None, init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "_frozen", True)

    def __setattr__(self, name, value):
        # The caches (private) fill in on first use; what they are computed from never changes.
        if name.startswith("_") or not self.__dict__.get("_frozen", False):
            object.__setattr__(self, name, value)
            return
        also = " (or study = study.with_sentences(...))" if name == "sentences" else ""
        raise dataclasses.FrozenInstanceError(
            f"a Study is frozen: study.{name} cannot be reassigned, because the vectors, clusters and "
            f"alignment it caches were computed from it. Make a new study instead: "
            f"study = study.replace({name}=...){also}."
        )

    def __delattr__(self, name):
        raise dataclasses.FrozenInstanceError(f"a Study is frozen: study.{name} cannot be deleted.")

    def replace(self, **changes) -> Study:
        """Return a new study with some fields changed, keeping the caches that do not depend on them.

        Parameters
        ----------
        **changes
            New values of fields, e.g. ``sentences=``, ``k=``, ``out_dir=``.

        Returns
        -------
        Study
            A new study; this one is unchanged.
        """
        changes = {RENAMED.get(name, name): value for name, value in changes.items()}
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self) if f.init})
        if unknown:
            raise ParameterError(
                f"Study.replace() got {unknown}, which are not fields of a Study; the fields are "
                f"{[f.name for f in dataclasses.fields(self) if f.init]}."
            )
        new = dataclasses.replace(self, **changes)
        kept = [
            ("_embedder", ("model",)),
            ("_vectors", _VECTORS_DEPEND_ON),
            ("_clusterer", _CLUSTERS_DEPEND_ON),
            ("_alignment", _ALIGNMENT_DEPENDS_ON),
        ]
        for cache, depends_on in kept:
            if not set(changes) & set(depends_on):
                setattr(new, cache, getattr(self, cache))
        return new

    def with_sentences(self, sentences: pd.DataFrame) -> Study:
        """Return a new study of other sentences (vectors, clusters and alignment computed afresh).

        Parameters
        ----------
        sentences : pandas.DataFrame
            The new sentences table.

        Returns
        -------
        Study
            ``study.replace(sentences=sentences)``.
        """
        return self.replace(sentences=sentences)

    @property
    def seed(self) -> int:
        """The last release's name of :attr:`random_state` (reads it, with a RenamedWarning)."""
        _warn_renamed("study.seed", "study.random_state")
        return self.random_state

    @property
    def pair(self) -> list | None:
        """The last release's name of :attr:`contrast` (reads it, with a RenamedWarning)."""
        _warn_renamed("study.pair", "study.contrast")
        return self.contrast

    @property
    def palette(self) -> dict:
        """Each side's Okabe-Ito colour (:func:`framing.plots.palette` of :attr:`sides`)."""
        return side_palette(self.sides)

    def style(self, *, script_fonts: bool = False):
        """Draw the figures of a ``with`` block in framing's look; matplotlib's settings are restored after it.

        Parameters
        ----------
        script_fonts : bool
            Also draw Urdu and Hindi (the Noto fonts of :func:`framing.plots.fonts.script_font_rc`).

        Returns
        -------
        contextlib.AbstractContextManager
            ``with study.style(): ...`` (:func:`framing.plots.style`).
        """
        return framing_style(rc=script_font_rc() if script_fonts else None)

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
        """The fitted :class:`~framing.SentenceClusterer` of the sentences, with ``k``, ``method`` and ``random_state``.

        Fitted once per corpus, model, parameters and random_state, and stored in ``clusters/`` of
        framing's cache folder (without pickle); every chapter, and every later run, reads the
        same fit. See :func:`framing.analysis.cluster_store.fitted_clusterer`.
        """
        if self._clusterer is None:
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
                random_state=self.random_state,
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

    def alignment(self) -> AlignmentResult:
        """The claims matched across sides and the omissions, computed once for every chapter of the run.

        :func:`framing.align` of :attr:`sentences` and :attr:`vectors` with the study's ``by``,
        ``sides``, ``threshold``, cluster :attr:`labels` and ``random_state``; with ``languages``, a
        threshold per pair of languages (the ``language`` column). Chapters 04 and 07 read the same
        alignment, so they cannot disagree on what counts as the same claim.

        Returns
        -------
        framing.analysis.align.AlignmentResult
            The alignment.

        References
        ----------
        See :func:`framing.align`.
        """
        if self._alignment is None:
            self._alignment = align(
                self.sentences,
                self.vectors,
                by=self.by,
                sides=self.sides,
                threshold=self.threshold,
                labels=self.labels,
                random_state=self.random_state,
                # Several languages: one threshold per pair of languages (one pooled over all pairs
                # would call true Urdu-English matches omissions).
                language="language" if self.languages else None,
            )
        return self._alignment

    @property
    def provenance(self) -> figures.Provenance:
        """What the manifest records with each figure of this study."""
        return figures.Provenance(
            notebook=self.notebook,
            corpus_sha256=self.corpus_sha256,
            model=self.model_identity,
            seed=self.random_state,
            cleaning=cleaning_record(self.cleaning, fragments=self.fragments),
        )

    def save(self, fig, name: str, *, formats=figures.FORMATS, close: bool = False) -> figures.ManifestEntry:
        """Save a figure to :attr:`out_dir` with this study's provenance (:func:`framing.study.figures.save_figure`).

        Parameters
        ----------
        fig : matplotlib.figure.Figure, matplotlib.axes.Axes or framing.plots.PerSideGrid
            The figure, an Axes of it, or a grid holding it (``.figure``).
        name : str
            File name without suffix, e.g. ``"03_share_differences"``.
        formats : sequence of str
            Any of ``"png"``, ``"svg"``, ``"pdf"``.
        close : bool
            Close the figure after saving; False (the default) keeps it for the notebook to show.

        Returns
        -------
        framing.study.figures.ManifestEntry
            The manifest entry (it displays nothing as a cell's last value).
        """
        return figures.save_figure(
            fig, name, out_dir=self.out_dir, provenance=self.provenance, formats=formats, close=close
        )

    def save_table(self, table: pd.DataFrame, name: str) -> figures.ManifestEntry:
        """Save the table behind a figure under :attr:`out_dir` ``/tables`` (:func:`framing.study.figures.save_table`).

        Parameters
        ----------
        table : pandas.DataFrame
            Tidy numbers.
        name : str
            File name without suffix.

        Returns
        -------
        framing.study.figures.ManifestEntry
            The manifest entry.
        """
        return figures.save_table(table, name, out_dir=self.out_dir, provenance=self.provenance)


# The last release built a Study with its options by position and spelled two of them differently.
Study.__init__ = renamed_parameters(**RENAMED)(keyword_only_options(Study.__init__))


@renamed_parameters(**RENAMED)
def start(
    notebook: str,
    parameters: Mapping | None = None,
    /,
    *,
    data_path=None,
    columns=None,
    out_dir=None,
    by="side",
    sides=None,
    contrast=None,
    model=None,
    k=None,
    method="kmeans",
    random_state=0,
    about=None,
    not_about=None,
    clean=True,
    languages=None,
    events=None,
    n_boot=2000,
    threshold=None,
) -> Study:
    """Check a notebook's parameters, load, clean and split its corpus, and return the :class:`Study`.

    A chapter starts with ``study = framing.study.notebook.start("03_emphasis", globals())``: the values of
    the parameters cell (and those papermill injected after it) are read from the notebook's
    namespace. The last release's names (``seed``, ``pair``) still work there and as keywords, with a
    :class:`~framing.errors.RenamedWarning`. Matplotlib's settings are left alone: draw figures in
    ``with study.style():``.

    Parameters
    ----------
    notebook : str
        The notebook's name, recorded in the figures manifest.
    parameters : mapping, optional
        A notebook's namespace (``globals()``): its entries named like the keywords below supply them
        (other entries are ignored). A keyword passed with a value other than its default wins.
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
    contrast : list of str, optional
        The two sides contrasted in detail; ``None`` means the two with most documents.
    model : str, optional
        Embedding model (see :func:`framing.embedding.embedder.resolve_model`).
    k : int, optional
        Number of clusters; ``None`` chooses it by silhouette.
    method : str
        Clustering method of :class:`framing.SentenceClusterer`.
    random_state : int or None
        Seed of every stochastic step; None draws a fresh one (printed, and recorded in the manifest).
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
    n_boot : int
        Bootstrap resamples and permutations (``study.n_boot``).
    threshold : float, optional
        Similarity for "the same claim" in :meth:`Study.alignment`; None calibrates it.

    Returns
    -------
    Study
        The run; its figures folder exists.
    """
    given = dict(locals())
    options = {name: given[name] for name in PARAMETERS}
    if parameters is not None:
        options = _merge(_namespace_parameters(parameters), options)
    return _start(notebook, **_checked(options))


def _merge(from_namespace: dict, keywords: dict) -> dict:
    """The namespace's values, except where a keyword was passed with a value other than its default."""
    return {
        name: from_namespace.get(name, value) if _is_default(name, value) else value
        for name, value in keywords.items()
    }


def _is_default(name: str, value) -> bool:
    default = PARAMETERS[name]
    if default is None or value is None:
        return value is default
    return type(value) is type(default) and value == default


def _namespace_parameters(parameters: Mapping) -> dict:
    """The notebook parameters found in a namespace; the last release's names with a RenamedWarning."""
    if not isinstance(parameters, Mapping):
        raise ParameterError(
            "start() takes the notebook's namespace second, e.g. start('01_corpus', globals()); "
            f"got {type(parameters).__name__}."
        )
    found = {name: parameters[name] for name in PARAMETERS if name in parameters}
    for old, new in RENAMED.items():
        if old in parameters:
            # papermill injects a parameter the cell no longer has after the cell: the old name was
            # passed on purpose, and wins over the new name's default in the cell.
            _warn_renamed(
                f"the notebook parameter {old}",
                f"{new} (in the parameters cell, or papermill's -p {new})",
                stacklevel=5,  # the notebook cell calling start()
            )
            found[new] = parameters[old]
    return found


def _warn_renamed(old: str, new: str, *, stacklevel: int = 3) -> None:
    warnings.warn(
        f"{old} is now {new}; the old name stops working in the next release.",
        RenamedWarning,
        stacklevel=stacklevel,
    )


def _checked(options: dict) -> dict:
    """The parameters, type-checked and normalised (str to list, None random_state to a fresh seed)."""
    for name, types, optional in _TYPES:
        _check_type(name, options[name], types, optional=optional)
    if not isinstance(options["clean"], bool):
        raise ParameterError(
            f"notebook parameter clean must be True or False; got {options['clean']!r} "
            f"({type(options['clean']).__name__})."
        )
    for name in ("about", "not_about"):
        options[name] = _text_list(name, options[name])
    for name in ("sides", "contrast", "languages"):
        options[name] = _str_list(name, options[name])
    if options["contrast"] is not None and len(options["contrast"]) != 2:
        raise ParameterError(
            "notebook parameter contrast must name two sides, e.g. ['India', 'Pakistan']; "
            f"got {options['contrast']!r}."
        )
    check_k(options["k"], name="notebook parameter k")
    _check_type("random_state", options["random_state"], int, optional=True)
    options["random_state"] = check_random_state(options["random_state"], "notebook parameter random_state")
    if options["threshold"] is not None:
        _check_type("threshold", options["threshold"], (int, float))
    return options


_TYPES = [
    ("data_path", (str, Path), True),
    ("columns", dict, True),
    ("out_dir", (str, Path), True),
    ("by", str, False),
    ("model", (str, Path), True),
    ("k", int, True),
    ("method", str, False),
    ("n_boot", int, False),
    ("events", (str, Path, pd.DataFrame), True),
]


def _text_list(name: str, value):
    """``about``/``not_about``: a str (blank means None) or a list of str."""
    if isinstance(value, str):
        value = [value] if value.strip() else None
    _check_type(name, value, (list, tuple), optional=True)
    for text in value or []:
        _check_type(name, text, str, what="a str or a list of str")
    return list(value) if value else None


def _start(notebook: str, **options) -> Study:
    """Load, clean and split the corpus of checked parameters (see :func:`start`)."""
    _check_type("notebook", notebook, str)
    data_path, by = options["data_path"], options["by"]
    # Read before the corpus is loaded and cleaned, so a bad events file fails in a second.
    events = options["events"]
    events = check_events(events) if events is not None else (None if data_path else demo_events())
    raw = load_corpus(data_path, **(options["columns"] or {})) if data_path else load_demo()
    cleaning = _clean(raw, options) if options["clean"] else None
    documents = raw if cleaning is None else cleaning.documents
    sentences, fragments = _split(documents, by)
    chosen, contrast, documents, sentences, fragments = _choose_sides(
        documents, sentences, fragments, by=by, sides=options["sides"], contrast=options["contrast"]
    )
    out_dir = options["out_dir"]
    if out_dir is None:
        out_dir = scratch_dir()
        print(
            f"figures of this run are saved to {out_dir} (a scratch folder; `make figures` writes figures/)"
        )
    return Study(
        documents,
        sentences,
        by=by,
        sides=chosen,
        model=options["model"],
        k=options["k"],
        random_state=options["random_state"],
        cleaning=cleaning,
        method=options["method"],
        contrast=contrast,
        notebook=notebook,
        out_dir=figures.make_folder(out_dir),
        corpus_sha256=corpus_hash(raw),
        model_identity=model_identity(resolve_model(options["model"])),
        fragments=fragments,
        events=events,
        n_boot=options["n_boot"],
        threshold=options["threshold"],
        languages=options["languages"],
    )


def _clean(documents: pd.DataFrame, options: dict) -> CleaningResult:
    """:func:`framing.clean_corpus` with the notebook's settings."""
    by = options["by"]
    # A sentence-level axis (voice) is not a documents column: copies are then grouped within sides.
    group = by if by in documents.columns else ("side" if "side" in documents.columns else "doc_id")
    languages = options["languages"]
    return clean_corpus(
        documents,
        by=group,
        about=options["about"],
        not_about=options["not_about"],
        model=options["model"],
        **({"languages": list(languages)} if languages else {}),
    )


def _choose_sides(documents, sentences, fragments, *, by, sides, contrast):
    """Keep the chosen sides' rows and pick the contrast (the two sides with most documents by default)."""
    chosen = check_groups(sentences[by], sides, column=by, min_groups=1)
    if sides:
        if by in documents.columns:
            documents = documents[documents[by].isin(chosen)].reset_index(drop=True)
        sentences = sentences[sentences[by].isin(chosen)].reset_index(drop=True)
        fragments = fragments[fragments[by].isin(chosen)].reset_index(drop=True)
    if contrast is not None:
        check_groups(sentences[by], contrast, column=by, min_groups=2)
    elif len(chosen) >= 2:
        contrast = main_pair(sentences, by=by, sides=chosen)
    return chosen, contrast, documents, sentences, fragments


def _split(documents: pd.DataFrame, by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sentences with fragments dropped, and the fragment report by ``by``, from one split."""
    flagged = split_sentences(documents, fragments="flag")
    check_column(flagged, by, param="by")
    # The same rows split_sentences(fragments="drop") returns, without splitting twice.
    sentences = flagged[flagged["fragment"] == ""].drop(columns="fragment").reset_index(drop=True)
    return sentences, fragment_report(flagged, by=by)


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
