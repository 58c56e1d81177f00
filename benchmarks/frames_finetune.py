"""Frozen vs SetFit-fine-tuned encoder for frames: macro-F1 at 8/16/32/64 examples per class and at all codes.

Usage::

    nice -n 10 python benchmarks/frames_finetune.py            # the full protocol (hours on a shared 2-core box)
    nice -n 10 python benchmarks/frames_finetune.py --sizes 8 32 all --n-splits 2 --max-pairs 96 \
        --max-seq-length 64 --threads 1                           # the run in docs/frames_finetune.md (15 min)

Two labelled sets, each scored with the same grouped cross-validation for both encoders
(paired: in every fold both classifiers train on the very same draw of codes and are scored on
the same held-out documents):

1. The demo codes (``data/sco_qingdao_2025_frame_codes.csv``, 300 sentences of 56 documents):
   :class:`framing.TextFrameClassifier` with ``encoder="frozen"`` and ``encoder="finetune"``,
   frames coded fewer than 8 times merged into "Other" (:func:`framing.merge_rare`), balanced
   k-shot draws from each fold's training documents (:func:`framing.paired_learning_curve`).
   Macro-F1 over the frames, intervals from resampling documents, pooled over repeats.
2. The Narrative Frames Corpus (``../shared/data/narrative_frames_corpus``, read, never copied):
   5 binary article-level frames. Each article is represented by its opening
   (``--max-seq-length`` word pieces, the same for both encoders). The encoder is fine-tuned
   once per fold and draw with SetFit pairs over the articles' frame *sets* (two articles with
   the same set of frames: similarity 1, otherwise 0; a label-powerset reading of SetFit's
   multi-label pairs), then one logistic-regression head per frame (balanced class weights,
   the head of ``TextFrameClassifier``) on the frozen or the fine-tuned vectors. "k per class"
   is a random draw of 2k training articles (k per class of a binary frame on average);
   macro-F1 is the mean over the five frames of the positive class's F1, as in
   ``benchmarks/frames_validation.py``.

All hyperparameters are fixed before any score is seen (the defaults below); nothing is tuned
on the held-out folds. Times are CPU seconds of this process (``time.process_time``) and wall
seconds, on the 2-core machine the script runs on, with torch's intra-op threads set by
``--threads``. The script prints numbers only.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

import frames_validation as fv
from sentence_transformers import SentenceTransformer

import framing
from framing._core.bootstrap import resample_sums
from framing.embedding.embedder import resolve_model
from framing.frames.classifier import FrameClassifier
from framing.frames.coding import demo_codes_path
from framing.frames.finetune import TextFrameClassifier, setfit_pairs, train_encoder


def _size(v: str):
    return None if v == "all" else int(v)


def demo(args) -> pd.DataFrame:
    codes = pd.read_csv(demo_codes_path())
    labels = framing.merge_rare(codes["label"], min_count=8).to_numpy(dtype=object)
    params = {"max_pairs": args.max_pairs, "num_iterations": args.num_iterations, "random_state": args.seed}
    curve = framing.paired_learning_curve(
        codes["text"].tolist(),
        labels,
        codes["doc_id"],
        classifiers={
            "frozen": TextFrameClassifier(encoder="frozen", **params),
            "finetune": TextFrameClassifier(encoder="finetune", **params),
        },
        sizes=args.sizes,
        n_repeats=args.repeats,
        n_splits=args.n_splits,
        n_boot=args.n_boot,
        random_state=args.seed,
    )
    return curve


def _f1_draws(gold: np.ndarray, preds: list[np.ndarray], n_boot: int, rng) -> np.ndarray:
    """Macro-F1 (positive class, mean over frames) of each prediction, on the same article resamples."""
    tables = [
        np.hstack([(gold & p), (~gold & p), (gold & ~p)]).astype(float) for p in preds
    ]  # per article: tp, fp, fn for each frame
    boots = resample_sums(tables, n_boot, rng)
    out = []
    for t, b in zip(tables, boots):
        s = np.vstack([t.sum(0, keepdims=True), b])
        k = gold.shape[1]
        tp, fp, fn = s[:, :k], s[:, k : 2 * k], s[:, 2 * k :]
        with np.errstate(invalid="ignore", divide="ignore"):
            out.append(np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0).mean(axis=1))
    return np.column_stack(out)


def _encode(model, texts) -> np.ndarray:
    return np.asarray(
        model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False),
        dtype=np.float64,
    )


def _heads(X_train, G_train, X_test) -> np.ndarray:
    """One balanced logistic-regression head per frame (TextFrameClassifier's head); test predictions."""
    out = np.zeros((len(X_test), G_train.shape[1]), dtype=bool)
    for j in range(G_train.shape[1]):
        y = np.where(G_train[:, j], "present", "absent")
        if len(np.unique(y)) < 2:
            out[:, j] = G_train[0, j]
            continue
        head = FrameClassifier(calibration=None).fit(X_train, y)
        out[:, j] = head.predict(X_test) == "present"
    return out


def nfc(args, base) -> tuple[pd.DataFrame, dict]:
    docs, gold_df, _ = fv.load(args.nfc, None, args.seed)
    texts = docs["text"].str.replace(r"\s+", " ", regex=True).tolist()
    gold = gold_df[fv.FRAMES].to_numpy(bool)
    sets = np.array(["".join("1" if v else "0" for v in row) for row in gold], dtype=object)
    frozen_X = _encode(base, texts)
    rows, times = [], {"finetune_cpu": [], "finetune_wall": [], "n_pairs": []}
    for k in args.sizes:
        observed, draws = [], []
        for r in range(args.repeats):
            rng = np.random.default_rng([args.seed, r])
            splits = fv.folds(gold_df, args.n_splits, int(rng.integers(2**31)))
            p_frozen, p_ft = np.zeros_like(gold), np.zeros_like(gold)
            for train, test in splits:
                sub = (
                    train
                    if k is None
                    else np.sort(rng.choice(train, size=min(2 * k, len(train)), replace=False))
                )
                p_frozen[test] = _heads(frozen_X[sub], gold[sub], frozen_X[test])
                pairs = setfit_pairs(
                    sets[sub], num_iterations=args.num_iterations, max_pairs=args.max_pairs, rng=rng
                )
                t0, c0 = time.perf_counter(), time.process_time()
                model = train_encoder(
                    copy.deepcopy(base),
                    [texts[i] for i in sub],
                    pairs,
                    epochs=1,
                    learning_rate=2e-5,
                    batch_size=16,
                    seed=args.seed,
                )
                times["finetune_cpu"].append(time.process_time() - c0)
                times["finetune_wall"].append(time.perf_counter() - t0)
                times["n_pairs"].append(len(pairs))
                Xs = _encode(model, [texts[i] for i in np.concatenate([sub, test])])
                p_ft[test] = _heads(Xs[: len(sub)], gold[sub], Xs[len(sub) :])
            d = _f1_draws(gold, [p_frozen, p_ft], args.n_boot, rng)
            d = np.column_stack([d, d[:, 1] - d[:, 0]])
            observed.append(d[0])
            draws.append(d[1:])
            print(f"  NFC k={k} repeat {r}: frozen {d[0, 0]:.3f} finetune {d[0, 1]:.3f}", flush=True)
        lo, hi = np.quantile(np.vstack(draws), [0.025, 0.975], axis=0)
        mean = np.mean(observed, axis=0)
        for j, name in enumerate(["frozen", "finetune", "difference"]):
            rows.append((k, name, mean[j], lo[j], hi[j], len(observed)))
    table = pd.DataFrame(
        rows, columns=["n_per_class", "classifier", "macro_f1", "ci_low", "ci_high", "n_repeats"]
    )
    return table, times


def _wide(curve: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for (k, name), row in curve.set_index(["n_per_class", "classifier"]).iterrows():
        key = "all" if k is None or (isinstance(k, float) and np.isnan(k)) else f"{int(k)}/class"
        out.setdefault(key, {})[name] = (
            f"{row['macro_f1']:+.3f} [{row['ci_low']:+.3f}, {row['ci_high']:+.3f}]"
            if name == "difference"
            else f"{row['macro_f1']:.3f} [{row['ci_low']:.3f}, {row['ci_high']:.3f}]"
        )
    head = "| coded | frozen | fine-tuned | difference (paired) |\n|---|---|---|---|"
    body = [f"| {k} | {v['frozen']} | {v['finetune']} | {v['difference']} |" for k, v in out.items()]
    return "\n".join([head, *body])


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "narrative_frames_corpus"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nfc", type=Path, default=default)
    ap.add_argument("--sizes", nargs="+", type=_size, default=[8, 16, 32, 64, None])
    ap.add_argument("--n-splits", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument("--max-pairs", type=int, default=160)
    ap.add_argument("--num-iterations", type=int, default=5)
    ap.add_argument(
        "--max-seq-length", type=int, default=96, help="word pieces of each NFC article's opening"
    )
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip", choices=["demo", "nfc"], default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    lines = [f"settings: {vars(args)}", ""]
    t0, c0 = time.perf_counter(), time.process_time()
    if args.skip != "demo":
        curve = demo(args)
        codes = pd.read_csv(demo_codes_path())
        labels = framing.merge_rare(codes["label"], min_count=8)
        t1, c1 = time.perf_counter(), time.process_time()
        clf = TextFrameClassifier(encoder="finetune", max_pairs=args.max_pairs, random_state=args.seed)
        clf.fit(codes["text"].tolist(), labels)
        fit_note = (
            f"Fine-tuning on all {len(codes)} demo codes ({clf.n_pairs_} pairs) and fitting the head: "
            f"{time.process_time() - c1:.0f} CPU s, {time.perf_counter() - t1:.0f} wall s."
        )
        lines += ["## Demo codes (sentences, macro-F1 over the frames)", "", _wide(curve), "", fit_note, ""]
        print("\n".join(lines[-4:]), flush=True)
    t_demo, c_demo = time.perf_counter() - t0, time.process_time() - c0
    if args.skip != "nfc":
        base = SentenceTransformer(str(resolve_model(None)), device="cpu")
        base.max_seq_length = args.max_seq_length
        table, times = nfc(args, base)
        lines += [
            "## Narrative Frames Corpus (articles' openings, macro-F1 of the five binary frames)",
            "",
            _wide(table),
            "",
            (
                f"NFC fine-tuning per fold: {np.mean(times['n_pairs']):.0f} pairs, "
                f"{np.mean(times['finetune_cpu']):.0f} CPU s, {np.mean(times['finetune_wall']):.0f} wall s (mean of "
                f"{len(times['n_pairs'])})."
            ),
            "",
        ]
    lines.append(
        f"Total: demo {t_demo:.0f} wall s ({c_demo:.0f} CPU s); all {time.perf_counter() - t0:.0f} wall s "
        f"({time.process_time() - c0:.0f} CPU s); torch threads {args.threads}."
    )
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
