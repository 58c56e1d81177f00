"""How robust each headline finding is to the choices behind it: a declared multiverse of runs.

Every difference in chapter 3 rests on one number of clusters, one seed, one embedding model,
one prior for the distinctive terms and one cleaning setting. :func:`robustness` reruns the
comparison over a declared grid of those choices (the embedding cache makes a rerun cheap) and
says, for each headline difference of the reference run, in how many runs it keeps its sign and
in how many it also passes the test it passed (``q < alpha`` for shares, ``|z| >= 1.96`` for
terms). Clusters are matched across runs by the sentences they hold
(:func:`framing.analysis.matching.match_clusters`), never by their numbers.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from framing._core.validation import check_int, check_k, check_number
from framing.analysis.cluster import SentenceClusterer
from framing.analysis.compare import compare_shares, distinctive_terms, select_comparison
from framing.analysis.matching import match_clusters, sentence_ids
from framing.corpus.clean import clean_corpus
from framing.corpus.sentences import split_sentences
from framing.embedding.embedder import Embedder
from framing.errors import FramingWarning, ModelError, ParameterError

if TYPE_CHECKING:  # a Study is what these functions take; study/ imports analysis/, not back
    from framing.study.notebook import Study

#: |z| a distinctive term must reach: the threshold chapter 3 draws (two-sided 5%).
Z_PASS = 1.96

#: Reading of a finding from the share of runs in which it passes / keeps its sign.
VERDICTS = ("robust", "direction only", "fragile")


@dataclass
class RobustnessResult:
    """What :func:`robustness` found: one row per headline finding, per run, and per run and finding.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per headline finding of the reference run: ``kind`` (``"share"`` or ``"term"``),
        ``finding`` (the cluster's name or the term), ``cluster``, ``term``, ``side_a``,
        ``side_b``, ``favours`` (the side it is more typical of), ``estimate`` (share difference,
        or z for a term), ``reference_q`` (a theme's q-value in the reference run),
        ``reference_passes``, ``n_runs``, ``kept_sign``, ``passed``, ``share_passed``, ``verdict``
        (one of :data:`VERDICTS`) and ``count`` (``"7/9"``).
    runs : pandas.DataFrame
        One row per run: ``kind``, ``clean``, ``model``, ``k``, ``random_state``, ``prior``,
        ``status`` (``"ok"`` or ``"failed"``), ``reason`` (why a run failed, e.g. a missing
        model), ``reference`` (the run has the reference's settings).
    details : pandas.DataFrame
        One row per (run, finding): ``run`` (row of ``runs``), ``kind``, ``finding``,
        ``match`` (the run's cluster), ``jaccard``, ``estimate``, ``q_value`` (shares),
        ``kept_sign``, ``passed``.
    settings : dict
        The grid and thresholds.
    failed_runs : int
        Runs that could not be made (``runs["status"] == "failed"``, e.g. a model not on this
        machine).
    """

    summary: pd.DataFrame
    runs: pd.DataFrame = field(repr=False)
    details: pd.DataFrame = field(repr=False)
    settings: dict = field(repr=False)
    failed_runs: int = 0


def robustness(
    study: Study,
    *,
    k=None,
    random_state=None,
    model=None,
    prior=None,
    clean=None,
    n_boot: int = 2000,
    alpha: float = 0.05,
    top: int = 3,
    n_terms: int = 5,
    min_jaccard: float = 0.3,
    robust_share: float = 0.8,
) -> RobustnessResult:
    """Rerun the comparison of a study over a declared grid of choices; count how often each finding holds.

    Parameters
    ----------
    study : framing.study.notebook.Study
        The reference run (its ``k``, seed, model, cleaning, clusters and pair).
    k : int or list of int, optional
        Numbers of clusters; None = the study's fitted ``k_`` only.
    random_state : int or list of int, optional
        Seeds of the clustering (and of each run's bootstrap and permutations); None = the
        study's seed only.
    model : str or list, optional
        Embedding models (None in the list is the default model). A model not on this machine
        is reported in ``runs`` (``status="failed"``) with a warning, not raised.
    prior : str, float or list, optional
        Priors of :func:`framing.distinctive_terms` (``"balanced"``, ``"corpus"``, a number);
        None = ``"balanced"`` only (chapter 3's).
    clean : bool or list of bool, optional
        Clean the corpus first or not; None = the study's setting only.
    n_boot : int, default 2000
        Bootstrap resamples and permutations of each run's :func:`framing.compare_shares`.
    alpha : float, default 0.05
        The q-value a share difference must stay under to pass.
    top : int, default 3
        Headline share differences: those with ``q < alpha`` in the reference, and the ``top``
        largest by size (chapter 3 lists the three largest).
    n_terms : int, default 5
        Headline terms: the ``n_terms`` highest and lowest z with ``|z| >= 1.96`` in the reference.
    min_jaccard : float, default 0.3
        Smallest overlap for a run's cluster to count as the reference cluster
        (:func:`framing.analysis.matching.match_clusters`); a cluster with no counterpart neither keeps
        its sign nor passes in that run.
    robust_share : float, default 0.8
        ``"robust"``: passes in at least this share of the runs; ``"direction only"``: keeps its
        sign that often but passes less often; ``"fragile"``: the rest.

    Returns
    -------
    RobustnessResult
        ``summary`` (one row per finding), ``runs`` and ``details``.

    Notes
    -----
    The grid is factorial (every combination): cleaning x model x k x seed for shares, cleaning x
    prior for terms (terms depend on neither clusters nor the model). The reference run is
    counted when its settings are in the grid. A finding is a difference of the reference pair
    (``study.contrast``).

    References
    ----------
    Steegen, S., Tuerlinckx, F., Gelman, A. & Vanpaemel, W. (2016). Increasing transparency
    through a multiverse analysis. Perspectives on Psychological Science 11(5), 702-712.
    Simmons, J. P., Nelson, L. D. & Simonsohn, U. (2011). False-positive psychology.
    Psychological Science 22(11), 1359-1366.
    Gelman, A. & Loken, E. (2013). The garden of forking paths. Columbia University.
    """
    if study.contrast is None:
        raise ParameterError("robustness compares two sides; start the study with at least two sides.")
    alpha = check_number(alpha, "alpha", low=0, high=1, inclusive=False)
    robust_share = check_number(robust_share, "robust_share", low=0, high=1)
    grid = _grid(study, k=k, random_state=random_state, model=model, prior=prior, clean=clean)
    n_boot, top, n_terms = (
        check_int(n_boot, "n_boot"),
        check_int(top, "top", minimum=0),
        check_int(n_terms, "n_terms", minimum=0),
    )
    options = {"n_boot": n_boot, "alpha": alpha, "min_jaccard": min_jaccard}
    reference = _reference(study, n_boot=n_boot, alpha=alpha, top=top, n_terms=n_terms)
    # Splitting the corpus again (another cleaning setting) costs more than a fit: once per setting.
    reference["sentences"] = {clean: _sentences(study, clean) for clean in grid["clean"]}
    runs, details = [], []
    _share_runs(study, grid, reference, options, runs, details)
    _term_runs(study, grid, reference, runs, details)
    runs = pd.DataFrame(runs)
    details = pd.DataFrame(details, columns=_DETAIL_COLUMNS)
    summary = _summarise(reference["findings"], details, robust_share).assign(
        side_a=study.contrast[0], side_b=study.contrast[1]
    )
    failed = int((runs["status"] == "failed").sum()) if len(runs) else 0
    settings = {**grid, **options, "robust_share": robust_share}
    return RobustnessResult(summary, runs, details, settings, failed_runs=failed)


_DETAIL_COLUMNS = ["run", "kind", "finding", "match", "jaccard", "estimate", "q_value", "kept_sign", "passed"]


def _as_list(value, default: list, name: str) -> list:
    if value is None:
        return list(default)
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if not values:
        raise ParameterError(f"{name} must list at least one value; got {value!r} (None keeps the study's).")
    return list(dict.fromkeys(values))


def _grid(study: Study, *, k, random_state, model, prior, clean) -> dict:
    """The declared values of every axis, each defaulting to the study's own choice."""
    grid = {
        "k": _as_list(k, [study.clusterer.k_], "k"),
        "random_state": _as_list(random_state, [study.random_state], "random_state"),
        "model": _as_list(model, [study.model], "model"),
        "prior": _as_list(prior, ["balanced"], "prior"),
        "clean": _as_list(clean, [study.cleaning is not None], "clean"),
    }
    for value in grid["k"]:
        check_k(value, name="robustness k")
    for seed in grid["random_state"]:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ParameterError(f"robustness random_state must be seeds (ints >= 0); got {seed!r}.")
    for value in grid["clean"]:
        if not isinstance(value, bool):
            raise ParameterError(f"robustness clean must be True, False or a list of them; got {value!r}.")
    return grid


def _pair_shares(sentences, labels, study: Study, n_boot: int, seed: int) -> pd.DataFrame:
    """The pair's rows of :func:`framing.compare_shares` (runs' warnings are the reference's, silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        table = compare_shares(
            sentences, labels, by=study.by, sides=study.contrast, n_boot=n_boot, random_state=int(seed)
        )
    return select_comparison(table, sides=study.contrast).set_index("cluster")


def _pair_terms(sentences, study: Study, prior) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        terms = distinctive_terms(sentences, by=study.by, sides=study.contrast, prior=prior)
    return select_comparison(terms, sides=study.contrast).set_index("term")


def _reference(study: Study, *, n_boot: int, alpha: float, top: int, n_terms: int) -> dict:
    """The reference run's tables and its headline findings."""
    shares = _pair_shares(study.sentences, study.labels, study, n_boot, study.random_state)
    big = shares["diff"].abs().sort_values(ascending=False, kind="mergesort").index[:top]
    chosen = shares.index[(shares["q_value"] < alpha).to_numpy()].union(big)
    names = study.names
    a, b = study.contrast
    findings = [
        {
            "kind": "share", "finding": names.get(c, f"cluster {c}"), "cluster": int(c), "term": None,
            "favours": a if shares.at[c, "diff"] > 0 else b, "estimate": float(shares.at[c, "diff"]),
            "reference_q": float(shares.at[c, "q_value"]),
            "reference_passes": bool(shares.at[c, "q_value"] < alpha),
        }
        for c in chosen
    ]  # fmt: skip
    terms = _pair_terms(study.sentences, study, "balanced")["z"]
    typical = pd.concat(
        [terms[terms >= Z_PASS].nlargest(n_terms), terms[terms <= -Z_PASS].nsmallest(n_terms)]
    )
    findings += [
        {
            "kind": "term", "finding": str(term), "cluster": None, "term": str(term),
            "favours": a if z > 0 else b, "estimate": float(z), "reference_q": np.nan,
            "reference_passes": True,
        }
        for term, z in typical.items()
    ]  # fmt: skip
    ids = sentence_ids(study.sentences)
    return {"shares": shares, "findings": findings, "ids": ids, "labels": study.labels}


def _documents(study: Study, clean: bool) -> pd.DataFrame:
    """The study's documents, cleaned or as loaded (the originals a cleaning run keeps)."""
    docs = study.documents
    if study.cleaning is not None:
        docs = docs.assign(text=docs["original_text"], title=docs["original_title"])
        docs = docs.drop(columns=[c for c in docs.columns if c == "status" or c.startswith("original_")])
    if not clean:
        return docs
    group = study.by if study.by in docs.columns else "side"
    settings = study.cleaning.settings if study.cleaning is not None else {}
    about, not_about = settings.get("about"), settings.get("not_about")
    return clean_corpus(docs, by=group, about=about, not_about=not_about, model=study.model).documents


def _sentences(study: Study, clean: bool) -> pd.DataFrame:
    """The sentences a run with this cleaning setting analyses (the study's own when it is the study's)."""
    if clean == (study.cleaning is not None):
        return study.sentences
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        sentences = split_sentences(_documents(study, clean))
    if study.by not in sentences.columns:
        raise ParameterError(
            f"robustness across cleaning needs {study.by!r} as a documents column; compare a documents "
            "column (side, source...) or leave clean=None."
        )
    return sentences[sentences[study.by].isin(study.sides)].reset_index(drop=True)


def _vectors(study: Study, sentences: pd.DataFrame, model, same_sentences: bool) -> np.ndarray:
    if model == study.model and same_sentences:
        return study.vectors
    embedder = study.embedder if model == study.model else Embedder(model=model)
    return embedder.encode(sentences["text"].tolist())


def _share_runs(study: Study, grid: dict, reference: dict, options: dict, runs: list, details: list) -> None:
    """Fit, compare and match every (clean, model, k, seed) run; append to ``runs`` and ``details``."""
    ref_clean = study.cleaning is not None
    for clean in grid["clean"]:
        sentences = reference["sentences"][clean]
        ids = sentence_ids(sentences)
        for model in grid["model"]:
            base = {"kind": "share", "clean": clean, "model": model, "prior": None}
            try:
                vectors = _vectors(study, sentences, model, clean == ref_clean)
            except ModelError as exc:
                warnings.warn(f"robustness: model {model!r} skipped: {exc}", FramingWarning, stacklevel=3)
                for k, seed in itertools.product(grid["k"], grid["random_state"]):
                    runs.append(
                        {
                            **base,
                            "k": k,
                            "random_state": seed,
                            "status": "failed",
                            "reason": str(exc),
                            "reference": False,
                        }
                    )
                continue
            for k, seed in itertools.product(grid["k"], grid["random_state"]):
                is_ref = clean == ref_clean and model == study.model and seed == study.random_state
                run = {**base, "k": k, "random_state": seed, "status": "ok", "reason": ""}
                run["reference"] = is_ref and k == study.clusterer.k_
                runs.append(run)
                labels = SentenceClusterer(
                    k=int(k), method=study.method, n_stability_seeds=0, random_state=int(seed)
                ).fit_predict(vectors)
                table = _pair_shares(sentences, labels, study, options["n_boot"], seed)
                matched = match_clusters(
                    labels, reference=reference["labels"], ids=ids, reference_ids=reference["ids"],
                    min_jaccard=options["min_jaccard"],
                ).set_index("cluster")  # fmt: skip
                _share_details(len(runs) - 1, reference, table, matched, options["alpha"], details)


def _share_details(run: int, reference: dict, table, matched, alpha: float, details: list) -> None:
    for f in reference["findings"]:
        if f["kind"] != "share":
            continue
        match = matched.at[f["cluster"], "match"] if f["cluster"] in matched.index else pd.NA
        row = {"run": run, "kind": "share", "finding": f["finding"], "match": match, "kept_sign": False}
        row.update(
            {"jaccard": float(matched.at[f["cluster"], "jaccard"]) if f["cluster"] in matched.index else 0.0}
        )
        row.update({"estimate": np.nan, "q_value": np.nan, "passed": False})
        if not pd.isna(match) and int(match) in table.index:
            diff, q = float(table.at[int(match), "diff"]), float(table.at[int(match), "q_value"])
            row.update(
                {"estimate": diff, "q_value": q, "kept_sign": bool(np.sign(diff) == np.sign(f["estimate"]))}
            )
            row["passed"] = row["kept_sign"] and q < alpha
        details.append(row)


def _term_runs(study: Study, grid: dict, reference: dict, runs: list, details: list) -> None:
    """Distinctive terms for every (clean, prior) run, against the reference's headline terms."""
    ref_clean = study.cleaning is not None
    for clean, prior in itertools.product(grid["clean"], grid["prior"]):
        run = {"kind": "term", "clean": clean, "model": None, "k": None, "random_state": None, "prior": prior}
        run.update({"status": "ok", "reason": "", "reference": clean == ref_clean and prior == "balanced"})
        terms = _pair_terms(reference["sentences"][clean], study, prior)
        runs.append(run)
        for f in reference["findings"]:
            if f["kind"] != "term":
                continue
            z = float(terms.at[f["term"], "z"]) if f["term"] in terms.index else np.nan
            kept = bool(np.isfinite(z) and np.sign(z) == np.sign(f["estimate"]))
            details.append(
                {
                    "run": len(runs) - 1, "kind": "term", "finding": f["finding"], "match": pd.NA,
                    "jaccard": np.nan, "estimate": z, "q_value": np.nan, "kept_sign": kept,
                    "passed": kept and abs(z) >= Z_PASS,
                }
            )  # fmt: skip


def _summarise(findings: list, details: pd.DataFrame, robust_share: float) -> pd.DataFrame:
    """One row per finding: runs, runs keeping its sign, runs passing, and the verdict."""
    summary = pd.DataFrame(findings)
    counts = details.groupby(["kind", "finding"]).agg(
        n_runs=("run", "size"), kept_sign=("kept_sign", "sum"), passed=("passed", "sum")
    )
    summary = summary.join(counts, on=["kind", "finding"])
    for col in ("n_runs", "kept_sign", "passed"):
        summary[col] = summary[col].fillna(0).astype(int)
    n = summary["n_runs"].where(summary["n_runs"] > 0)
    summary["share_passed"] = summary["passed"] / n
    summary["verdict"] = np.select(
        [summary["passed"] >= robust_share * n, summary["kept_sign"] >= robust_share * n],
        list(VERDICTS[:2]),
        default=VERDICTS[2],
    )
    summary["count"] = summary["passed"].astype(str) + "/" + summary["n_runs"].astype(str)
    summary["cluster"] = summary["cluster"].astype("Int64")
    return summary


__all__ = ["VERDICTS", "Z_PASS", "RobustnessResult", "robustness"]
