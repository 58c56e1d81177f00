"""Agreement between coders: Krippendorff's alpha with document-bootstrap intervals, and adjudication.

Content analysis reports how far independent coders agree before anything coded
is trusted (Krippendorff 2004, ch. 11; Hayes & Krippendorff 2007). This module
takes the codes of several coders (:func:`framing.read_codes` with one sheet per
coder) and gives Krippendorff's alpha for nominal data, overall and per frame
(each frame as present/absent), with percentile intervals from resampling
*documents* (the sentences of one article are not independent), the percent
agreement readers expect beside it, the confusion between coders, and the
sentences they disagree on. :func:`adjudication_sheet` writes those sentences
for a third coder; :func:`adjudicate` reads the decisions back into final codes.

Point estimates come from the ``krippendorff`` package. The bootstrap uses the
same statistic written through the coincidence matrix, which is a sum over
units: per-document matrices are summed under resampled document weights, so
thousands of resamples cost one matrix product (a test checks that the two
agree on the full data).
"""

from __future__ import annotations

from dataclasses import dataclass

import krippendorff
import numpy as np
import pandas as pd

from framing._core.bootstrap import percentile_interval, resample_sums
from framing._core.validation import check_column, check_int, check_number, check_random_state
from framing.errors import CorpusError, ParameterError
from framing.frames.coding import (
    codebook_names,
    joined_names,
    read_codes,
    sentence_context,
    sentence_ids,
    write_new_csv,
)

__all__ = ["CoderAgreement", "adjudicate", "adjudication_sheet", "coder_agreement", "with_classifier"]

#: Thresholds of Krippendorff (2004, p. 241): at least 0.8 to rely on the data, 0.667-0.8 for
#: tentative conclusions only.
THRESHOLDS = {"tentative": 0.667, "reliable": 0.8}

#: The ``frame`` value of the overall rows of :attr:`CoderAgreement.scores`.
ALL_FRAMES = "all frames"


@dataclass
class CoderAgreement:
    """Output of :func:`coder_agreement`.

    Attributes
    ----------
    scores : pandas.DataFrame
        Tidy: ``frame`` (:data:`ALL_FRAMES` for the whole codebook, then each coded
        frame as present/absent), ``metric`` (``alpha``, ``percent_agreement``),
        ``value``, ``ci_low``, ``ci_high``, ``n_values`` (pairable codes: all of
        them overall, those of the frame per frame).
    confusion : pandas.DataFrame
        Tidy counts for each pair of coders over the sentences both coded:
        ``coder_a``, ``coder_b``, ``label_a``, ``label_b``, ``count`` (zeros included).
    disagreements : pandas.DataFrame
        The sentences coded by at least two coders who did not all give the same
        label: ``sentence_id``, ``doc_id``, the context columns the codes carry
        (``side``, ``before``, ``text``, ``after`` when present), one column per
        coder with its label; in the codes' order.
    coders : list of str
    frames : list of str
        The frames coded at least once, in codebook order.
    n_units : int
        Sentences coded by at least two coders (the pairable units).
    n_documents : int
        Documents those sentences come from (the bootstrap's units).
    n_boot : int
    ci : float
    """

    scores: pd.DataFrame
    confusion: pd.DataFrame
    disagreements: pd.DataFrame
    coders: list
    frames: list
    n_units: int
    n_documents: int
    n_boot: int
    ci: float

    def value(self, metric: str = "alpha", frame: str = ALL_FRAMES) -> float:
        """One score, e.g. ``agreement.value()`` for the overall alpha.

        Parameters
        ----------
        metric : {"alpha", "percent_agreement"}
            Which score.
        frame : str, default :data:`ALL_FRAMES`
            A frame of :attr:`frames`, or the whole codebook.

        Returns
        -------
        float
        """
        hit = self.scores[(self.scores["metric"] == metric) & (self.scores["frame"] == frame)]
        if hit.empty:
            raise ParameterError(f"no {metric!r} score for frame {frame!r}; frames: {self.frames}.")
        return float(hit["value"].iloc[0])


def _units(codes: pd.DataFrame, coder_col: str):
    """Units (sentences) by coders: labels (None where not coded), doc of each unit, coders."""
    for col in ("sentence_id", "doc_id", "label"):
        check_column(codes, col, name="codes")
    check_column(codes, coder_col, name="codes", param="coder_col")
    key = codes[coder_col].astype(str) + "|" + codes["sentence_id"].astype(str)
    if key.duplicated().any():
        first = key[key.duplicated()].iloc[0]
        raise ParameterError(
            f"codes has coder|sentence {first!r} more than once; read the sheets with framing.read_codes, "
            "which refuses a sentence coded twice by one coder."
        )
    coders = list(dict.fromkeys(codes[coder_col].astype(str)))
    if len(coders) < 2:
        raise ParameterError(
            f"codes has {len(coders)} coder(s) in column {coder_col!r}; agreement needs at least two "
            "(read_codes({'coder A': path_a, 'coder B': path_b}, codebook=...))."
        )
    wide = codes.assign(_c=codes[coder_col].astype(str)).pivot(
        index="sentence_id", columns="_c", values="label"
    )
    order = list(dict.fromkeys(codes["sentence_id"]))
    wide = wide.reindex(index=order, columns=coders)
    doc = codes.drop_duplicates("sentence_id").set_index("sentence_id")["doc_id"].reindex(order)
    return wide, doc.astype(str), coders


def _value_counts(wide: pd.DataFrame, frames: list) -> np.ndarray:
    """Units by frames: how many coders gave each frame to each unit (krippendorff's value_counts)."""
    return np.stack([(wide == f).sum(axis=1).to_numpy() for f in frames], axis=1).astype(float)


def _coincidences(vc: np.ndarray) -> np.ndarray:
    """Each unit's coincidence matrix, flattened: n_uc (n_uk - [c = k]) / (m_u - 1)."""
    m = vc.sum(axis=1)
    pair = vc[:, :, None] * vc[:, None, :] - vc[:, :, None] * np.eye(vc.shape[1])[None]
    return (pair / (m - 1)[:, None, None]).reshape(len(vc), -1)


def _alphas_from_coincidences(o: np.ndarray, k: int) -> np.ndarray:
    """Overall and per-frame (binary) nominal alpha, and agreements, from summed coincidence matrices.

    Returns an array (..., 2, k + 1): [alpha, percent agreement] x [overall, frame 1..k].
    """
    o = o.reshape(*o.shape[:-1], k, k)
    n_c = o.sum(axis=-1)
    n = n_c.sum(axis=-1)
    agree = np.diagonal(o, axis1=-2, axis2=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = 1 - (n - 1) * (n - agree.sum(-1)) / (n**2 - (n_c**2).sum(-1))
        off = n_c - agree  # pairable values of a frame matched with another frame
        per = 1 - (n - 1)[..., None] * off / (n_c * (n[..., None] - n_c))
        per = np.where((n_c > 0) & (n_c < n[..., None]), per, np.nan)
        pct = np.concatenate([(agree.sum(-1) / n)[..., None], 1 - 2 * off / n[..., None]], axis=-1)
    alpha = np.concatenate([overall[..., None], per], axis=-1)
    return np.stack([alpha, pct], axis=-2)


def _point_alphas(vc: np.ndarray) -> np.ndarray:
    """Overall and per-frame nominal alpha from the krippendorff package (NaN where undefined)."""
    out = [krippendorff.alpha(value_counts=vc, level_of_measurement="nominal")]
    total = vc.sum(axis=1)
    for j in range(vc.shape[1]):
        binary = np.column_stack([vc[:, j], total - vc[:, j]])
        # One category only (every pairable code is, or none is, this frame): alpha is undefined.
        defined = 0 < binary[:, 0].sum() < total.sum()
        out.append(
            krippendorff.alpha(value_counts=binary, level_of_measurement="nominal") if defined else np.nan
        )
    return np.asarray(out, dtype=float)


def _confusion(wide: pd.DataFrame, coders: list, frames: list) -> pd.DataFrame:
    rows = []
    for i, a in enumerate(coders):
        for b in coders[i + 1 :]:
            both = wide[[a, b]].dropna()
            counts = both.groupby([a, b]).size()
            for fa in frames:
                for fb in frames:
                    rows.append((a, b, fa, fb, int(counts.get((fa, fb), 0))))
    return pd.DataFrame(rows, columns=["coder_a", "coder_b", "label_a", "label_b", "count"])


def _disagreements(codes: pd.DataFrame, wide: pd.DataFrame, pairable: np.ndarray) -> pd.DataFrame:
    labels = wide.to_numpy(dtype=object)
    differ = np.array([len({v for v in row if isinstance(v, str)}) > 1 for row in labels])
    ids = wide.index[pairable & differ]
    context = [c for c in ("side", "before", "text", "after") if c in codes.columns]
    meta = codes.drop_duplicates("sentence_id").set_index("sentence_id")[["doc_id", *context]]
    out = meta.reindex(ids).join(wide.loc[ids])
    return out.rename_axis("sentence_id").reset_index()


def coder_agreement(
    codes: pd.DataFrame,
    *,
    codebook=None,
    coder_col: str = "coder",
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int | None = 0,
) -> CoderAgreement:
    """Krippendorff's alpha between coders, overall and per frame, with document-bootstrap intervals.

    Parameters
    ----------
    codes : pandas.DataFrame
        One row per sentence and coder: ``sentence_id``, ``doc_id``, ``label``
        and the coder column, as :func:`framing.read_codes` returns for several
        coders. Sentences coded by one coder only are left out (they cannot
        disagree); coders need not code the same sentences.
    codebook : mapping or sequence of str, optional
        Orders the frames (default: the ``codebook`` column :func:`framing.read_codes` adds, else the order
        labels first appear).
    coder_col : str, default "coder"
        Column naming the coder.
    n_boot : int, default 2000
        Bootstrap resamples of documents (0 or 1: no intervals).
    ci : float, default 0.95
        Confidence level of the percentile intervals.
    random_state : int or None, default 0
        Seed of the resamples; None draws fresh entropy.

    Returns
    -------
    CoderAgreement
        ``scores`` (alpha and percent agreement, overall and per frame, with
        intervals), ``confusion``, ``disagreements`` and the counts.

    Notes
    -----
    Alpha is 1 - observed / expected disagreement, the expectation taken from
    the pooled labels of all coders; 1 is perfect agreement, 0 is what coders
    labelling at random from the same label distribution would reach. Per
    frame, each label is recoded present/absent, so a frame's alpha says
    whether coders agree on *that* frame. Documents, not sentences, are
    resampled: a coder's reading of an article colours all its sentences.

    References
    ----------
    Krippendorff, K. (2004). Content Analysis: An Introduction to Its
    Methodology, 2nd ed., ch. 11 (alpha, the coincidence matrix, the 0.667 and
    0.8 thresholds). Hayes, A. F. & Krippendorff, K. (2007). Answering the call
    for a standard reliability measure for coding data. Communication Methods
    and Measures 1, 77-89. Field, C. A. & Welsh, A. H. (2007). Bootstrapping
    clustered data. J. R. Stat. Soc. B 69, 369-390.
    """
    n_boot = check_int(n_boot, "n_boot", minimum=0)
    ci = check_number(ci, "ci", low=0.0, high=1.0, inclusive=False)
    seed = check_random_state(random_state)
    wide, doc, coders = _units(codes, coder_col)
    pairable = (wide.notna().sum(axis=1) >= 2).to_numpy()
    if not pairable.any():
        raise ParameterError("no sentence is coded by two coders; agreement needs sentences they both coded.")
    names = codebook_names(
        codebook if codebook is not None else joined_names(codes, "codebook") or ["_", "__"]
    )
    seen = set(wide.stack().dropna())
    frames = [f for f in names if f in seen] + sorted(seen - set(names))
    vc = _value_counts(wide[pairable], frames)
    point = _point_alphas(vc)
    docs, d = np.unique(doc.to_numpy()[pairable], return_inverse=True)
    per_doc = np.zeros((len(docs), len(frames) ** 2))
    np.add.at(per_doc, d, _coincidences(vc))
    full = _alphas_from_coincidences(per_doc.sum(axis=0), len(frames))
    low = high = np.full((2, len(frames) + 1), np.nan)
    if n_boot >= 2:
        (boot,) = resample_sums([per_doc], n_boot, np.random.default_rng(seed))
        reps = _alphas_from_coincidences(boot, len(frames))  # (n_boot, 2, k + 1)
        low, high = percentile_interval(reps.reshape(n_boot, -1), ci)
        low, high = low.reshape(2, -1), high.reshape(2, -1)
    n_values = np.concatenate([[vc.sum()], vc.sum(axis=0)])
    scores = pd.DataFrame(
        {
            "frame": [ALL_FRAMES, *frames] * 2,
            "metric": ["alpha"] * (len(frames) + 1) + ["percent_agreement"] * (len(frames) + 1),
            "value": np.concatenate([point, full[1]]),
            "ci_low": low.ravel(),
            "ci_high": high.ravel(),
            "n_values": np.concatenate([n_values, n_values]).astype(int),
        }
    )
    return CoderAgreement(
        scores=scores,
        confusion=_confusion(wide, coders, frames),
        disagreements=_disagreements(codes, wide, pairable),
        coders=coders,
        frames=frames,
        n_units=int(pairable.sum()),
        n_documents=len(docs),
        n_boot=n_boot,
        ci=ci,
    )


def adjudication_sheet(
    agreement: CoderAgreement, *, path=None, sentences: pd.DataFrame | None = None, context: int = 1
) -> pd.DataFrame:
    """Write the sentences coders disagree on as a sheet for a third coder (the adjudicator).

    Parameters
    ----------
    agreement : CoderAgreement
        :func:`coder_agreement` output.
    path : path, optional
        Write the sheet there as UTF-8 CSV; an existing file is never overwritten.
    sentences : pandas.DataFrame, optional
        The corpus's sentences, to add ``before``/``text``/``after`` when the
        codes did not carry them (:func:`framing.frames.coding.sentence_context`).
    context : int, default 1
        Neighbouring sentences shown, when taken from ``sentences``.

    Returns
    -------
    pandas.DataFrame
        ``sentence_id``, ``doc_id``, the side and context columns, ``label_<coder>``
        for each coder, an empty ``decision`` column to fill with one codebook
        frame, and ``note``.

    References
    ----------
    Krippendorff, K. (2004). Content Analysis, 2nd ed., ch. 11 (reliability data
    come before adjudication: resolve disagreements only after measuring them).
    """
    sheet = agreement.disagreements.copy()
    if "text" not in sheet.columns and sentences is not None:
        ids = pd.Series(np.arange(len(sentences)), index=sentence_ids(sentences).to_numpy())
        rows = ids.reindex(sheet["sentence_id"]).to_numpy()
        if np.isnan(rows.astype(float)).any():
            raise ParameterError("some disagreements are not in the sentences given; pass the coded corpus.")
        around = sentence_context(
            sentences, rows.astype(int), context=check_int(context, "context", minimum=0)
        )
        sheet = pd.concat([sheet.reset_index(drop=True), around], axis=1)
    sheet = sheet.rename(columns={c: f"label_{c}" for c in agreement.coders})
    sheet["decision"] = ""
    sheet["note"] = ""
    if path is not None:
        write_new_csv(sheet, path, what="adjudication sheets")
    return sheet


def adjudicate(codes: pd.DataFrame, path, *, codebook, coder_col: str = "coder") -> pd.DataFrame:
    """Final codes: the coders' label where they agree, the adjudicator's decision where they do not.

    Parameters
    ----------
    codes : pandas.DataFrame
        The several coders' codes given to :func:`coder_agreement`.
    path : path
        The sheet :func:`adjudication_sheet` wrote, with its ``decision`` column filled.
    codebook : mapping or sequence of str
        The allowed frames.
    coder_col : str, default "coder"
        Column naming the coder.

    Returns
    -------
    pandas.DataFrame
        One row per coded sentence, in the codes' order: ``sentence_id``,
        ``doc_id``, ``label``, ``source`` (``"agreed"``, ``"adjudicated"``, or
        ``"single"`` for a sentence only one coder coded), plus ``row`` when the
        codes carry it, and ``codebook`` (the frames joined with ``"; "``, the same on
        every row); ready for :func:`framing.validate_frames`.

    Raises
    ------
    CorpusError
        Naming the line of the sheet: a decision left empty or not in the
        codebook; a disagreement missing from the sheet; a sheet row that is
        not a disagreement.

    References
    ----------
    Krippendorff, K. (2004). Content Analysis, 2nd ed., ch. 11.
    """
    names = codebook_names(codebook)
    wide, doc, _ = _units(codes, coder_col)
    decided = read_codes(path, codebook=names, label_col="decision")
    labels = wide.to_numpy(dtype=object)
    given = [sorted({v for v in row if isinstance(v, str)}) for row in labels]
    differ = pd.Index([sid for sid, g, row in zip(wide.index, given, labels) if len(g) > 1])
    missing = differ.difference(decided["sentence_id"])
    if len(missing):
        raise CorpusError(
            f"{path}: {len(missing)} disagreement(s) have no row, e.g. {list(missing[:3])}; write the sheet with "
            "adjudication_sheet from these codes."
        )
    extra = ~decided["sentence_id"].isin(differ).to_numpy()
    if extra.any():
        raise CorpusError(
            f"{path}, line {decided['line'].to_numpy()[extra][0]}: sentence "
            f"{decided['sentence_id'].to_numpy()[extra][0]!r} is not one the coders disagree on; was the sheet "
            "written from other codes?"
        )
    decision = decided.set_index("sentence_id")["label"]
    n_coders = wide.notna().sum(axis=1).to_numpy()
    final = [decision[s] if len(g) > 1 else g[0] for s, g in zip(wide.index, given)]
    source = np.where(n_coders < 2, "single", np.where([len(g) > 1 for g in given], "adjudicated", "agreed"))
    out = pd.DataFrame(
        {"sentence_id": wide.index, "doc_id": doc.to_numpy(), "label": final, "source": source}
    )
    if "row" in codes.columns:
        out["row"] = (
            codes.drop_duplicates("sentence_id")
            .set_index("sentence_id")["row"]
            .reindex(wide.index)
            .to_numpy()
        )
    out["codebook"] = "; ".join(names)
    return out


def with_classifier(
    codes: pd.DataFrame,
    *,
    predicted,
    coder: str = "coder 1",
    name: str = "classifier",
    coder_col: str = "coder",
) -> pd.DataFrame:
    """One coder's codes beside a classifier's labels of the same sentences, as two coders' codes.

    Parameters
    ----------
    codes : pandas.DataFrame
        One coder's :func:`framing.read_codes` table (``sentence_id``, ``doc_id``, ``label``).
    predicted : array-like of str
        The classifier's label of each row of ``codes`` (out-of-fold predictions,
        so the classifier never saw the sentence it labels).
    coder : str, default "coder 1"
        Name given to the human coder.
    name : str, default "classifier"
        Name given to the classifier.
    coder_col : str, default "coder"
        Column naming the coder.

    Returns
    -------
    pandas.DataFrame
        Input for :func:`coder_agreement`: classifier-coder agreement on the
        scale of coder-coder agreement.

    References
    ----------
    Krippendorff, K. (2004). Content Analysis, 2nd ed., ch. 11.
    """
    predicted = np.asarray(predicted, dtype=object)
    if len(predicted) != len(codes):
        raise ParameterError(f"predicted has {len(predicted)} labels but codes has {len(codes)} rows.")
    # The codebook column (read_codes) goes along, so coder_agreement keeps the codebook's frame order.
    keep = ["sentence_id", "doc_id", "label", *(["codebook"] if "codebook" in codes.columns else [])]
    human = codes[keep].assign(**{coder_col: coder})
    machine = human.assign(label=predicted, **{coder_col: name})
    return pd.concat([human, machine], ignore_index=True)
