"""Agreement between coders: Krippendorff's alpha, its document bootstrap, read_codes for several coders,
adjudication."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.errors import CorpusError, ParameterError
from framing.frames.agreement import (
    ALL_FRAMES,
    _alphas_from_coincidences,
    _coincidences,
    adjudicate,
    adjudication_sheet,
    coder_agreement,
    with_classifier,
)
from framing.frames.coding import read_codes

FRAMES = ["A", "B", "C", "D", "E"]


def _codes(table: dict, docs=None) -> pd.DataFrame:
    """Long codes from {coder: [label or None per unit]}; unit i is in document docs[i]."""
    n = len(next(iter(table.values())))
    docs = docs if docs is not None else [f"d{i}" for i in range(n)]
    rows = [
        {"sentence_id": f"{docs[i]}:{i}", "doc_id": docs[i], "coder": c, "label": lab}
        for c, labels in table.items()
        for i, lab in enumerate(labels)
        if lab is not None
    ]
    return pd.DataFrame(rows)


def test_krippendorffs_published_example():
    # Krippendorff (2011, "Computing Krippendorff's alpha-reliability", sec. C): 4 coders, 12 units,
    # nominal values 1-5 with missing codes; the published nominal alpha is 0.743.
    nan = None
    data = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        "C": [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    }
    table = {c: [None if v is None else str(v) for v in vals] for c, vals in data.items()}
    result = coder_agreement(_codes(table), n_boot=0)
    assert result.value() == pytest.approx(0.743, abs=5e-4)
    assert result.n_units == 11  # the last unit has one code only: not pairable


def test_perfect_agreement_gives_one_and_the_bootstrap_agrees_with_the_package():
    rng = np.random.default_rng(1)
    labels = list(rng.choice(FRAMES, size=60))
    result = coder_agreement(_codes({"x": labels, "y": labels, "z": labels}), n_boot=50)
    alpha = result.scores[result.scores["metric"] == "alpha"]
    assert np.allclose(alpha["value"], 1.0) and np.allclose(alpha[["ci_low", "ci_high"]], 1.0)
    assert result.disagreements.empty and result.value("percent_agreement") == 1.0
    # The coincidence-matrix form used for resamples equals the krippendorff package on real disagreement.
    noisy = [lab if rng.random() < 0.6 else rng.choice(FRAMES) for lab in labels]
    result = coder_agreement(_codes({"x": labels, "y": noisy}), n_boot=0)
    vc = np.stack([[(lab == f) + (nz == f) for f in result.frames] for lab, nz in zip(labels, noisy)])
    mine = _alphas_from_coincidences(_coincidences(vc.astype(float)).sum(0), len(result.frames))[0]
    alphas = result.scores[result.scores["metric"] == "alpha"]["value"].to_numpy()
    assert np.allclose(mine, alphas, equal_nan=True)


def test_planted_coders_right_with_probability_r_give_alpha_near_r_squared():
    # Each coder gives the true label with probability r, otherwise a draw from the label marginal:
    # two such coders agree beyond chance only when both are right, so alpha -> r**2.
    rng = np.random.default_rng(7)
    r, n = 0.8, 4000
    p = np.array([0.4, 0.3, 0.15, 0.1, 0.05])
    truth = rng.choice(FRAMES, size=n, p=p)

    def coder():
        return np.where(rng.random(n) < r, truth, rng.choice(FRAMES, size=n, p=p)).tolist()

    result = coder_agreement(_codes({"x": coder(), "y": coder()}), n_boot=0)
    # Sampling SD of alpha at n = 4000 units is about 0.01 (the document bootstrap of this design
    # measures 0.010): 0.03 is three of them.
    assert result.value() == pytest.approx(r**2, abs=0.03)


def test_the_bootstrap_resamples_documents_not_sentences():
    # 10 documents of 20 sentences: in half the documents the coders agree on every sentence, in the
    # other half on none. Resampling sentences would give an interval about sqrt(20) times narrower.
    rng = np.random.default_rng(3)
    docs = [f"doc{d}" for d in range(10) for _ in range(20)]
    x = list(rng.choice(FRAMES, size=200))
    y = [a if int(d[3:]) < 5 else FRAMES[(FRAMES.index(a) + 1) % 5] for a, d in zip(x, docs)]
    result = coder_agreement(_codes({"x": x, "y": y}, docs=docs), n_boot=400, random_state=0)
    row = result.scores[
        (result.scores["frame"] == ALL_FRAMES) & (result.scores["metric"] == "percent_agreement")
    ]
    width = float(row["ci_high"].iloc[0] - row["ci_low"].iloc[0])
    # Documents: agreement is the share of agreeing documents of 10, SD sqrt(.25 / 10) = 0.16, so the 95%
    # interval spans about 0.6; sentences would give sqrt(.25 / 200) = 0.035, about 0.14.
    assert width > 0.45
    assert result.n_documents == 10


def test_confusion_disagreements_and_errors():
    result = coder_agreement(_codes({"x": ["A", "A", "B", "C"], "y": ["A", "B", "B", None]}), n_boot=0)
    conf = result.confusion.set_index(["label_a", "label_b"])["count"]
    assert conf[("A", "A")] == 1 and conf[("A", "B")] == 1 and conf[("B", "B")] == 1 and conf.sum() == 3
    assert result.disagreements["sentence_id"].tolist() == ["d1:1"]
    assert result.disagreements[["x", "y"]].iloc[0].tolist() == ["A", "B"]
    with pytest.raises(ParameterError, match="at least two"):
        coder_agreement(_codes({"x": ["A", "B"]}))
    with pytest.raises(ParameterError, match="no sentence is coded by two coders"):
        coder_agreement(_codes({"x": ["A", None], "y": [None, "B"]}))


def _write(path, ids, labels, docs=None, **extra):
    frame = pd.DataFrame({"sentence_id": ids, "doc_id": docs or [i.split(":")[0] for i in ids], **extra})
    frame["label"] = labels
    frame.to_csv(path, index=False)
    return path


def test_read_codes_several_coders_names_the_file_the_line_and_the_coder(tmp_path):
    ids = ["d1:0", "d1:1", "d2:0"]
    a = _write(tmp_path / "ann.csv", ids, ["Economic", "Political", "Other"])
    b = _write(tmp_path / "bo.csv", ids, ["economic", "Other", "Other"])
    codes = read_codes({"Ann": a, "Bo": b}, codebook=["Economic", "Political", "Other"])
    assert codes["coder"].tolist() == ["Ann"] * 3 + ["Bo"] * 3 and codes["label"].iloc[3] == "Economic"
    assert read_codes([a, b], codebook=["Economic", "Political", "Other"])["coder"].unique().tolist() == [
        "ann",
        "bo",
    ]
    twice = _write(tmp_path / "twice.csv", ids + ["d1:1"], ["Economic", "Political", "Other", "Other"])
    with pytest.raises(
        CorpusError, match=r"twice.csv: coder 'Bo' coded sentence 'd1:1' more than once \(with different "
    ):
        read_codes({"Ann": a, "Bo": twice}, codebook=["Economic", "Political", "Other"])
    bad = _write(tmp_path / "bad.csv", ids, ["Economic", "Politcal", "Other"])
    with pytest.raises(CorpusError, match=r"bad.csv, line 3 \(coder 'Bo'\): label 'Politcal'.*'Political'"):
        read_codes({"Ann": a, "Bo": bad}, codebook=["Economic", "Political", "Other"])
    long = tmp_path / "long.csv"
    pd.DataFrame(
        {"sentence_id": ids * 2, "doc_id": "d", "coder": ["Ann"] * 3 + ["", "Bo", "Bo"], "label": "Other"}
    ).to_csv(long, index=False)
    with pytest.raises(CorpusError, match=r"long.csv: column 'coder' is empty at line 5"):
        read_codes(long, codebook=["Economic", "Other"])
    moved = _write(tmp_path / "moved.csv", ids, ["Economic", "Political", "Other"], docs=["d1", "d9", "d2"])
    with pytest.raises(CorpusError, match="'d1:1' has different doc_id values"):
        read_codes({"Ann": a, "Bo": moved}, codebook=["Economic", "Political", "Other"])
    with pytest.raises(ParameterError, match="distinct file names"):
        read_codes([a, a], codebook=["Economic", "Other"])


def test_adjudication_round_trip(tmp_path):
    book = ["Economic", "Political", "Other"]
    ids = ["d1:0", "d1:1", "d2:0", "d2:1"]
    ctx = {"before": ["", "b1", "", "b2"], "text": ["t0", "t1", "t2", "t3"], "after": ["a", "", "a", ""]}
    a = _write(tmp_path / "a.csv", ids, ["Economic", "Political", "Other", "Other"], **ctx)
    b = _write(tmp_path / "b.csv", ids[:3], ["Economic", "Other", "Economic"], **ctx_slice(ctx, 3))
    codes = read_codes({"A": a, "B": b}, codebook=book)
    agreement = coder_agreement(codes, n_boot=0)
    sheet = adjudication_sheet(agreement, path=tmp_path / "adj.csv")
    assert sheet["sentence_id"].tolist() == ["d1:1", "d2:0"]
    assert {"before", "text", "after", "label_A", "label_B", "decision"} <= set(sheet.columns)
    assert sheet["text"].tolist() == ["t1", "t2"] and (sheet["decision"] == "").all()
    with pytest.raises(ParameterError, match="never overwritten"):
        adjudication_sheet(agreement, path=tmp_path / "adj.csv")
    with pytest.raises(CorpusError, match=r"adj.csv: column 'decision' is empty at line 2"):
        adjudicate(codes, tmp_path / "adj.csv", codebook=book)
    filled = pd.read_csv(tmp_path / "adj.csv", keep_default_na=False)
    filled["decision"] = ["Political", "Econmic"]
    filled.to_csv(tmp_path / "adj.csv", index=False)
    with pytest.raises(CorpusError, match=r"adj.csv, line 3: label 'Econmic' is not in the codebook"):
        adjudicate(codes, tmp_path / "adj.csv", codebook=book)
    filled["decision"] = ["Political", "Other"]
    filled.to_csv(tmp_path / "adj.csv", index=False)
    final = adjudicate(codes, tmp_path / "adj.csv", codebook=book)
    assert final["label"].tolist() == ["Economic", "Political", "Other", "Other"]
    assert final["source"].tolist() == ["agreed", "adjudicated", "adjudicated", "single"]
    filled.iloc[:1].to_csv(tmp_path / "short.csv", index=False)
    with pytest.raises(CorpusError, match=r"1 disagreement\(s\) have no row, e.g. \['d2:0'\]"):
        adjudicate(codes, tmp_path / "short.csv", codebook=book)


def ctx_slice(ctx, n):
    return {k: v[:n] for k, v in ctx.items()}


def test_plot_coder_agreement_draws_each_frame_and_greys_the_rare_ones():
    import matplotlib.pyplot as plt

    from framing.plots import plot_coder_agreement

    rng = np.random.default_rng(0)
    x = list(rng.choice(FRAMES, size=80, p=[0.5, 0.3, 0.1, 0.07, 0.03]))
    y = [a if rng.random() < 0.8 else "A" for a in x]
    result = coder_agreement(_codes({"x": x, "y": y}), n_boot=50)
    fig, ax = plt.subplots()
    assert plot_coder_agreement(result.scores, ax=ax) is ax
    labels = [t.get_text() for t in ax.get_yticklabels()]
    alpha = result.scores[(result.scores["metric"] == "alpha") & result.scores["value"].notna()]
    assert len(labels) == len(alpha) and any(t.startswith(ALL_FRAMES) for t in labels)
    plt.close(fig)


def test_with_classifier_scores_a_classifier_as_a_second_coder():
    codes = _codes({"x": ["A", "B", "A", "C"]}).drop(columns="coder")
    pair = with_classifier(codes, predicted=["A", "B", "B", "C"])
    result = coder_agreement(pair, n_boot=0)
    assert result.coders == ["coder 1", "classifier"] and result.value("percent_agreement") == 0.75
    with pytest.raises(ParameterError, match="predicted has 2 labels but codes has 4 rows"):
        with_classifier(codes, predicted=["A", "B"])
