"""The Study's stored clusterer: fitted once, read back identical, refitted when anything it depends on changes."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import framing
from framing.analysis.cluster import SentenceClusterer
from framing.analysis.cluster_store import cluster_key, fitted_clusterer
from framing.errors import ParameterError, RenamedWarning
from framing.study import notebook

PARAMS = SentenceClusterer(k=4, random_state=0).get_params()


def test_cluster_key_changes_with_each_part_it_depends_on():
    texts = ["One sentence.", "Another one."]
    base = cluster_key(texts, model="m@1", params=PARAMS)
    assert cluster_key(list(texts), model="m@1", params=dict(PARAMS)) == base
    changed = {
        "a sentence": cluster_key(["One sentence!", "Another one."], model="m@1", params=PARAMS),
        "the order": cluster_key(texts[::-1], model="m@1", params=PARAMS),
        "a split": cluster_key(["One sentence.Another", " one."], model="m@1", params=PARAMS),
        "the model": cluster_key(texts, model="m@2", params=PARAMS),
        "k": cluster_key(texts, model="m@1", params={**PARAMS, "k": 5}),
        "the method": cluster_key(texts, model="m@1", params={**PARAMS, "method": "agglomerative"}),
        "the seed": cluster_key(texts, model="m@1", params={**PARAMS, "random_state": 1}),
    }
    assert len({base, *changed.values()}) == len(changed) + 1, changed


@pytest.mark.slow
def test_clusterer_is_fitted_once_stored_without_pickle_and_read_back_identical(tmp_path, monkeypatch):
    texts = framing.split_sentences(framing.load_demo())["text"].tolist()[:160]
    vectors = framing.Embedder().encode(texts)
    first = fitted_clusterer(vectors, texts, model="m", cache_dir=tmp_path, k=4, random_state=0)
    (entry,) = tmp_path.iterdir()
    assert sorted(p.suffix for p in entry.iterdir()) == [".json", ".npz"] + [".parquet"] * 5

    def refit(self, *args, **kwargs):
        raise AssertionError("refitted although the fit was stored")

    monkeypatch.setattr(SentenceClusterer, "fit", refit)
    again = fitted_clusterer(vectors, texts, model="m", cache_dir=tmp_path, k=4, random_state=0)
    learned = [n for n in vars(first) if n.endswith("_") and not n.startswith("_")]
    assert {"labels_", "summary_", "silhouette_", "exemplars_", "terms_", "centroids_"} <= set(learned)
    for name in learned:
        a, b = getattr(first, name), getattr(again, name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_exact=True)
        elif isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b, check_exact=True)
        elif isinstance(a, np.ndarray):
            assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True), name
        else:
            assert a == b or (np.isnan(a) and np.isnan(b)), name
    np.testing.assert_array_equal(again.predict(vectors[:20]), first.labels_[:20])
    monkeypatch.undo()

    # Each change is a new fit in a new entry; the old one is still there to be read.
    fitted_clusterer(vectors, texts, model="m", cache_dir=tmp_path, k=4, random_state=1)
    fitted_clusterer(vectors, texts, model="m", cache_dir=tmp_path, k=5, random_state=0)
    fitted_clusterer(vectors, texts, model="other", cache_dir=tmp_path, k=4, random_state=0)
    fitted_clusterer(vectors[1:], texts[1:], model="m", cache_dir=tmp_path, k=4, random_state=0)
    assert len(list(tmp_path.iterdir())) == 5

    # A damaged entry is refitted and replaced, not trusted.
    (entry / "arrays.npz").write_bytes(b"not an npz")
    repaired = fitted_clusterer(vectors, texts, model="m", cache_dir=tmp_path, k=4, random_state=0)
    np.testing.assert_array_equal(repaired.labels_, first.labels_)
    assert np.load(entry / "arrays.npz", allow_pickle=False)["labels_"].shape == (160,)


def test_start_refuses_a_pair_that_is_not_two_sides(tmp_path):
    with pytest.raises(ParameterError, match=r"notebook parameter contrast must name two sides.*\['India'\]"):
        notebook.start("t", out_dir=str(tmp_path), contrast="India")
    with pytest.warns(RenamedWarning, match="contrast"), pytest.raises(ParameterError, match="contrast"):
        notebook.start("t", out_dir=str(tmp_path), pair="India")  # the last release's spelling
    with pytest.raises(ParameterError, match=r"notebook parameter k must be a whole number >= 2.*got 1"):
        notebook.start("t", out_dir=str(tmp_path), k=1)


@pytest.mark.slow
def test_bundled_model_loads_offline_without_hf_hub_offline():
    # framing figures no longer sets HF_HUB_OFFLINE for the whole process: the model must load without it,
    # and without touching the hub (an endpoint that refuses every connection).
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env["HF_ENDPOINT"] = "http://127.0.0.1:9"
    code = "import framing; v = framing.Embedder().encode(['The ministers met in Qingdao.']); print(v.shape)"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[-2] == "(1, 384)", proc.stdout


def test_start_drops_fragments_and_records_them_and_furniture_by_position(tmp_path):
    claims = [
        "The council approved the river budget on Tuesday.",
        "The new bridge opened to traffic after two years.",
        "Teachers at the hill school ended their strike.",
        "The clinic hired four nurses for the night shift.",
    ]
    rows = [
        # Title first, then the lead: the dateline opens the second sentence.
        {"doc_id": f"x{i}", "side": "X", "text": f"Town news {i}. RIVERTON, May {i + 1} (APP): {claim}"}
        for i, claim in enumerate(claims)
    ]
    rows += [
        {"doc_id": f"y{i}", "side": "Y", "text": f"{claim} Here's what you need to know."}
        for i, claim in enumerate(claims[::-1])
    ]
    path = tmp_path / "corpus.jsonl"
    pd.DataFrame(rows).to_json(path, orient="records", lines=True)
    study = notebook.start("t", data_path=str(path), out_dir=str(tmp_path / "figures"))
    assert "fragment" not in study.sentences.columns
    assert not study.sentences["text"].str.contains("what you need to know").any()
    assert study.sentences["side"].value_counts().to_dict() == {"X": 8, "Y": 4}
    report = study.fragments.set_index("side")
    assert report.loc["Y", ["sentences", "fragments", "teaser"]].tolist() == [8, 4, 4]
    assert report.loc["X", "fragments"] == 0
    record = study.provenance.cleaning
    assert record["removed_by_position"] == {"X/dateline": {"sentence_start": 4}}
    assert record["fragments"]["Y"] == {
        "sentences": 8,
        "fragments": 4,
        "share": 0.5,
        "teaser": 4,
        "exclamation": 0,
        "no_verb": 0,
    }
