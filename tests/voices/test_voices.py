"""Who speaks: attribution rules, side-relative categories, the codebook, comparisons, accuracy floors."""

from __future__ import annotations

import importlib.util
import json
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import framing
from framing.analysis.compare import compare_shares
from framing.errors import FramingError, FramingWarning, ParameterError
from framing.voices import CATEGORIES, NO_SPEAKER, attribute, compare_voices, voice_contrasts, voice_shares
from tests.conftest import ROOT, SHARED_DATA, shared

_spec = importlib.util.spec_from_file_location("voices_accuracy", ROOT / "benchmarks" / "voices_accuracy.py")
va = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(va)

OWN, OTHER, THIRD, INTL, EXPERT, MEDIA, ANON, UNPLACED = CATEGORIES


def table(rows):
    """Sentences written for the test: (doc_id, side, text), in document order."""
    return pd.DataFrame(rows, columns=["doc_id", "side", "text"])


def test_each_pattern_finds_its_speaker_and_offsets():
    s = table(
        [
            ("d1", "India", "Officials said the draft left out the attack."),
            ("d1", "India", "The talks will resume next month, a senior official said."),
            ("d2", "India", "According to analysts at a Delhi think tank, the refusal was expected."),
            ("d3", "Pakistan", "India isolated at SCO: Khawaja Asif"),
            ("d4", "China", "Spokesperson: China welcomes the ceasefire and hopes it holds."),
            ("d5", "India", '"We will not sign a text that ignores terror," said Rajnath Singh.'),
            ("d6", "International", "The meeting ended on Thursday without a joint statement."),
        ]
    )
    a = attribute(s)
    assert list(a["reported_speech"]) == [
        "indirect",
        "indirect",
        "according_to",
        "headline_colon",
        "headline_colon",
        "direct",
        "none",
    ]
    assert list(a["speaker_category"].fillna("-")) == [ANON, ANON, EXPERT, OWN, OWN, OWN, "-"]
    for _, r in a[a["speaker"].notna()].iterrows():
        assert r["text"][r["speaker_start"] : r["speaker_end"]] == r["speaker"]
    assert a.loc[3, "speaker"] == "Khawaja Asif" and a.loc[5, "speaker"] == "Rajnath Singh"
    assert a["speaker"].isna().iloc[-1] and pd.isna(a["speaker_start"].iloc[-1])


def test_category_is_relative_to_the_sentence_side():
    text = "Pakistan's defence minister Khawaja Asif said India had isolated itself."
    s = table(
        [("p", "Pakistan", text), ("i", "India", text), ("w", "International", text), ("c", "China", text)]
    )
    a = attribute(s)
    assert list(a["speaker_category"]) == [OWN, OTHER, THIRD, THIRD]
    assert set(a["speaker_country"]) == {"Pakistan"}
    # other rivals: with China as India's rival, a Chinese official in an Indian story is the other side
    c = attribute(
        table([("i", "India", "Chinese Defense Minister Dong Jun said the meeting succeeded.")]),
        rivals={"India": ["China"]},
    )
    assert c["speaker_category"].iloc[0] == OTHER


def test_an_outlet_that_names_no_country_is_told_to_say_whose_it_is():
    # Two outlets of one country compared with each other (by="source"): without `countries` the
    # country's own officials are "third-country officials", and attribute() says so.
    said = "Pakistan's defence minister Khawaja Asif said the talks would go on."
    rows = [(f"d{i}", outlet, said) for i in range(10) for outlet in ("Daily A", "Agency B")]
    with pytest.warns(FramingWarning, match=r"'Daily A' names no country.*countries=\{'Daily A': 'Pakistan'"):
        a = attribute(table(rows))
    assert set(a["speaker_category"]) == {THIRD}
    with warnings.catch_warnings():
        warnings.simplefilter("error", FramingWarning)
        placed = attribute(table(rows), countries={"Daily A": "Pakistan", "Agency B": "Pakistan"})
    assert set(placed["speaker_category"]) == {OWN}
    # a wire quoting several governments is not told anything: its "third country" is right
    minister = "{} foreign minister said the talks would go on."
    mixed = [(f"w{i}", "Wire", minister.format(c)) for i, c in enumerate(["India's", "China's"] * 6)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", FramingWarning)
        attribute(table(mixed))


def test_pronouns_and_bare_titles_take_the_last_named_speaker():
    s = table(
        [
            (
                "d",
                "International",
                "Pakistan's defence minister Khawaja Asif told the meeting terrorism was a shared threat.",
            ),
            ("d", "International", "He said his country had lost tens of thousands of lives."),
            ("e", "International", "He said the talks went well."),
        ]
    )
    a = attribute(s)
    assert a.loc[1, "speaker"] == "He" and a.loc[1, "speaker_category"] == THIRD
    assert "Asif" in a.loc[1, "speaker_resolved"]
    assert a.loc[2, "speaker_category"] == UNPLACED  # no antecedent in its own document


def test_user_speakers_table_overrides_the_codebook(tmp_path):
    s = table(
        [
            ("d", "India", "Khawaja Asif said the meeting was a success."),
            ("e", "Pakistan", "Vikram Desai said the meeting was a success."),
        ]
    )
    assert list(attribute(s)["speaker_category"]) == [OTHER, UNPLACED]
    path = tmp_path / "speakers.csv"
    path.write_text(
        "name,category,affiliation,country,side\nKhawaja Asif,media,,,\n"
        "Vikram Desai,,government,India,Pakistan\n"
    )
    a = attribute(s, speakers=path)
    assert list(a["speaker_category"]) == [MEDIA, OTHER]
    # a side-specific row does not apply to the other side
    b = attribute(s.assign(side="India"), speakers=path)
    assert b["speaker_category"].iloc[1] == UNPLACED
    # the same table as a DataFrame with the empty cells a spreadsheet gives (NaN, None, blanks)
    frame = pd.DataFrame(
        {
            "pattern": [np.nan, None],
            "name": [" Khawaja Asif ", "Vikram Desai"],
            "category": ["media", np.nan],
            "affiliation": [None, "government"],
            "country": [np.nan, "India"],
            "side": ["", "Pakistan"],
        }
    )
    assert list(attribute(s, speakers=frame)["speaker_category"]) == [MEDIA, OTHER]


@pytest.mark.parametrize(
    "speakers, match",
    [
        (pd.DataFrame({"who": ["x"]}), "needs a 'pattern'"),
        (
            pd.DataFrame({"pattern": ["(unclosed"], "category": ["media"]}),
            r"row 1: pattern .* not a valid regular",
        ),
        (
            pd.DataFrame({"name": ["A", "B"], "category": ["media", "press"]}),
            r"row 2: category 'press' is not one",
        ),
        (
            pd.DataFrame({"name": ["A"], "affiliation": ["government"]}),
            r"row 1: a government speaker needs a 'country'",
        ),
        ("/no/such/speakers.csv", "does not exist"),
    ],
)
def test_bad_speakers_tables_name_the_row_and_the_fix(speakers, match):
    with pytest.raises(ParameterError, match=match):
        attribute(table([("d", "India", "Officials said so.")]), speakers=speakers)


def test_bad_input_is_a_framing_error():
    with pytest.raises(FramingError, match="no column 'side'"):
        attribute(pd.DataFrame({"doc_id": ["a"], "text": ["He said so."]}))
    with pytest.raises(ParameterError, match="rivals must be a mapping"):
        attribute(table([("d", "India", "He said so.")]), rivals=["Pakistan"])


@pytest.fixture(scope="module")
def demo_voiced():
    return attribute(framing.split_sentences(framing.load_demo()))


def test_compare_voices_is_compare_shares_on_speaker_categories(demo_voiced):
    res = compare_voices(demo_voiced, sides=["India", "Pakistan"], n_boot=200, random_state=3)
    spoken = demo_voiced[demo_voiced["speaker_category"].notna()]
    order = [c for c in CATEGORIES if c in set(spoken["speaker_category"])]
    codes = spoken["speaker_category"].map(order.index).to_numpy()
    direct = compare_shares(spoken, codes, sides=["India", "Pakistan"], n_boot=200, random_state=3)
    assert list(res.columns[:3]) == ["side_a", "side_b", "voice"]
    assert list(res["voice"]) == [order[c] for c in direct["cluster"]]
    for col in ("share_a", "share_b", "diff", "ci_low", "ci_high", "p_value", "q_value"):
        np.testing.assert_array_equal(res[col].to_numpy(), direct[col].to_numpy())
    # the demo's Indian reports lean on unnamed officials far more than its Chinese state media do
    row = compare_voices(demo_voiced, sides=["China", "India"], n_boot=500).set_index("voice").loc[ANON]
    assert row["share_b"] > row["share_a"] + 0.15 and row["ci_high"] < 0


def test_voice_shares_sum_to_one_within_each_side(demo_voiced):
    shares = voice_shares(demo_voiced, n_boot=100)
    assert list(shares.columns[:2]) == ["side", "voice"]
    # the run's settings are columns, repeated on every row (pandas drops DataFrame.attrs)
    assert set(shares["n_boot"]) == {100} and set(shares["ci"]) == {0.95}
    assert set(shares["include_unattributed"]) == {False} and "cluster_by" not in shares
    assert np.allclose(shares.groupby("side")["share"].sum(), 1.0)
    assert (shares["ci_low"] <= shares["share"] + 1e-12).all() and (
        shares["share"] <= shares["ci_high"] + 1e-12
    ).all()
    all_sents = voice_shares(demo_voiced, include_unattributed=True, n_boot=100)
    assert NO_SPEAKER in set(all_sents["voice"])
    assert (all_sents.groupby("side")["n_total"].first() == demo_voiced.groupby("side").size()).all()


def test_voices_within_clusters_and_a_silent_side(demo_voiced):
    labels = (demo_voiced["sent_idx"] % 2).to_numpy()  # two "themes", each with every side speaking
    res = compare_voices(demo_voiced, labels=labels, n_boot=50)
    assert list(res.columns[:4]) == ["side_a", "side_b", "cluster", "voice"]
    assert set(res["cluster"]) == {0, 1}
    # each cluster's rows are the overall comparison run on that cluster's sentences alone
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alone = compare_voices(demo_voiced[labels == 1], n_boot=50)
    keys = ["side_a", "side_b", "voice"]
    one = res[res["cluster"] == 1].drop(columns="cluster").sort_values(keys, ignore_index=True)
    pd.testing.assert_frame_equal(one, alone.sort_values(keys, ignore_index=True), check_dtype=False)
    # a cluster where one of the sides compared is silent is left out
    china_apart = (demo_voiced["side"] == "China").to_numpy().astype(int)
    with pytest.warns(UserWarning, match="no cluster has reported speech"):
        assert compare_voices(demo_voiced, labels=china_apart, n_boot=50).empty
    silent = demo_voiced.copy()
    silent.loc[silent["side"] == "China", ["speaker_category"]] = pd.NA
    with pytest.warns(UserWarning, match=r"\['China'\] have no sentence with reported speech"):
        res = compare_voices(silent, sides=["China", "India", "Pakistan"], n_boot=50)
    assert "China" not in set(res["side_a"]) | set(res["side_b"])


def test_voice_contrasts_keep_pairs_whose_mouths_differ(demo_voiced):
    rows = demo_voiced.reset_index(drop=True)
    cats = rows["speaker_category"].fillna("")
    officials = int(np.flatnonzero(cats == ANON)[0])
    minister = int(np.flatnonzero(cats == OWN)[0])
    plain = int(np.flatnonzero(rows["reported_speech"] == "none")[0])
    land = rows["speaker_country"].fillna("")
    pk = np.flatnonzero((land == "Pakistan") & (rows["side"] == "Pakistan"))[0]
    wr = np.flatnonzero((land == "Pakistan") & (rows["side"] == "International"))[0]
    matches = pd.DataFrame(
        {
            "side_a": "a",
            "side_b": "b",
            "row_a": [officials, minister, pk],
            "row_b": [minister, plain, wr],
            "text_a": "x",
            "text_b": "y",
            "similarity": 0.9,
        }
    )
    out = voice_contrasts(rows, matches)
    assert list(out["voice_a"]) == [ANON, OWN]  # Pakistan's own words on two sides are one mouth
    assert list(out["voice_b"]) == [OWN, NO_SPEAKER]
    assert len(voice_contrasts(rows, matches, both_attributed=True)) == 1


def test_voice_plots_draw_the_categories_and_speakers(demo_voiced):
    shares = voice_shares(demo_voiced, n_boot=50)
    ax = framing.plots.plot_voice_shares(shares)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(dict.fromkeys(shares["voice"]))
    top = framing.top_speakers(demo_voiced, n=4)
    sides = ["China", "India", "International", "Pakistan"]
    axes = [framing.plots.plot_top_speakers(top, side=side, n=4, hue_order=sides) for side in sides]
    assert [a.get_title(loc="left") for a in axes] == sides
    assert "Rajnath Singh" in set(top["speaker"])  # "Singh", "Shri Rajnath Singh" merged into one speaker
    plt.close("all")


def test_accuracy_on_the_demo_gold_set():
    sents, gold = va.gold_demo()
    scores = va.score_table(attribute(sents), gold, n_boot=200).set_index("metric")["value"]
    # floors a little below the measured values (0.99, 0.96, 0.97, 0.94, 0.94; benchmarks/voices_accuracy.py)
    floors = {
        "speech precision": 0.93,
        "speech recall": 0.90,
        "speaker precision": 0.92,
        "speaker recall": 0.88,
        "category accuracy": 0.88,
    }
    for metric, floor in floors.items():
        assert scores[metric] >= floor, (metric, scores[metric])


@pytest.mark.slow
def test_accuracy_on_the_real_dev_gold_set():
    shared(SHARED_DATA / "india_pakistan_2025_dev" / va.FULLTEXT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sents, gold = va.gold_dev(SHARED_DATA / "india_pakistan_2025_dev")
    scores = va.score_table(attribute(sents), gold, n_boot=200).set_index("metric")["value"]
    # measured 0.98, 0.89, 0.95, 0.85, 0.72 on 200 sentences (150 Dawn/APP, 50 Indian headlines)
    floors = {
        "speech precision": 0.92,
        "speech recall": 0.82,
        "speaker precision": 0.88,
        "speaker recall": 0.78,
        "category accuracy": 0.62,
    }
    for metric, floor in floors.items():
        assert scores[metric] >= floor, (metric, scores[metric])


def test_media_wings_and_spokespersons_speak_for_their_government():
    s = table(
        [
            (
                "p1",
                "Pakistan",
                '"Five drones were shot down near the border," the military\'s media wing said.',
            ),
            ("p2", "Pakistan", "The army's press service said the posts had been rebuilt."),
            ("p3", "Pakistan", "A spokesman for the Indian Army said the strike hit nine sites."),
            ("i1", "India", "The Chinese foreign ministry's spokesperson said Beijing hoped for calm."),
            ("i2", "India", "The ruling party's spokesperson said the opposition was misleading voters."),
            ("i3", "India", "The newspaper's editor said the report was accurate."),
        ]
    )
    a = attribute(s)
    assert list(a["speaker"]) == [
        "the military's media wing",
        "The army's press service",
        "A spokesman for the Indian Army",
        "The Chinese foreign ministry's spokesperson",
        "The ruling party's spokesperson",
        "The newspaper's editor",
    ]
    assert list(a["speaker_category"]) == [OWN, OWN, OTHER, THIRD, UNPLACED, MEDIA]
    # the codebook says so, and a user's row can override it
    book = framing.voices.load_codebook()
    assert book["pattern"].str.contains("media|press", regex=False).any()
    row = book[book["pattern"].str.contains("public relations", regex=False)].iloc[0]
    assert row["affiliation"] == "government" and pd.isna(row["country"])
    mine = attribute(s.iloc[:1], speakers=[{"pattern": r"media wing", "category": "media"}])
    assert mine["speaker_category"].iloc[0] == MEDIA


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Jaishankar targets Pakistan, says terror is its state policy", "Jaishankar"),
        ("Minister Rao slams the West, warns of sanctions", "Minister Rao"),
        ("Party's Asia Cup jibe draws fire, says leader", "leader"),
        ("Congress' Asia Cup jibe: Venugopal says the match should not be played", "Venugopal"),
        ("Congress' Asia Cup remark, says Kharge, was about the handshake", "Kharge"),
        ("Opposition parties in parliament said the talks had failed.", "Opposition parties in parliament"),
        ("Kashmiri politicians said the curfew must end.", "Kashmiri politicians"),
        ("Pak\u00adis\u00adtan's defence minister Khawaja Asif said talks were possible.", None),
    ],
)
def test_speaker_spans_end_at_the_speaker(text, speaker):
    a = attribute(table([("d", "India", text)]))
    r = a.iloc[0]
    assert r["text"][r["speaker_start"] : r["speaker_end"]] == r["speaker"]
    if speaker is None:  # soft hyphens: the offsets still index the text as written
        assert r["speaker"].replace("\u00ad", "") == "Pakistan's defence minister Khawaja Asif"
        assert r["speaker_category"] == OTHER
    else:
        assert r["speaker"] == speaker


def test_possessor_of_a_remark_is_the_speaker():
    a = attribute(table([("d", "India", "Congress' Asia Cup jibe at the government, party leaders said.")]))
    assert "Asia Cup" not in str(a["speaker"].iloc[0])


def test_unknown_speakers_lists_the_uncategorised_with_examples():
    s = table(
        [
            ("d1", "India", "Ravi Menon said the port would reopen."),
            ("d1", "India", "He said traffic was normal."),
            ("d2", "India", "Ravi Menon said the strike was over."),
            ("d3", "Pakistan", "Ravi Menon told reporters the talks went well."),
            ("d4", "Pakistan", "Sara Qureshi said prices had doubled."),
            ("d5", "Pakistan", "Officials said the road was closed."),
            ("d6", "India", "Prime Minister Narendra Modi said the ceasefire held."),
        ]
    )
    a = attribute(s)
    u = framing.unknown_speakers(a)
    assert list(u["speaker"]) == ["Ravi Menon", "Sara Qureshi"]
    assert list(u["n_sentences"]) == [4, 1] and list(u["n_docs"]) == [3, 1]
    assert u["sides"].iloc[0] == ["India", "Pakistan"]
    assert u["examples"].iloc[0][:2] == [s["text"][0], s["text"][2]]  # one per document first
    assert u["pattern"].iloc[0] == r"\bRavi Menon\b"
    # the pattern, pasted into a speakers table, places the speaker
    placed = attribute(s, speakers=[{"pattern": u["pattern"].iloc[0], "category": "expert"}])
    assert list(framing.unknown_speakers(placed)["speaker"]) == ["Sara Qureshi"]
    assert len(framing.unknown_speakers(a, n=1, n_examples=1)["examples"].iloc[0]) == 1
    with pytest.raises(ParameterError, match="n must be a positive integer"):
        framing.unknown_speakers(a, n=0)
    assert framing.unknown_speakers(attribute(s.iloc[5:])).empty


def _two_outlets():
    """Two outlets of one country, compared with each other (invented text)."""
    rows = []
    for i in range(6):
        rows += [
            (f"a{i}", "Agency", "The defence minister said the border was calm."),
            (f"a{i}", "Agency", "Foreign Minister Ishaq Dar said talks were possible."),
            (f"b{i}", "Daily", "Foreign Secretary Vikram Misri said the talks had stalled."),
            (f"b{i}", "Daily", "The military's media wing said two posts were destroyed."),
        ]
    return pd.DataFrame(rows, columns=["doc_id", "source", "text"])


def test_own_government_is_defined_when_two_outlets_of_one_country_are_compared():
    s = _two_outlets()
    plain = attribute(s, by="source")
    assert OWN not in set(plain["speaker_category"])  # an outlet is not a country
    want = [OWN, OWN, OTHER, OWN] * 6
    mapped = attribute(s, by="source", countries={"Agency": "Pakistan", "Daily": "Pakistan"})
    assert list(mapped["speaker_category"]) == want
    assert list(mapped["speaker_country"].iloc[:4]) == ["Pakistan", "Pakistan", "India", "Pakistan"]
    # the same from a country column, or from a side column that names a country
    assert list(attribute(s.assign(country="Pakistan"), by="source")["speaker_category"]) == want
    assert list(attribute(s.assign(side="Pakistan"), by="source")["speaker_category"]) == want
    # a country column wins over the mapping; a mapping to None means no country
    col = attribute(s.assign(country="India"), by="source", countries={"Agency": "Pakistan"})
    assert col["speaker_category"].iloc[1] == OTHER  # Dar, in an Indian outlet
    assert attribute(s, by="source", countries={"Agency": None})["speaker_category"].iloc[1] == THIRD
    with pytest.raises(ParameterError, match="countries must be a mapping"):
        attribute(s, by="source", countries=["Pakistan"])


def test_compare_voices_places_speakers_again_with_countries():
    s = _two_outlets()
    plain = attribute(s, by="source", speakers=[{"name": "Ishaq Dar", "category": "expert"}])
    res = compare_voices(
        plain, by="source", countries={"Agency": "Pakistan", "Daily": "Pakistan"}, n_boot=50, n_perm=50
    )
    row = res.set_index("voice").loc[OWN]
    # Agency: the minister (own); Dar is an expert by the user's table, kept on the second pass
    assert row["share_a"] == pytest.approx(0.5) and row["share_b"] == pytest.approx(0.5)
    assert res.set_index("voice").loc[EXPERT, "share_a"] == pytest.approx(0.5)
    assert OWN not in set(compare_voices(plain, by="source", n_boot=50, n_perm=50)["voice"])


def test_attribute_writes_its_settings_as_columns_that_survive_a_rebuilt_table():
    s = _two_outlets()
    user = [{"name": "Ishaq Dar", "category": "expert"}]
    plain = attribute(s, by="source", speakers=user, rivals={"Pakistan": "India"})
    assert json.loads(plain["rivals"].iloc[0]) == {"Pakistan": ["India"]}
    assert json.loads(plain["countries"].iloc[0]) == {}
    (row,) = json.loads(plain["speakers"].iloc[0])
    assert row["category"] == EXPERT and "Ishaq" in row["pattern"]
    assert plain["speakers"].nunique() == 1 and len(plain) == len(s)
    # a table rebuilt from its columns (as a CSV round trip or many pandas operations do) keeps them
    rebuilt = pd.DataFrame(plain.to_dict("list"))
    countries = {"Agency": "Pakistan", "Daily": "Pakistan"}
    again = compare_voices(rebuilt, by="source", countries=countries, n_boot=50, n_perm=50)
    assert again.set_index("voice").loc[EXPERT, "share_a"] == pytest.approx(0.5)


@pytest.mark.slow
@pytest.mark.real_data
def test_accuracy_on_the_fresh_dev_sample():
    # 210 sentences drawn (seed 2020) from dev documents the rules were never tuned on, annotated before
    # the rules changed; the annotations hold keys and labels only, joined to ../shared/data at run time.
    shared(SHARED_DATA / "india_pakistan_2025_dev" / va.FULLTEXT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sents, gold = va.gold_fresh(SHARED_DATA / "india_pakistan_2025_dev")
    assert len(gold) >= 200 and "text" not in gold.columns
    scores = va.score_table(attribute(sents), gold, n_boot=200).set_index("metric")["value"]
    # measured 0.99, 0.80, 0.95, 0.79, 0.74, 0.64 (benchmarks/voices_accuracy.py)
    floors = {
        "speech precision": 0.94,
        "speech recall": 0.74,
        "speaker precision": 0.90,
        "speaker recall": 0.73,
        "speaker exact match": 0.68,
        "category accuracy": 0.58,
    }
    for metric, floor in floors.items():
        assert scores[metric] >= floor, (metric, scores[metric])
