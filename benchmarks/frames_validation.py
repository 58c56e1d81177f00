"""Validate user-defined frames against human labels: the Narrative Frames Corpus.

Usage::

    python benchmarks/frames_validation.py [--data ../shared/data/narrative_frames_corpus] [--out FILE.md]

What it does, all decided before any label was looked at:

1. Codebook. :data:`NARRATIVE_FRAMES` below restates, in the project's own
   words, the five narrative frames of Frermann, Li, Khanehzar & Mikolajczak
   (2023), which adapt Semetko & Valkenburg's (2000) generic news frames:
   resolution, human interest, conflict, moral, economic. Each gets a
   description and a few example sentences, as a researcher bringing their
   own codebook to :func:`framing.assign_frames` would write them. Nothing in
   it was changed after scoring.
2. Sentences. Each of the 428 articles is split with
   :func:`framing.split_sentences` and embedded with the default model.
3. Sentence labels. :func:`framing.assign_frames` with its default abstention
   rule (``min_similarity=0.25``, ``margin=0.02``).
4. Document labels. The corpus labels *articles* (five binary labels each),
   so sentence labels are aggregated: an article carries frame *f* when at
   least ``--min-sentences`` (default 2) of its sentences are labelled *f*.
   Two, because one sentence may be a passing mention and two is the smallest
   repeated use. The table also shows 1 and 3 as a sensitivity check, not as
   a choice: the primary result is the pre-set 2.
5. Scores. Precision, recall and F1 of the positive class per frame, micro-
   and macro-averaged over the five frames, next to two trivial baselines:
   the majority class per frame (what accuracy-minded guessing does) and
   "always present" (the best trivial F1 when a frame is rare).

The corpus text is the publishers' copyright: it is read from the shared
folder and never written anywhere. The script prints numbers only.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

import framing
from framing.frames import assign_frames

FRAMES = ["RE", "HI", "CO", "MO", "EC"]

#: The five narrative frames (Frermann et al. 2023, after Semetko & Valkenburg 2000),
#: in the project's own words. Keys are the corpus's label columns.
NARRATIVE_FRAMES = {
    "RE": {
        "description": "Resolution: the story presents a solution to the problem, or says how it is being "
        "or could be solved: actions, policies, technologies, agreements and plans that fix or reduce it.",
        "examples": [
            "The city will switch its bus fleet to electric power by 2030 to cut emissions.",
            "Engineers say the new storage batteries could make solar power reliable around the clock.",
            "The agreement commits every signatory to phase out coal within two decades.",
            "Planting trees on degraded land is one of the cheapest ways to take carbon out of the air.",
        ],
    },
    "HI": {
        "description": "Human interest: the story puts a human face on the issue through the experience, "
        "feelings and personal story of particular individuals or families.",
        "examples": [
            "Maria, a 54-year-old farmer, watched the flood wash away the house her grandfather built.",
            "\"I can't sleep at night thinking about what kind of world my daughter will grow up in,\" she said.",
            "For the fishermen of the small village, every season brings fewer fish and more debt.",
            "He still remembers the smell of smoke the morning the fire reached his street.",
        ],
    },
    "CO": {
        "description": "Conflict: the story is about disagreement, rivalry or confrontation between people, "
        "groups, parties or countries: one side attacks, accuses or opposes another.",
        "examples": [
            "Republicans accused the administration of waging a war on American energy.",
            "Activists clashed with police outside the summit as delegates argued over targets.",
            "The senator dismissed his opponents' claims as alarmist nonsense.",
            "The two countries traded blame over who should pay for the damage.",
        ],
    },
    "MO": {
        "description": "Moral: the story carries a moral or ethical message, refers to religious or ethical "
        "principles, or tells people how they ought to behave; questions of duty, right and wrong.",
        "examples": [
            "We have a moral obligation to leave our children a habitable planet.",
            "The pope called caring for creation a duty of every believer.",
            "It is simply wrong for the richest to pollute while the poorest pay the price.",
            "Each of us must take responsibility for the way we live and consume.",
        ],
    },
    "EC": {
        "description": "Economic: the story is about money, costs, prices, jobs, markets, investment, "
        "economic growth or the financial consequences of the issue or of acting on it.",
        "examples": [
            "The new regulations will cost the industry billions of dollars a year.",
            "Investment in renewable energy reached a record high last year.",
            "Thousands of coal mining jobs have disappeared over the past decade.",
            "Insurers warn that premiums will rise as storm damage claims grow.",
        ],
    },
}


def prf(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall, F1 of the positive class (0 where undefined)."""
    tp = int((y_true & y_pred).sum())
    fp = int((~y_true & y_pred).sum())
    fn = int((y_true & ~y_pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold: pd.DataFrame, pred: pd.DataFrame) -> pd.DataFrame:
    """Per-frame and overall (micro, macro) P/R/F1."""
    rows = []
    for f in FRAMES:
        p, r, f1 = prf(gold[f].to_numpy(bool), pred[f].to_numpy(bool))
        rows.append({"frame": f, "precision": p, "recall": r, "f1": f1})
    t = pd.DataFrame(rows)
    mp, mr, mf = prf(gold[FRAMES].to_numpy(bool).ravel(), pred[FRAMES].to_numpy(bool).ravel())
    macro = t[["precision", "recall", "f1"]].mean()
    t.loc[len(t)] = {"frame": "micro", "precision": mp, "recall": mr, "f1": mf}
    t.loc[len(t)] = {"frame": "macro", "precision": macro["precision"], "recall": macro["recall"], "f1": macro["f1"]}
    return t


def _parse_label(value):
    """True/False from a bool or a string such as "True", "False", "False)"; None if missing."""
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip().strip("()").strip().lower()
    return {"true": True, "false": False, "1": True, "0": False}.get(text)


def _md(table: pd.DataFrame) -> str:
    """A markdown table with two decimals (no extra dependency)."""
    head = "| " + " | ".join([str(table.index.name or "")] + [str(c) for c in table.columns]) + " |"
    rule = "|" + "---|" * (len(table.columns) + 1)
    body = ["| " + " | ".join([str(i)] + ["" if pd.isna(v) else f"{v:.2f}" for v in row]) + " |" for i, row in zip(table.index, table.to_numpy())]
    return "\n".join([head, rule, *body])


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "narrative_frames_corpus"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--min-sentences", type=int, default=2)
    ap.add_argument("--model", default=None)
    ap.add_argument("--out", type=Path, default=None, help="also write the tables (numbers only) as markdown")
    args = ap.parse_args()

    tsv = args.data / "articles_metadata.tsv"
    if not tsv.exists():
        raise SystemExit(f"{tsv} not found: the Narrative Frames Corpus is not available here.")
    meta = pd.read_csv(tsv, sep="\t")
    # The label columns mix booleans with the strings "True"/"False" (and one
    # "False)"): parse the text, and leave out articles with a missing label.
    labels = meta[FRAMES].apply(lambda col: col.map(_parse_label))
    complete = labels.notna().all(axis=1)
    meta, labels = meta[complete], labels[complete]
    docs = pd.DataFrame({"doc_id": meta["ID"].astype(str), "text": meta["text"].astype(str)})
    gold = labels.set_axis(docs["doc_id"].to_numpy()).astype(bool)
    gold.index.name = "doc_id"
    n_dropped = int((~complete).sum())

    t0 = time.perf_counter()
    sents = framing.split_sentences(docs)
    t_split = time.perf_counter() - t0
    emb = framing.Embedder(model=args.model)
    t0 = time.perf_counter()
    vec = emb.encode(sents["text"].tolist())
    t_embed = time.perf_counter() - t0
    t0 = time.perf_counter()
    lab = assign_frames(vec, frames=NARRATIVE_FRAMES, embedder=emb)
    t_assign = time.perf_counter() - t0

    counts = (
        pd.crosstab(sents["doc_id"].to_numpy(), lab["frame"].to_numpy(dtype=object))
        .reindex(index=gold.index, columns=FRAMES, fill_value=0)
        .fillna(0)
    )
    lines = [
        "# Narrative Frames Corpus validation",
        "",
        f"{len(docs)} articles ({n_dropped} left out for a missing label), {len(sents):,} sentences; split {t_split:.0f} s, embed {t_embed:.0f} s "
        f"({emb.n_computed_:,} computed, {emb.n_cached_:,} from cache), assign {t_assign:.1f} s.",
        f"Sentence labels: {lab['frame'].notna().mean():.0%} of sentences got a frame "
        f"(rule: {lab.attrs['rule']}).",
        f"Prevalence of each frame in the gold labels: "
        + ", ".join(f"{f} {gold[f].mean():.0%}" for f in FRAMES),
        "",
    ]
    tables = {}
    for k in sorted({args.min_sentences, 1, 2, 3}):
        pred = counts >= k
        tables[k] = score(gold, pred)
    majority = pd.DataFrame({f: np.full(len(gold), gold[f].mean() > 0.5) for f in FRAMES}, index=gold.index)
    always = pd.DataFrame({f: np.ones(len(gold), dtype=bool) for f in FRAMES}, index=gold.index)
    base_major, base_always = score(gold, majority), score(gold, always)

    main_t = tables[args.min_sentences].set_index("frame")
    combined = pd.DataFrame(
        {
            "P": main_t["precision"],
            "R": main_t["recall"],
            "F1": main_t["f1"],
            "majority P": base_major.set_index("frame")["precision"],
            "majority R": base_major.set_index("frame")["recall"],
            "majority F1": base_major.set_index("frame")["f1"],
            "always F1": base_always.set_index("frame")["f1"],
            "predicted %": pd.Series({f: (counts[f] >= args.min_sentences).mean() for f in FRAMES}),
            "gold %": pd.Series({f: gold[f].mean() for f in FRAMES}),
        }
    )
    combined = combined.reindex(FRAMES + ["micro", "macro"])
    combined.index.name = "frame"
    lines += [
        f"## Primary result: article has frame f if >= {args.min_sentences} of its sentences are labelled f",
        "",
        _md(combined),
        "",
        "## Sensitivity to the aggregation rule (not used to choose it): F1 by minimum sentences",
        "",
        _md(pd.DataFrame({f">= {k}": t.set_index("frame")["f1"] for k, t in tables.items()})),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
