"""Do the clusters mean something to a reader? Word and sentence intrusion tasks.

A cluster is a coherent theme if a person can spot the odd one out: among five of its top terms
and one term typical of another cluster (word intrusion, Chang et al. 2009), or among a few of
its most central sentences and one sentence from another cluster (sentence intrusion, in the
spirit of Ying, Montgomery & Stewart 2022). :func:`intrusion_sheet` writes the tasks as a CSV a
person completes in any spreadsheet (the answer key goes to a separate file, so the coder cannot
see it); :func:`score_intrusion` reads the completed sheets back and scores each cluster's model
precision, the share of tasks in which the intruder was found, with an interval.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import binomtest

from framing._core.names import NOISE
from framing._core.validation import check_int, check_labels, check_number, check_random_state, check_vectors
from framing.analysis.cluster import class_tfidf
from framing.errors import FramingWarning, ParameterError

TASKS = ("word", "sentence")
_KEY_COLUMNS = ["item", "task", "cluster", "intruder", "intruder_cluster", "n_options", "intruder_text"]
#: What a coder reads in the first row of the sheet's ``instructions`` column.
INSTRUCTIONS = (
    "In each row, one option does not belong with the others. Write its number (1, 2, ...) in the "
    "answer column; if you cannot tell, write your best guess."
)


def intrusion_sheet(
    sentences: pd.DataFrame,
    labels,
    vectors=None,
    *,
    tasks=TASKS,
    n_items: int = 3,
    n_words: int = 5,
    n_sentences: int = 3,
    n_top: int = 10,
    n_central: int = 20,
    text_col: str = "text",
    path=None,
    random_state: int | None = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Word and sentence intrusion tasks for every cluster, as a sheet to complete and an answer key.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences with ``text_col``.
    labels : array-like of int
        Cluster of each sentence; noise (``-1``) gets no tasks.
    vectors : array-like of shape (n_sentences, dim), optional
        Their embeddings: sentence tasks then draw from the ``n_central`` sentences nearest each
        cluster's centroid (the ones a reader is shown as exemplars); None draws from all members.
    tasks : sequence of {"word", "sentence"}
        The kinds of task.
    n_items : int, default 3
        Tasks per cluster and kind (each draws other members and another intruder).
    n_words : int, default 5
        Top terms shown per word task (drawn from the cluster's ``n_top`` c-TF-IDF terms).
    n_sentences : int, default 3
        Member sentences shown per sentence task.
    n_top : int, default 10
        Pool of a cluster's top terms; an intruder term is one of another cluster's top
        ``n_words`` terms that is not among this cluster's top 50 and shares no word with the shown terms.
    n_central : int, default 20
        Pool of central sentences per cluster.
    text_col : str, default "text"
        Column holding the sentence text.
    path : str or pathlib.Path, optional
        Write the sheet here (CSV) and the key beside it as ``<name>_key.csv``.
    random_state : int or None, default 0
        Seed of every draw and of the order of tasks and options.

    Returns
    -------
    sheet, key : pandas.DataFrame
        ``sheet``: ``item``, ``task``, ``option_1``..., an empty ``answer`` and ``instructions``
        (:data:`INSTRUCTIONS`, first row); ``key``: ``item``,
        ``task``, ``cluster``, ``intruder`` (its option number), ``intruder_cluster``,
        ``n_options``, ``intruder_text``.

    References
    ----------
    Chang, J., Gerrish, S., Wang, C., Boyd-Graber, J. & Blei, D. (2009). Reading tea leaves: how
    humans interpret topic models. NeurIPS 22.
    Ying, L., Montgomery, J. M. & Stewart, B. M. (2022). Topics, concepts, and measurement: a
    crowdsourced procedure for validating topics as measures. Political Analysis 30(4), 570-589.
    """
    rng = np.random.default_rng(check_random_state(random_state))
    texts = _texts(sentences, text_col)
    labels = check_labels(labels, len(texts))
    tasks = _check_tasks(tasks)
    n_items, n_words, n_sentences = (
        check_int(v, n) for v, n in ((n_items, "n_items"), (n_words, "n_words"), (n_sentences, "n_sentences"))
    )
    n_top, n_central = check_int(n_top, "n_top", minimum=n_words), check_int(n_central, "n_central")
    items = []
    if "word" in tasks:
        items += _word_items(texts, labels, n_items, n_words, n_top, rng)
    if "sentence" in tasks:
        pools = _central(texts, labels, vectors, n_central)
        items += _sentence_items(pools, n_items, n_sentences, rng)
    if not items:
        raise ParameterError(
            "no intrusion task could be made: it needs at least two clusters with terms or sentences."
        )
    sheet, key = _tables(items, rng)
    if path is not None:
        path = Path(path)
        sheet.to_csv(path, index=False)
        key.to_csv(key_path(path), index=False)
    return sheet, key


def key_path(path) -> Path:
    """Where :func:`intrusion_sheet` writes the answer key of a sheet written to ``path``.

    Parameters
    ----------
    path : path-like
        The sheet (a CSV file).

    Returns
    -------
    pathlib.Path
        ``<folder>/<name>_key.csv``.
    """
    path = Path(path)
    return path.with_name(f"{path.stem}_key.csv")


def _texts(sentences: pd.DataFrame, text_col: str) -> list[str]:
    if text_col not in sentences.columns:
        raise ParameterError(
            f"sentences has no column {text_col!r}; pass text_col= the sentence text column."
        )
    return sentences[text_col].astype("string").fillna("").str.strip().tolist()


def _check_tasks(tasks) -> list[str]:
    tasks = [tasks] if isinstance(tasks, str) else list(tasks)
    bad = [t for t in tasks if t not in TASKS]
    if bad or not tasks:
        raise ParameterError(f"tasks must be some of {list(TASKS)}; got {tasks!r}.")
    return tasks


def _word_items(texts, labels, n_items, n_words, n_top, rng) -> list[dict]:
    """Chang et al.'s task: terms of one cluster and one term high in another, low in this one."""
    keep = labels != NOISE
    terms = class_tfidf(np.asarray(texts, dtype=object)[keep].tolist(), labels[keep], n_terms=max(50, n_top))
    ranked = {c: t["term"].tolist() for c, t in terms.groupby("cluster")}
    items = []
    for c, own in ranked.items():
        pool = own[:n_top]
        if len(pool) < n_words:
            warnings.warn(
                f"cluster {c} has {len(pool)} terms, fewer than n_words={n_words}: no word task.",
                FramingWarning,
                stacklevel=3,
            )
            continue
        for _ in range(n_items):
            shown = list(rng.choice(pool, size=n_words, replace=False))
            words = {w for term in shown for w in term.split()}
            others = [
                (o, t) for o, theirs in ranked.items() if o != c for t in theirs[:n_words]
                if t not in own and not words & set(t.split())
            ]  # fmt: skip
            if not others:
                continue
            o, intruder = others[rng.integers(len(others))]
            items.append(
                {"task": "word", "cluster": c, "members": shown, "intruder": intruder, "intruder_cluster": o}
            )
    return items


def _central(texts, labels, vectors, n_central) -> dict:
    """Each cluster's pool of sentences: the most central ones, or all members without vectors."""
    texts = np.asarray(texts, dtype=object)
    pools = {}
    if vectors is not None:
        vectors = check_vectors(vectors, n_rows=len(texts))
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    for c in np.unique(labels[labels != NOISE]):
        rows = np.flatnonzero(labels == c)
        if vectors is not None:
            centre = vectors[rows].mean(axis=0)
            rows = rows[np.argsort(-(vectors[rows] @ centre), kind="stable")]
        distinct = list(dict.fromkeys(t for t in texts[rows] if t))
        pools[int(c)] = distinct[:n_central] if vectors is not None else distinct
    return pools


def _sentence_items(pools, n_items, n_sentences, rng) -> list[dict]:
    """Member sentences of one cluster and one central sentence of another."""
    items = []
    for c, pool in pools.items():
        others = [o for o in pools if o != c and pools[o]]
        if len(pool) < n_sentences or not others:
            continue
        for _ in range(n_items):
            shown = list(rng.choice(np.asarray(pool, dtype=object), size=n_sentences, replace=False))
            o = others[rng.integers(len(others))]
            candidates = [t for t in pools[o] if t not in pool]
            if candidates:
                intruder = candidates[rng.integers(len(candidates))]
                items.append(
                    {
                        "task": "sentence",
                        "cluster": c,
                        "members": shown,
                        "intruder": intruder,
                        "intruder_cluster": o,
                    }
                )
    return items


def _tables(items: list[dict], rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shuffle tasks and options; the sheet shows options, the key says which is the intruder."""
    order = rng.permutation(len(items))
    width = max(len(it["members"]) + 1 for it in items)
    sheet_rows, key_rows = [], []
    for n, i in enumerate(order):
        it = items[i]
        options = [*it["members"], it["intruder"]]
        perm = rng.permutation(len(options))
        item_id = f"{it['task'][0]}{n + 1:03d}"
        row = {"item": item_id, "task": it["task"]}
        row.update(
            {f"option_{j + 1}": (str(options[p]) if j < len(options) else "") for j, p in enumerate(perm)}
        )
        row.update({f"option_{j + 1}": "" for j in range(len(options), width)})
        row["answer"] = ""
        row["instructions"] = INSTRUCTIONS if n == 0 else ""
        sheet_rows.append(row)
        key_rows.append(
            {
                "item": item_id, "task": it["task"], "cluster": int(it["cluster"]),
                "intruder": int(np.flatnonzero(perm == len(options) - 1)[0]) + 1,
                "intruder_cluster": int(it["intruder_cluster"]), "n_options": len(options),
                "intruder_text": str(it["intruder"]),
            }
        )  # fmt: skip
    return pd.DataFrame(sheet_rows), pd.DataFrame(key_rows, columns=_KEY_COLUMNS)


def score_intrusion(sheets, *, key, ci: float = 0.95) -> pd.DataFrame:
    """Score completed intrusion sheets: each cluster's model precision, with a Wilson interval.

    Parameters
    ----------
    sheets : pandas.DataFrame, path, or list of them
        Completed sheets (several coders: one sheet each), with ``item`` and ``answer`` (the
        option number the coder chose). Blank answers are left out, with a warning.
    key : pandas.DataFrame or path
        The answer key :func:`intrusion_sheet` wrote (:func:`key_path`).
    ci : float, default 0.95
        Level of the interval.

    Returns
    -------
    pandas.DataFrame
        One row per (task, cluster), and per task over all clusters (``cluster`` = ``<NA>``):
        ``task``, ``cluster``, ``answered``, ``correct``, ``precision`` (correct / answered),
        ``ci_low``, ``ci_high``, ``chance`` (1 / options: what guessing scores).

    Raises
    ------
    ParameterError
        A sheet lacks a column, names an item the key does not hold, or has an answer that is
        not an option number; the message names the row (as a spreadsheet numbers it).

    References
    ----------
    Chang, J. et al. (2009). Reading tea leaves: how humans interpret topic models. NeurIPS 22.
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    J. Am. Stat. Assoc. 22, 209-212.
    """
    ci = check_number(ci, "ci", low=0, high=1, inclusive=False)
    key = _read(key, "key").set_index("item")
    answers = pd.concat([_answers(s, key, i) for i, s in enumerate(_as_list(sheets))], ignore_index=True)
    if answers.empty:
        raise ParameterError(
            "no answered item in the sheets: write the number of the odd one out in the answer column."
        )
    answers = answers.join(key[["cluster", "intruder", "n_options"]], on="item")
    answers["correct"] = answers["answer"] == answers["intruder"].astype(int)
    answers["cluster"] = answers["cluster"].astype(int)
    groups = list(answers.groupby(["task", "cluster"])) + [
        ((t, pd.NA), g) for t, g in answers.groupby("task")
    ]
    out = pd.DataFrame([_precision(task, cluster, group, ci) for (task, cluster), group in groups])
    out["cluster"] = out["cluster"].astype("Int64")
    return out


def _as_list(sheets) -> list:
    return list(sheets) if isinstance(sheets, (list, tuple)) else [sheets]


def _read(table, name: str) -> pd.DataFrame:
    if isinstance(table, pd.DataFrame):
        return table.astype({c: "string" for c in table.columns if table[c].dtype == object})
    path = Path(table)
    if not path.is_file():
        raise ParameterError(f"{name} file {path} does not exist; pass the CSV intrusion_sheet wrote.")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _answers(sheet, key: pd.DataFrame, number: int) -> pd.DataFrame:
    """The answered rows of one sheet, checked against the key."""
    sheet = _read(sheet, f"sheet {number + 1}")
    for col in ("item", "answer"):
        if col not in sheet.columns:
            raise ParameterError(
                f"sheet {number + 1} has no column {col!r}; complete the sheet intrusion_sheet wrote, keeping its columns."
            )
    out, blank = [], []
    for i, (item, answer) in enumerate(
        zip(sheet["item"].astype(str), sheet["answer"].fillna("").astype(str))
    ):
        row = f"sheet {number + 1}, row {i + 2} (item {item})"  # row 1 is the header in a spreadsheet
        if item not in key.index:
            raise ParameterError(
                f"{row}: this item is not in the answer key; score a sheet with the key written beside it."
            )
        if not answer.strip():
            blank.append(i + 2)
            continue
        n = int(key.at[item, "n_options"])
        choice = pd.to_numeric(answer.strip(), errors="coerce")
        if pd.isna(choice) or choice != int(choice) or not 1 <= choice <= n:
            raise ParameterError(
                f"{row}: answer {answer!r} is not an option number 1-{n}; write the number of the odd one out."
            )
        out.append({"item": item, "task": key.at[item, "task"], "answer": int(choice)})
    if blank:
        warnings.warn(
            f"sheet {number + 1}: {len(blank)} unanswered row(s) left out (rows {blank[:10]}).",
            FramingWarning,
            stacklevel=3,
        )
    return pd.DataFrame(out, columns=["item", "task", "answer"])


def _precision(task: str, cluster, group: pd.DataFrame, ci: float) -> dict:
    n, k = len(group), int(group["correct"].sum())
    interval = binomtest(k, n).proportion_ci(confidence_level=ci, method="wilson")
    chance = float((1 / group["n_options"].astype(int)).mean())
    return {
        "task": task, "cluster": cluster, "answered": n, "correct": k, "precision": k / n,
        "ci_low": interval.low, "ci_high": interval.high, "chance": chance,
    }  # fmt: skip


__all__ = ["INSTRUCTIONS", "TASKS", "intrusion_sheet", "key_path", "score_intrusion"]
