"""Policy frames: label each sentence with the frame it leans on, or abstain.

The default codebook is the 15 policy frames of Boydstun, Card, Gross, Resnik &
Smith (2014), the categories annotated in the Media Frames Corpus (Card et al.
2015). The descriptions and example sentences in :data:`MFC_FRAMES` are the
project's own wording of those categories; each description starts with the
frame's name, and the examples are drawn from the policy issues of the Media
Frames Corpus itself (immigration, smoking, same-sex marriage, gun control,
the death penalty, climate), none from the project's demo topic, so no frame
is tied to the coverage being analysed. A researcher can pass their own codebook instead (see
:func:`assign_frames`).

Method: nearest prototype in embedding space. Each frame's name, description
and examples are embedded with the same sentence-transformers model as the
sentences (Reimers & Gurevych 2019); the frame's prototype is the normalised
sum of the name's vector and the mean of the others (as in prototypical
networks, Snell et al. 2017). A
sentence's score for a frame is the cosine similarity to the prototype; it
takes the best-scoring frame unless it abstains (see
:func:`assign_frames`). This is a zero-shot, lexical-semantic proxy for a
human coder's judgement, not a replacement for one: validate it on labelled
data from your domain before leaning on it (``benchmarks/frames_validation.py``
does so for five narrative frames). It is exploratory; for numbers to report,
code a sample by hand and train :class:`framing.FrameClassifier`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from framing._bootstrap import bootstrap_ratio, warn_few_outlets
from framing._docstrings import fill_doc
from framing._validate import (
    check_column,
    check_groups,
    check_int,
    check_number,
    check_texts,
    check_vectors,
    is_text_estimator,
)
from framing.errors import ParameterError
from framing.labels import ABSTAIN_LABEL, REST

__all__ = [
    "ABSTAIN_LABEL",
    "MFC_FRAMES",
    "assign_frames",
    "compare_frames",
    "frame_shares",
    "normalize_frames",
]

#: Softmax scale for ``confidence``: 20 is the similarity scale all-MiniLM-L6-v2 and
#: most sentence-transformers models are trained with (MultipleNegativesRankingLoss),
#: so ``softmax(20 * cos)`` is the model's own notion of "which candidate matches".
_SCALE = 20.0

#: The Boydstun et al. (2014) policy frames, in the project's own words.
#: ``residual: True`` marks "Other", which has no content to match against:
#: :func:`assign_frames` skips it, and abstention plays its role.
MFC_FRAMES: dict[str, dict] = {
    "Economic": {
        "description": "Economic frame: the costs, benefits, money and financial consequences of an issue: "
        "prices, jobs, taxes, budgets, growth, investment and who gains or loses economically.",
        "examples": [
            "Farmers say a shortage of migrant workers will cost the industry millions in unpicked crops.",
            "A higher cigarette tax would raise about two billion dollars a year for the state budget.",
            "Gun makers warn that the ban would put thousands of factory jobs at risk.",
            "The carbon levy will push up electricity bills for the average household.",
        ],
    },
    "Capacity and resources": {
        "description": "Capacity and resources frame: whether there is enough of what is needed: physical, "
        "human or financial resources, staff, space, equipment, infrastructure, time, and the ability of "
        "institutions to cope.",
        "examples": [
            "Immigration courts have a backlog of more than a million cases and too few judges.",
            "Death row prisons are running out of space as appeals drag on for decades.",
            "Clinics do not have enough counsellors to help everyone who wants to quit smoking.",
            "The county lacks the trucks and crews to clear the debris after the storm.",
        ],
    },
    "Morality": {
        "description": "Morality frame: right and wrong, duty, ethics, religious or moral values and "
        "conscience; what people ought to do as a matter of principle.",
        "examples": [
            "Church leaders said executing a prisoner is a sin that no court can make right.",
            "We have a moral duty to welcome strangers who flee persecution.",
            "Opponents argue that marriage is a sacred institution defined by faith.",
            "Selling a product that kills its users is simply wrong, the activist said.",
        ],
    },
    "Fairness and equality": {
        "description": "Fairness and equality frame: justice and equality in how rights, rules, burdens and "
        "rewards are shared among individuals or groups; discrimination, double standards, equal treatment.",
        "examples": [
            "Same-sex couples are denied the tax benefits every other married couple receives.",
            "Black defendants are far more likely to be sentenced to death than white defendants.",
            "Poorer neighbourhoods breathe the dirtiest air while richer suburbs stay clean.",
            "Applicants from some countries wait ten times longer for a visa than others.",
        ],
    },
    "Legality, constitutionality and jurisprudence": {
        "description": "Legality, constitutionality and jurisprudence frame: laws, courts, rights and legal "
        "authority: whether an action is legal or constitutional, treaties, lawsuits, rulings and "
        "jurisdiction.",
        "examples": [
            "The Supreme Court ruled that the ban on same-sex marriage violates the Constitution.",
            "Lawyers filed a suit arguing that the gun law breaches the Second Amendment.",
            "The judge said the state has no authority to enforce federal immigration law.",
            "Under the treaty, signatories are legally bound to cut their emissions.",
        ],
    },
    "Policy prescription and evaluation": {
        "description": "Policy prescription and evaluation frame: specific policies proposed or adopted to "
        "deal with an issue, and judgements of whether existing policies work: plans, measures, reforms, "
        "recommendations.",
        "examples": [
            "The senator proposed a guest-worker programme with a path to citizenship.",
            "A study found that the smoking ban in bars cut heart attacks by a fifth.",
            "Experts say universal background checks would be the most effective reform.",
            "The plan would replace coal plants with wind and solar power by 2035.",
        ],
    },
    "Crime and punishment": {
        "description": "Crime and punishment frame: breaking the law and its consequences: crimes, "
        "criminals, police, arrests, trials, sentences and enforcement.",
        "examples": [
            "Police arrested three men suspected of smuggling cigarettes across the state line.",
            "The gunman was sentenced to life in prison without parole.",
            "Prosecutors charged the employer with hiring undocumented workers.",
            "The inmate was convicted of murder in 1995 and has been on death row since.",
        ],
    },
    "Security and defense": {
        "description": "Security and defense frame: threats to the security or safety of a nation or its "
        "people and the means of defence against them: military forces, terrorism, war, weapons, borders "
        "and deterrence.",
        "examples": [
            "Officials fear that terrorists could slip across the unguarded border.",
            "The navy warns that rising seas threaten its coastal bases.",
            "The government deployed troops to secure the border crossings.",
            "Hostile states could cripple the power grid with a single cyber attack.",
        ],
    },
    "Health and safety": {
        "description": "Health and safety frame: health care, disease, injury, sanitation, accidents, "
        "disasters and public safety; threats to people's bodies and lives other than crime and war.",
        "examples": [
            "Smoking causes more than eight out of ten lung cancer deaths.",
            "Heat waves sent thousands of elderly people to hospital last summer.",
            "Children are injured every year by guns left loaded at home.",
            "Detained migrants were held in crowded cells without clean water.",
        ],
    },
    "Quality of life": {
        "description": "Quality of life frame: effects of an issue on people's everyday well-being, comfort "
        "and opportunities: housing, family life, schooling, leisure, convenience, community life.",
        "examples": [
            "The couple say marriage would let them finally feel secure raising their children.",
            "Non-smokers can now enjoy an evening out without coming home smelling of smoke.",
            "Families in the neighbourhood no longer let their children play outside.",
            "Commuters now spend three hours a day in traffic.",
        ],
    },
    "Cultural identity": {
        "description": "Cultural identity frame: traditions, customs, language, religion and history as part "
        "of a group's or nation's identity and values; heritage and belonging.",
        "examples": [
            "Hunting with guns is part of rural heritage passed down for generations.",
            "Immigrants have shaped the nation's food, music and language for two centuries.",
            "For many in the community, the festival is the heart of their identity.",
            "Critics say the new curriculum erases the region's language and history.",
        ],
    },
    "Public opinion": {
        "description": "Public opinion frame: what the public, voters or citizens think and feel about an "
        "issue: polls, protests, demonstrations, social media reactions, popular mood.",
        "examples": [
            "A new poll shows that most voters now support same-sex marriage.",
            "Thousands marched through the capital to demand action on climate change.",
            "The hashtag trended nationwide as anger spread online.",
            "Public support for the death penalty has fallen to its lowest level in forty years.",
        ],
    },
    "Political": {
        "description": "Political frame: politics as a contest: parties, politicians, elections, campaigns, "
        "governments and oppositions, lobbying, political strategy, manoeuvring and who wins or loses "
        "politically.",
        "examples": [
            "The governor's stance on immigration could cost him the primary.",
            "Republicans and Democrats blamed each other as the gun bill died in the Senate.",
            "The tobacco lobby spent millions on the campaigns of friendly lawmakers.",
            "The move is seen as a bid by the president to shore up his base before the election.",
        ],
    },
    "External regulation and reputation": {
        "description": "External regulation and reputation frame: a country's relations with other nations "
        "and its standing among them: diplomacy, international agreements and organisations, foreign "
        "pressure, isolation, image and reputation abroad.",
        "examples": [
            "European governments criticised the country for executing juvenile offenders.",
            "The deal with the neighbouring country aims to stem the flow of migrants.",
            "The country risks becoming an outcast at the climate talks.",
            "Human rights groups say the policy has damaged the nation's image abroad.",
        ],
    },
    "Other": {
        "description": "Any framing that fits none of the categories above.",
        "examples": [],
        "residual": True,
    },
}


def normalize_frames(frames) -> dict[str, list[str]]:
    """Turn a codebook into ``{frame name: [anchor texts]}``.

    Parameters
    ----------
    frames : mapping
        ``{name: {"description": str, "examples": [str, ...]}}`` (either key
        may be omitted, not both; ``"residual": True`` entries are skipped),
        ``{name: [str, ...]}`` (all strings are anchors) or ``{name: str}``.

    Returns
    -------
    dict
        Frame name to its anchor texts (description first, then examples).

    Raises
    ------
    ParameterError
        Not a mapping, fewer than two usable frames, or a frame with no text.
    """
    if not isinstance(frames, Mapping):
        raise ParameterError(
            "frames must be a mapping such as {'Economic': {'description': '...', 'examples': ['...']}} "
            f"or {{'Economic': ['...', '...']}}; got {type(frames).__name__}."
        )
    out: dict[str, list[str]] = {}
    for name, spec in frames.items():
        if not isinstance(name, str) or not name.strip():
            raise ParameterError(f"frame names must be non-empty strings; got {name!r}.")
        if isinstance(spec, str):
            anchors = [spec]
        elif isinstance(spec, Mapping):
            if spec.get("residual", False):
                continue
            unknown = set(spec) - {"description", "examples", "residual"}
            if unknown:
                raise ParameterError(
                    f"frame {name!r} has unknown key(s) {sorted(unknown)}; use 'description' and 'examples'."
                )
            desc = spec.get("description")
            examples = spec.get("examples") or []
            if isinstance(examples, str):
                examples = [examples]
            anchors = ([desc] if desc else []) + list(examples)
        elif isinstance(spec, Sequence):
            anchors = list(spec)
        else:
            raise ParameterError(
                f"frame {name!r} must map to a description string, a list of strings, or "
                f"{{'description': ..., 'examples': [...]}}; got {type(spec).__name__}."
            )
        bad = [a for a in anchors if not isinstance(a, str) or not a.strip()]
        if bad or not anchors:
            raise ParameterError(
                f"frame {name!r} needs at least one non-empty text (a description or examples); got {anchors!r}."
            )
        out[name] = [a.strip() for a in anchors]
    if len(out) < 2:
        raise ParameterError(
            f"assign_frames needs at least two frames to choose between; got {list(out)}. "
            "Add frames (the margin rule compares the best frame with the runner-up)."
        )
    return out


def _prototypes(anchors: dict[str, list[str]], embedder) -> tuple[list[str], np.ndarray]:
    """Prototype of each frame: its name and its texts (description, examples) weigh half each."""
    names = list(anchors)
    texts = names + [t for n in names for t in anchors[n]]
    vec = check_vectors(embedder.encode(texts), n_rows=len(texts), name="embedded frame texts")
    vec = vec / np.linalg.norm(vec, axis=1, keepdims=True)
    protos, start = [], len(names)
    for i, n in enumerate(names):
        k = len(anchors[n])
        m = vec[start : start + k].mean(axis=0)
        p = vec[i] + m / np.linalg.norm(m)
        protos.append(p / np.linalg.norm(p))
        start += k
    return names, np.vstack(protos).astype(np.float32)


def assign_frames(
    vectors_or_texts,
    *,
    frames=MFC_FRAMES,
    embedder=None,
    min_similarity: float = 0.25,
    margin: float = 0.02,
) -> pd.DataFrame:
    """Label each sentence with its closest frame, or abstain.

    Parameters
    ----------
    vectors_or_texts : array of shape (n, dim), sequence of str, pandas.Series or DataFrame
        Sentence vectors from ``framing.embed`` (**embedded with the same model
        as** ``embedder``), or the sentences themselves (a list of strings, a
        Series, or a sentences table with a ``text`` column), which are then
        embedded with ``embedder``.
    frames : mapping, default :data:`MFC_FRAMES`
        The codebook: ``{name: {"description": ..., "examples": [...]}}`` or
        ``{name: [texts...]}`` or ``{name: description}``. At least two frames.
    embedder : object with ``encode(list_of_str) -> ndarray``, optional
        Embeds the frame texts (and the sentences, if texts are given).
        Default ``framing.Embedder()`` (the offline default model).
    min_similarity : float, default 0.25
        Abstain when the best frame's cosine similarity is below this.
    margin : float, default 0.02
        Abstain when the best frame beats the runner-up by less than this.

    Returns
    -------
    pandas.DataFrame
        One row per sentence (same index as a Series/DataFrame input):
        ``frame`` (str, or None when abstaining), ``confidence`` (softmax
        probability of the best frame over all frames at scale 20; 0 when
        abstaining), ``similarity`` (cosine to the best frame's prototype),
        ``best`` (the best frame even when abstaining), ``runner_up`` and
        ``margin`` (best minus runner-up similarity). ``attrs`` holds the rule
        and the frame names.

    Raises
    ------
    ParameterError
        Bad codebook, empty input, or vectors whose dimension differs from the
        embedder's.

    Notes
    -----
    **Rule.** Each frame's prototype is the normalised sum of two unit
    vectors: the embedding of the frame's *name* and the normalised mean
    embedding of its description and examples (the name anchors the prototype
    to what the codebook calls the frame; the texts say what it covers). A
    sentence gets frame *f* when *f*'s prototype is
    the most similar one **and** that similarity is at least
    ``min_similarity`` **and** it exceeds the runner-up's by at least
    ``margin``; otherwise ``frame`` is None (no frame is clearly closest: the
    sentence is off-topic for the codebook, or split between two frames).

    The thresholds were set once, on the project's own example sentences, for
    all-MiniLM-L6-v2: off-topic sentences score below about 0.2 against every
    MFC prototype. The name-plus-texts prototype was chosen on the project's
    hand-coded demo sample (``data/sco_qingdao_2025_frame_codes.csv``) and then
    tested, unchanged, on the Narrative Frames Corpus, which it was not tuned
    on (``benchmarks/frames_validation.py``; numbers in docs/guides/frames.md). Other
    models have other similarity scales; re-check the thresholds if you change
    model. This is exploratory: a classifier trained on hand-coded sentences
    (:class:`framing.FrameClassifier`, validated by
    :func:`framing.validate_frames`) is the method to report.

    References
    ----------
    Boydstun, A. E., Card, D., Gross, J. H., Resnik, P. & Smith, N. A. (2014).
    Tracking the development of media frames within and across policy issues.
    Card, D., Boydstun, A. E., Gross, J. H., Resnik, P. & Smith, N. A. (2015).
    The Media Frames Corpus: Annotations of frames across issues. ACL.
    Snell, J., Swersky, K. & Zemel, R. (2017). Prototypical networks for
    few-shot learning. NeurIPS.
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT. EMNLP-IJCNLP.
    """
    anchors = normalize_frames(frames)
    for name, val in (("min_similarity", min_similarity), ("margin", margin)):
        if not isinstance(val, (int, float)) or not -1.0 <= float(val) <= 2.0:
            raise ParameterError(f"{name} must be a number (a cosine similarity); got {val!r}.")
    if embedder is None:
        from framing.embedding import Embedder

        embedder = Embedder()
    if not hasattr(embedder, "encode"):
        raise ParameterError(
            f"embedder must have an encode(list_of_str) method; got {type(embedder).__name__}."
        )

    index = None
    if isinstance(vectors_or_texts, pd.DataFrame):
        index = vectors_or_texts.index
        texts = check_column(vectors_or_texts, "text").astype(str).tolist()
        vec = None
    elif isinstance(vectors_or_texts, pd.Series):
        index = vectors_or_texts.index
        texts, vec = vectors_or_texts.astype(str).tolist(), None
    elif isinstance(vectors_or_texts, str):
        raise ParameterError("pass a list of sentences, not a single string (wrap it: [text]).")
    elif isinstance(vectors_or_texts, np.ndarray) and vectors_or_texts.dtype.kind in "fiu":
        texts, vec = None, check_vectors(vectors_or_texts)
    elif isinstance(vectors_or_texts, Sequence) and all(isinstance(t, str) for t in vectors_or_texts):
        texts, vec = list(vectors_or_texts), None
    elif isinstance(vectors_or_texts, Sequence) and any(isinstance(t, str) for t in vectors_or_texts):
        bad = [i for i, t in enumerate(vectors_or_texts) if not isinstance(t, str)]
        raise ParameterError(
            f"the sentences must all be strings; item {bad[0]} is {vectors_or_texts[bad[0]]!r} "
            f"({len(bad)} non-string item(s) in all). Drop or fill them, or pass the sentences table."
        )
    else:
        texts, vec = None, check_vectors(vectors_or_texts)
    if texts is not None:
        if len(texts) == 0:
            raise ParameterError("no sentences to label: the input is empty.")
        vec = check_vectors(embedder.encode(texts), n_rows=len(texts), name="embedded sentences")
    if len(vec) == 0:
        raise ParameterError("no sentences to label: the input is empty.")

    names, protos = _prototypes(anchors, embedder)
    if protos.shape[1] != vec.shape[1]:
        raise ParameterError(
            f"the vectors have dimension {vec.shape[1]} but the embedder produces {protos.shape[1]}: they come "
            "from different models. Pass embedder= the model the vectors were made with, or pass texts."
        )
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    sims = (vec / norms) @ protos.T  # (n, n_frames); small, frames are few

    order = np.argsort(-sims, axis=1, kind="stable")
    top, second = order[:, 0], order[:, 1]
    rows = np.arange(len(sims))
    best_sim, second_sim = sims[rows, top], sims[rows, second]
    z = _SCALE * (sims - best_sim[:, None])
    conf = 1.0 / np.exp(z).sum(axis=1)
    gap = best_sim - second_sim
    keep = (best_sim >= min_similarity) & (gap >= margin)
    names_arr = np.array(names, dtype=object)
    out = pd.DataFrame(
        {
            "frame": pd.Series(np.where(keep, names_arr[top], None), dtype=object),
            "confidence": np.where(keep, conf, 0.0).astype(float),
            "similarity": best_sim.astype(float),
            "best": pd.Series(names_arr[top], dtype=object),
            "runner_up": pd.Series(names_arr[second], dtype=object),
            "margin": gap.astype(float),
        }
    )
    if index is not None:
        out.index = index
    out.attrs.update(
        {
            "frames": names,
            "rule": f"best prototype if cosine >= {min_similarity} and ahead of the runner-up by >= {margin}",
            "min_similarity": float(min_similarity),
            "margin": float(margin),
        }
    )
    return out


def _frame_labels(
    sentences: pd.DataFrame, frames, include_abstained: bool
) -> tuple[pd.DataFrame, np.ndarray]:
    """Row-aligned frame labels (abstentions as ABSTAIN_LABEL or dropped)."""
    if not isinstance(sentences, pd.DataFrame):
        raise ParameterError(f"sentences must be a pandas DataFrame; got {type(sentences).__name__}.")
    if isinstance(frames, pd.DataFrame):
        labels = check_column(frames, "frame", name="frames")
    elif isinstance(frames, pd.Series):
        labels = frames
    else:
        labels = pd.Series(list(frames), dtype=object)
    if len(labels) != len(sentences):
        raise ParameterError(
            f"frames has {len(labels)} rows but sentences has {len(sentences)}; pass the frame labels "
            "(assign_frames() or FrameClassifier.predict() output) of exactly these sentences."
        )
    lab = pd.Series(labels.to_numpy(dtype=object), dtype=object)
    missing = lab.isna().to_numpy()
    if include_abstained:
        lab[missing] = ABSTAIN_LABEL
        return sentences, lab.to_numpy(dtype=object)
    if missing.all():
        raise ParameterError("every sentence abstained: there are no frame labels to compare.")
    return sentences.loc[~missing], lab[~missing].to_numpy(dtype=object)


@fill_doc
def frame_shares(
    sentences: pd.DataFrame,
    frames,
    *,
    by: str = "side",
    sides=None,
    include_abstained: bool = True,
    n_boot: int = 2000,
    ci: float = 0.95,
    cluster_by: str | None = None,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Share of each side's sentences in each frame, with document-level bootstrap CIs.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences table with ``doc_id`` and the ``by`` column.
    frames : pandas.DataFrame, Series or sequence
        ``assign_frames(...)`` output (its ``frame`` column is used) or the frame
        labels themselves, row-aligned with ``sentences``; None = abstained.
    {doc.by}
    {doc.sides}
    include_abstained : bool, default True
        Count abstentions as a category (:data:`ABSTAIN_LABEL`) so shares sum to
        one over everything each side said; with False, shares are among the
        sentences that got a frame.
    {doc.n_boot}
    {doc.ci}
    {doc.cluster_by}
    {doc.random_state}

    Returns
    -------
    pandas.DataFrame
        ``side`` (the value of ``by``; ``attrs["by"]`` names the column), ``frame``, ``n_sentences`` (in the frame),
        ``n_total`` (the side's sentences), ``n_docs``, ``share``, ``ci_low``,
        ``ci_high``; one row per side and frame, frames in codebook order where
        known.

    Notes
    -----
    Shares are computed within each side (volume is not emphasis). The interval
    is the bootstrap percentile interval from resampling the side's documents
    (Efron & Tibshirani 1993; Field & Welsh 2007).

    References
    ----------
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap. Chapman
    & Hall. Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data.
    J. R. Stat. Soc. B 69, 369-390.
    """
    n_boot = check_int(n_boot, "n_boot")
    ci = check_number(ci, "ci", low=0.0, high=1.0, inclusive=False, hint=" (e.g. 0.95)")
    frame_order = list(frames.attrs.get("frames", [])) if isinstance(frames, pd.DataFrame) else []
    sents, lab = _frame_labels(sentences, frames, include_abstained)
    col = check_column(sents, by, param="by")
    check_column(sents, "doc_id")
    chosen = check_groups(col, sides, column=by, min_groups=1)
    present = list(pd.unique(lab))
    cats = [f for f in frame_order if f in present] + sorted(
        set(present) - set(frame_order) - {ABSTAIN_LABEL}
    )
    if ABSTAIN_LABEL in present:
        cats.append(ABSTAIN_LABEL)
    cat_idx = {c: i for i, c in enumerate(cats)}
    rng = np.random.default_rng(random_state)
    side_vals = col.astype("string").to_numpy(dtype=object, na_value=None)
    docs_all = sents["doc_id"].astype("string").to_numpy(dtype=object, na_value="<missing doc_id>")
    outlets = _doc_outlets(sents, cluster_by, docs_all, side_vals, chosen, by)
    out = []
    for side in chosen:
        m = side_vals == side
        docs, d_idx = np.unique(docs_all[m].astype(str), return_inverse=True)
        c_idx = np.array([cat_idx[x] for x in lab[m]], dtype=int)
        num = np.zeros((len(docs), len(cats)))
        np.add.at(num, (d_idx, c_idx), 1.0)
        den = np.repeat(num.sum(axis=1, keepdims=True), len(cats), axis=1)
        groups = None if outlets is None else outlets[side].reindex(docs).to_numpy(dtype=object)
        lo, hi = bootstrap_ratio(num, den, int(n_boot), float(ci), rng, groups=groups)
        n_total = int(m.sum())
        out.append(
            pd.DataFrame(
                {
                    "side": side,
                    "frame": cats,
                    "n_sentences": num.sum(0).astype(int),
                    "n_total": n_total,
                    "n_docs": len(docs),
                    "share": num.sum(0) / n_total,
                    "ci_low": lo,
                    "ci_high": hi,
                }
            )
        )
    res = pd.concat(out, ignore_index=True)
    res.attrs.update(
        {"by": by, "ci": float(ci), "n_boot": int(n_boot), "include_abstained": include_abstained}
    )
    if cluster_by is not None:
        res.attrs["cluster_by"] = cluster_by
    return res


def _doc_outlets(sents: pd.DataFrame, cluster_by, docs_all, side_vals, chosen, by: str):
    """``{side: Series doc_id -> outlet}`` for the two-stage bootstrap (warns on few outlets), or None."""
    if cluster_by is None:
        return None
    outlet = check_column(sents, cluster_by, param="cluster_by").astype("string")
    # Documents without an outlet are pooled into one, the conservative choice (fewer clusters).
    outlet = outlet.fillna(f"<missing {cluster_by}>").to_numpy(dtype=object)
    m = np.isin(side_vals, list(chosen))
    frame = pd.DataFrame({"doc": docs_all[m].astype(str), "side": side_vals[m], "outlet": outlet[m]})
    first = frame.groupby(["side", "doc"], sort=True)["outlet"].first()
    units = first.reset_index()
    warn_few_outlets(
        units["outlet"].to_numpy(dtype=object),
        units["side"].map({s: i for i, s in enumerate(chosen)}).to_numpy(),
        list(chosen),
        by=by,
        cluster_by=cluster_by,
        stacklevel=4,
    )
    return {side: first.loc[side] for side in chosen if side in first.index.get_level_values(0)}


@fill_doc
def compare_frames(
    sentences: pd.DataFrame,
    frames,
    *,
    by: str = "side",
    sides=None,
    include_abstained: bool = True,
    n_boot: int = 2000,
    random_state: int | None = 0,
    classifier=None,
    validation=None,
    **kwargs,
) -> pd.DataFrame:
    """Test which frames each side leans on more: differences of shares between sides.

    A thin adapter over :func:`framing.compare.compare_shares` with frames in
    place of clusters, so frames get exactly the statistics clusters get:
    shares within each side, bootstrap percentile CIs of the difference from
    resampling documents, permutation p-values from shuffling side labels
    across documents, and Benjamini-Hochberg q-values across frames.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences table with ``doc_id`` and the ``by`` column.
    frames : pandas.DataFrame, Series or sequence
        ``assign_frames(...)`` output or frame labels, row-aligned with ``sentences``.
    {doc.by}
    {doc.sides}
    include_abstained : bool, default True
        Keep abstentions as a category (:data:`ABSTAIN_LABEL`); with False they
        are dropped before shares are computed.
    {doc.n_boot}
    {doc.random_state}
    classifier : fitted FrameClassifier or TextFrameClassifier, optional
        With ``validation``: ``frames`` are then the sentence vectors (the
        sentences' texts for a :class:`framing.TextFrameClassifier`), and the
        classifier labels them.
    validation : FrameValidation, optional
        :func:`framing.validate_frames` of the classifier that made the labels.
        When given, shares and differences are corrected for the classifier's
        errors (adjusted classify and count, :func:`framing.corrected_shares`)
        and their intervals resample both the corpus's documents and the coded
        documents; p- and q-values stay those of the permutation test on the
        labels (equal true shares imply equal label shares when both sides are
        labelled by the same classifier). The table gains ``share_a_raw`` and
        ``share_b_raw`` (classify and count).
    **kwargs
        Passed to :func:`~framing.compare.compare_shares` (``n_perm``,
        ``weight``, ``ci``, ``cluster_by``...). ``cluster_by="source"`` makes the
        interval outlet-level (outlets, then documents) and adds the
        leave-one-outlet-out columns (``loo_low``, ``loo_high``,
        ``one_outlet``, ``carried_by``); not with ``validation`` yet.

    Returns
    -------
    pandas.DataFrame
        :func:`~framing.compare.compare_shares`'s table with its ``cluster``
        column replaced by ``frame``: ``side_a``, ``side_b``, ``frame``,
        ``share_a``, ``share_b``, ``diff``, ``ci_low``, ``ci_high``,
        ``p_value``, ``q_value``, ``n_docs_a``...

    References
    ----------
    Efron & Tibshirani (1993); Good (2005); Benjamini & Hochberg (1995), as in
    :func:`framing.compare.compare_shares`; Forman (2008) and Hopkins & King
    (2010) for the correction.
    """
    from framing.compare import compare_shares

    if classifier is not None:
        if validation is None:
            raise ParameterError(
                "classifier= needs validation= (framing.validate_frames of that classifier) to correct the "
                "shares; without a correction pass the labels: compare_frames(sentences, classifier.predict(X))."
            )
        if is_text_estimator(classifier):
            frames = classifier.label(check_texts(frames, "frames"), index=sentences.index)
        else:
            frames = classifier.label(check_vectors(frames, n_rows=len(sentences)), index=sentences.index)
    if validation is not None and kwargs.get("cluster_by") is not None:
        raise ParameterError(
            "cluster_by= is not available with validation= yet: the corrected intervals resample the coded "
            "documents too. Compare the uncorrected labels with cluster_by=, or drop cluster_by=."
        )
    if validation is not None:
        return _compare_corrected(
            sentences,
            frames,
            validation,
            by=by,
            sides=sides,
            n_boot=n_boot,
            random_state=random_state,
            **kwargs,
        )
    sents, lab = _frame_labels(sentences, frames, include_abstained)
    codes, names = pd.factorize(pd.Series(lab, dtype=object), sort=True)
    res = compare_shares(sents, codes, by=by, sides=sides, n_boot=n_boot, random_state=random_state, **kwargs)
    return _clusters_to_frames(res, names)


def _clusters_to_frames(table: pd.DataFrame, names) -> pd.DataFrame:
    """compare_shares output with its ``cluster`` codes replaced by frame names (same place)."""
    out = table.copy()
    out["cluster"] = np.asarray(names, dtype=object)[table["cluster"].to_numpy(dtype=int)]
    return out.rename(columns={"cluster": "frame"})


def _compare_corrected(
    sentences, frames, validation, *, by, sides, n_boot, random_state, **kwargs
) -> pd.DataFrame:
    """compare_frames with shares corrected by the validation's misclassification matrix."""
    from framing.compare import compare_shares
    from framing.quantify import corrected_draws

    if kwargs.get("weight", "sentence") != "sentence":
        raise ParameterError(
            "the corrected shares are shares of sentences; weight='document' cannot be corrected. Drop "
            "weight= or drop validation=."
        )
    ci = check_number(kwargs.get("ci", 0.95), "ci", low=0.0, high=1.0, inclusive=False, hint=" (e.g. 0.95)")
    sents, lab = _frame_labels(sentences, frames, include_abstained=True)
    codes, names = pd.factorize(pd.Series(lab, dtype=object), sort=True)
    tests = compare_shares(
        sents, codes, by=by, sides=sides, n_boot=n_boot, random_state=random_state, **kwargs
    )
    tests = _clusters_to_frames(tests, names)
    chosen = (set(tests["side_a"]) | set(tests["side_b"])) - {REST}
    d = corrected_draws(
        sents, lab, validation, by=by, sides=sorted(chosen), n_boot=n_boot, random_state=random_state
    )
    si = {s: i for i, s in enumerate(d["sides"])}
    li = {c: i for i, c in enumerate(d["labels"])}
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2

    def pick(arr, side):
        # "rest" is the unweighted mean of the other sides, as in compare_shares.
        if side == REST:
            return None
        return arr[..., si[side], :]

    rows = []
    for (a, b), grp in tests.groupby(["side_a", "side_b"], sort=False):
        ca, ra, ba = pick(d["corrected"], a), pick(d["raw"], a), pick(d["boot"], a)
        if b == REST:
            others = [si[s] for s in d["sides"] if s != a]
            cb, rb, bb = (arr[..., others, :].mean(axis=-2) for arr in (d["corrected"], d["raw"], d["boot"]))
        else:
            cb, rb, bb = pick(d["corrected"], b), pick(d["raw"], b), pick(d["boot"], b)
        lo, hi = np.quantile(ba - bb, [lo_q, hi_q], axis=0)
        by_frame = grp.set_index("frame")
        first = grp.iloc[0]
        for t, frame in enumerate(d["frames"]):
            tested = by_frame.loc[frame] if frame in by_frame.index else None
            rows.append(
                {
                    "side_a": a,
                    "side_b": b,
                    "frame": frame,
                    "share_a": ca[t],
                    "share_b": cb[t],
                    "diff": ca[t] - cb[t],
                    "ci_low": lo[t],
                    "ci_high": hi[t],
                    "p_value": np.nan if tested is None else tested["p_value"],
                    "q_value": np.nan if tested is None else tested["q_value"],
                    "share_a_raw": ra[li[frame]],
                    "share_b_raw": rb[li[frame]],
                    "n_docs_a": first["n_docs_a"],
                    "n_docs_b": first["n_docs_b"],
                    "n_sent_a": first["n_sent_a"],
                    "n_sent_b": first["n_sent_b"],
                }
            )
    out = pd.DataFrame(rows)
    out["side_a"] = out["side_a"].astype("string")
    out["side_b"] = out["side_b"].astype("string")
    out.attrs.update(tests.attrs)
    out.attrs["correction"] = "adjusted classify and count (Forman 2008; Hopkins & King 2010)"
    out.attrs["classifier"] = validation.caption
    return out
