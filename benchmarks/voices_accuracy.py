"""Accuracy of :func:`framing.attribute` against hand annotation, with bootstrap CIs.

Usage::

    python benchmarks/voices_accuracy.py [--data ../shared/data/india_pakistan_2025_dev]

Three gold sets, annotated by hand *without* looking at the rule output
(sentence text only, in document order with the document's title for context).
The first two are the samples the rules were tuned on; the third is the
unbiased one:

- ``tests/data/voices_gold_demo.csv``: a seeded random sample of the demo
  corpus's sentences (the demo text is the project's own, so the file holds it).
- ``tests/data/voices_gold_dev.csv``: 150 sentences of Dawn/APP full texts and
  50 Indian headlines from ``../shared/data/india_pakistan_2025_dev``. The
  file holds **no publisher text**: only the file name, the row, the sentence
  index, a sha256 of the sentence text (to detect a changed corpus) and the
  labels, with the speaker as character offsets into the sentence.
- ``benchmarks/data/voices_fresh_dev.csv``: 210 *fresh* sentences (150 Dawn/APP
  full-text sentences, 60 Indian headlines) drawn with seed 2020 from the dev
  documents that hold no tuned sentence (:func:`draw_fresh`), annotated before
  any rule was changed against them. Same keys, with the first 12 hex digits
  of the sha256 (``sha12``); no publisher text. Report this one as the
  accuracy of the rules.

Scores (each with a 95% percentile interval from resampling documents,
2,000 times, seed 0):

- speech detection: precision and recall of "this sentence carries reported speech";
- speaker extraction: a predicted speaker is correct when its span overlaps the
  gold span (precision over predicted speakers, recall over gold speakers);
- speaker exact match: the share of gold speaker spans the rules return
  exactly (same start and end), which "overlap" hides when a span runs past
  the name;
- category accuracy: among sentences with reported speech in both gold and
  prediction, the share whose predicted category equals the gold category.

The shared corpus is the publishers' copyright: it is read in place, never
written; this script prints numbers only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "india_pakistan_2025_dev"
FULLTEXT = "dawn_app_india_pakistan_fulltext_2025-04-15_to_2025-05-31.jsonl"
HEADLINES = "indian_headlines_pakistan_2025-11-11_to_2026-08-22.csv"
GOLD_DEMO = ROOT / "tests" / "data" / "voices_gold_demo.csv"
GOLD_DEV = ROOT / "tests" / "data" / "voices_gold_dev.csv"
GOLD_FRESH = ROOT / "benchmarks" / "data" / "voices_fresh_dev.csv"
FRESH_SEED = 2020


def sha(text: str) -> str:
    """sha256 of a sentence's text (UTF-8), the key that detects a changed corpus."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_dev(data: Path = DEV, keys=None) -> pd.DataFrame:
    """The dev corpus as documents: Dawn/APP full texts (side Pakistan), Indian headlines (side India).

    ``doc_id`` is ``<file>:<row>`` (row = 0-based line or CSV row), stable as long as the files are.
    ``keys``: only these doc ids (splitting all 1,675 documents takes minutes).
    """
    import framing

    keys = None if keys is None else set(keys)
    rows = []
    with open(data / FULLTEXT, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if keys is not None and f"{FULLTEXT}:{i}" not in keys:
                continue
            r = json.loads(line)
            if (r.get("content") or "").strip():
                rows.append(
                    {
                        "doc_id": f"{FULLTEXT}:{i}",
                        "side": "Pakistan",
                        "source": r["source"],
                        "title": r.get("title") or "",
                        "text": r["content"],
                    }
                )
    heads = pd.read_csv(data / HEADLINES, dtype=str, keep_default_na=False)
    for i, r in heads.iterrows():
        if (keys is None or f"{HEADLINES}:{i}" in keys) and r["title"].strip():
            rows.append(
                {
                    "doc_id": f"{HEADLINES}:{i}",
                    "side": "India",
                    "source": r["source"],
                    "title": r["title"],
                    "text": r["title"],
                }
            )
    return framing.load_corpus(pd.DataFrame(rows))


def dev_sentences(data: Path = DEV, keys=None) -> pd.DataFrame:
    """Sentences of :func:`load_dev`, with ``file``, ``row`` and ``sha256`` keys."""
    import framing

    s = framing.split_sentences(load_dev(data, keys), fragments="keep")
    parts = s["doc_id"].str.rsplit(":", n=1)
    s["file"] = parts.str[0]
    s["row"] = parts.str[1].astype(int)
    s["sha256"] = s["text"].map(sha)
    return s


def gold_demo() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(attributed demo sentences, gold table joined to them)."""
    import framing

    sents = framing.split_sentences(framing.load_demo(), fragments="keep")
    gold = pd.read_csv(GOLD_DEMO, dtype={"speaker": str}, keep_default_na=False)
    key = sents.set_index(["doc_id", "sent_idx"])
    idx = [key.index.get_loc((d, int(k))) for d, k in zip(gold["doc_id"], gold["sent_idx"])]
    assert (sents["text"].to_numpy()[idx] == gold["text"].to_numpy()).all(), "demo corpus changed"
    return sents, gold.assign(_row=idx)


def gold_dev(data: Path = DEV) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(dev sentences, gold table joined to them); raises if a sentence's sha256 changed."""
    gold = pd.read_csv(GOLD_DEV, keep_default_na=False)
    sents = dev_sentences(data, keys=set(gold["file"] + ":" + gold["row"].astype(str)))
    key = {(f, r, k): i for i, (f, r, k) in enumerate(zip(sents["file"], sents["row"], sents["sent_idx"]))}
    idx = [key[(f, int(r), int(k))] for f, r, k in zip(gold["file"], gold["row"], gold["sent_idx"])]
    changed = (sents["sha256"].to_numpy()[idx] != gold["sha256"].to_numpy()).sum()
    if changed:
        raise RuntimeError(f"{changed} gold sentences no longer match their sha256: the dev corpus changed")
    return sents, gold.assign(_row=idx)


def draw_fresh(data: Path = DEV, *, n_fulltext: int = 150, n_headlines: int = 60, seed: int = FRESH_SEED):
    """The fresh sample's sentences: drawn from documents that hold no sentence of the tuned sample.

    Splits the whole dev corpus (about a minute), drops every document of ``voices_gold_dev.csv``,
    then draws ``n_fulltext`` Dawn/APP sentences and ``n_headlines`` Indian headline sentences
    without replacement (``numpy.random.default_rng(seed)``), kept in corpus order. Returns the
    sentences with their keys; the annotations live in :data:`GOLD_FRESH`.
    """
    s = dev_sentences(data).reset_index(drop=True)
    tuned = pd.read_csv(GOLD_DEV, keep_default_na=False)
    pool = s[~s["doc_id"].isin(set(tuned["file"] + ":" + tuned["row"].astype(str)))]
    rng = np.random.default_rng(seed)
    parts = []
    for side, n in (("Pakistan", n_fulltext), ("India", n_headlines)):
        p = pool[pool["side"] == side]
        parts.append(p.iloc[np.sort(rng.choice(len(p), n, replace=False))])
    return pd.concat(parts)


def gold_fresh(data: Path = DEV) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(dev sentences, fresh gold table joined to them); raises if a sentence's text changed."""
    gold = pd.read_csv(GOLD_FRESH, keep_default_na=False, dtype={"sha12": str})
    sents = dev_sentences(data, keys=set(gold["file"] + ":" + gold["row"].astype(str)))
    key = {(f, r, k): i for i, (f, r, k) in enumerate(zip(sents["file"], sents["row"], sents["sent_idx"]))}
    missing = [
        k for k in zip(gold["file"], gold["row"].astype(int), gold["sent_idx"].astype(int)) if k not in key
    ]
    if missing:
        raise RuntimeError(
            f"{len(missing)} fresh gold sentences are not in the dev corpus, e.g. {missing[0]}"
        )
    idx = [key[(f, int(r), int(k))] for f, r, k in zip(gold["file"], gold["row"], gold["sent_idx"])]
    changed = (sents["sha256"].str[:12].to_numpy()[idx] != gold["sha12"].to_numpy()).sum()
    if changed:
        raise RuntimeError(
            f"{changed} fresh gold sentences no longer match their sha256: the dev corpus changed"
        )
    return sents, gold.assign(_row=idx)


def _spans(gold: pd.DataFrame, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if "speaker_start" in gold.columns:
        g0 = pd.to_numeric(gold["speaker_start"], errors="coerce").fillna(-1).to_numpy(dtype=int)
        g1 = pd.to_numeric(gold["speaker_end"], errors="coerce").fillna(-1).to_numpy(dtype=int)
        return g0, g1
    g0 = np.full(len(gold), -1)
    g1 = np.full(len(gold), -1)
    for j, (sp, t) in enumerate(zip(gold["speaker"], texts)):
        if sp:
            a = t.find(sp)
            if a < 0:
                raise ValueError(f"gold speaker {sp!r} is not in its sentence (row {j})")
            g0[j], g1[j] = a, a + len(sp)
    return g0, g1


def score_table(
    attributed: pd.DataFrame, gold: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0
) -> pd.DataFrame:
    """Precision/recall of speech and speaker, category accuracy, with document-bootstrap CIs."""
    from framing.voices import CATEGORIES

    pred = attributed.iloc[gold["_row"].to_numpy()]
    texts = pred["text"].to_numpy(dtype=object)
    g_speech = gold["speech"].astype(int).to_numpy().astype(bool)
    p_speech = (pred["reported_speech"] != "none").to_numpy()
    g0, g1 = _spans(gold, texts)
    p0 = pred["speaker_start"].fillna(-1).to_numpy(dtype=int)
    p1 = pred["speaker_end"].fillna(-1).to_numpy(dtype=int)
    g_has, p_has = g0 >= 0, p0 >= 0
    overlap = p_has & g_has & (np.minimum(p1, g1) > np.maximum(p0, g0))
    exact = p_has & g_has & (p0 == g0) & (p1 == g1)
    g_cat = gold["category"].to_numpy(dtype=object)
    bad = set(g_cat[g_speech]) - set(CATEGORIES)
    if bad:
        raise ValueError(f"unknown gold categories {bad}")
    p_cat = pred["speaker_category"].astype("string").fillna("").to_numpy(dtype=object)
    both = g_speech & p_speech
    cat_ok = both & (g_cat == p_cat)
    # per-sentence indicator columns: numerator and denominator of each ratio
    ratios = {
        "speech precision": (g_speech & p_speech, p_speech),
        "speech recall": (g_speech & p_speech, g_speech),
        "speaker precision": (overlap, p_has),
        "speaker recall": (overlap, g_has),
        "speaker exact match": (exact, g_has),
        "category accuracy": (cat_ok, both),
    }
    docs = (
        gold["doc_id"].to_numpy(dtype=object)
        if "doc_id" in gold
        else (gold["file"] + ":" + gold["row"].astype(str)).to_numpy(dtype=object)
    )
    uniq, d_idx = np.unique(docs, return_inverse=True)
    rng = np.random.default_rng(seed)
    w = rng.multinomial(len(uniq), np.full(len(uniq), 1 / len(uniq)), size=n_boot).astype(float)
    rows = []
    for name, (num, den) in ratios.items():
        dn = np.bincount(d_idx, weights=num.astype(float), minlength=len(uniq))
        dd = np.bincount(d_idx, weights=den.astype(float), minlength=len(uniq))
        with np.errstate(invalid="ignore", divide="ignore"):
            boot = (w @ dn) / (w @ dd)
        lo, hi = np.nanquantile(boot, [0.025, 0.975])
        rows.append(
            {
                "metric": name,
                "value": num.sum() / max(den.sum(), 1),
                "ci_low": lo,
                "ci_high": hi,
                "n": int(den.sum()),
            }
        )
    return pd.DataFrame(rows)


def main(argv=None) -> None:
    import framing

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEV)
    args = ap.parse_args(argv)
    pd.set_option("display.width", 120)
    sents, gold = gold_demo()
    print("demo corpus (200 hand-annotated sentences)")
    print(score_table(framing.attribute(sents), gold).round(3).to_string(index=False))
    if not (args.data / FULLTEXT).exists():
        print(f"\nreal dev corpus not found at {args.data}: skipped")
        return
    sents, gold = gold_dev(args.data)
    print("\nreal dev corpus (200 hand-annotated sentences: 150 Dawn/APP, 50 Indian headlines)")
    print(score_table(framing.attribute(sents), gold).round(3).to_string(index=False))
    sents, gold = gold_fresh(args.data)
    print("\nFRESH dev sample (210 sentences never tuned against: 150 Dawn/APP, 60 Indian headlines)")
    attributed = framing.attribute(sents)
    print(score_table(attributed, gold).round(3).to_string(index=False))
    for side, g in gold.groupby("side"):
        print(f"\n  fresh, side {side} ({len(g)} sentences)")
        print(score_table(attributed, g).round(3).to_string(index=False))


if __name__ == "__main__":
    main()
