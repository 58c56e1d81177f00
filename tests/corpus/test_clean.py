"""Cleaning: boilerplate learned per source, datelines and credits, near-duplicates, relevance, language.

The synthetic corpora here are written by the project; the real checks read
``../shared/data/india_pakistan_2025_dev`` in place (see tests/real_corpus.py) and skip without it.
"""

from __future__ import annotations

import json
import re
import warnings

import pandas as pd
import pytest

import framing
from framing.errors import ParameterError
from tests.real_corpus import bilateral_table, write_bilateral

ABOUT = "India–Pakistan relations and security"
# What a researcher adds once the set-aside list shows India-Pakistan cricket kept: the teams' names put
# a match report near the topic, so a phrase for it joins the "about something else" side.
NOT_ABOUT = "India–Pakistan cricket matches and other sport"


def _corpus(rows):
    return framing.load_corpus(pd.DataFrame(rows))


def _story(i, topic):
    # Distinct words per document (numbers are masked when shapes are compared).
    tag = "project " + chr(97 + i % 26) + chr(97 + i // 26)
    return (
        f"Officials met to discuss {topic} for {tag} and agreed to continue talks next week.\n\n"
        f"The {topic} committee of {tag} will publish its report soon, a spokesperson said."
    )


def test_boilerplate_is_learned_per_source_and_every_removal_is_traced():
    topics = ["water sharing", "border trade", "visa rules", "rail links", "power grids", "river data"]
    rows = []
    for i, topic in enumerate(topics):
        # Source A signs every article (a different date each time); the minister's line is in three
        # documents of each source: six in the corpus, but too few in any one source to be furniture.
        quote = "\n\nThe minister called for calm." if i < 3 else ""
        rows.append(
            {
                "doc_id": f"a{i}",
                "side": "X",
                "source": "A",
                "text": _story(i, topic) + quote + f"\n\nFollow Outlet A on social media, {i + 1} June 2025",
            }
        )
        rows.append({"doc_id": f"b{i}", "side": "Y", "source": "B", "text": _story(i + 10, topic) + quote})
    result = framing.clean_corpus(_corpus(rows), language=None)
    docs = result.documents.set_index("doc_id")
    assert not docs["text"].str.contains("Follow Outlet").any()
    assert docs["text"].str.contains("The minister called for calm.").sum() == 6
    learned = result.patterns[result.patterns["rule"] == "boilerplate_line"]
    assert learned[["source", "pattern", "documents"]].values.tolist() == [
        ["A", "follow outlet a on social media, # <m> #", 6]
    ]
    removed = result.removed
    assert len(removed) == 6 and set(removed["rule"]) == {"boilerplate_line"}
    assert (
        removed.loc[removed["doc_id"] == "a3", "removed"].item()
        == "Follow Outlet A on social media, 4 June 2025"
    )
    assert docs.loc["a3", "original_text"].endswith("4 June 2025")
    assert (docs["status"] == "kept").all()


def test_a_line_repeated_by_fewer_documents_than_min_docs_is_kept():
    rows = [
        {
            "doc_id": f"d{i}",
            "side": "X",
            "source": "A",
            "text": _story(i, f"topic {i}") + ("\n\nFollow us." if i < 3 else ""),
        }
        for i in range(40)
    ]
    kept = framing.clean_corpus(_corpus(rows), language=None)
    assert kept.removed.empty
    removed = framing.clean_corpus(_corpus(rows), language=None, min_docs=3, min_share=0.05)
    assert set(removed.removed["removed"]) == {"Follow us."}


def test_datelines_credits_and_title_signatures_are_removed():
    rows = [
        {
            "doc_id": "p1",
            "side": "X",
            "source": "Agency",
            "title": "Talks resume",
            "text": "ISLAMABAD, May 10 (XYZ): Talks resumed on Saturday.\n\nBoth delegations met for two hours. — AFP",
        },
        {
            "doc_id": "p2",
            "side": "X",
            "source": "Agency",
            "title": "Dam work begins",
            "text": "NEW DELHI (Reuters) - Work began on the dam.\n\nWith input from APP",
        },
        {
            "doc_id": "p3",
            "side": "X",
            "source": "Agency",
            "title": "Heading only",
            "text": "KARACHI: The port reopened.\n\nSIDEBAR:",
        },
    ]
    rows += [
        {
            "doc_id": f"t{i}",
            "side": "Y",
            "source": "Feed",
            "title": f"Headline number {i} | World News - Feed Daily",
            "text": f"Headline number {i} | World News - Feed Daily",
        }
        for i in range(6)
    ]
    result = framing.clean_corpus(_corpus(rows), language=None)
    docs = result.documents.set_index("doc_id")
    assert docs.loc["p1", "text"] == "Talks resumed on Saturday.\n\nBoth delegations met for two hours."
    assert docs.loc["p2", "text"] == "Work began on the dam."
    assert docs.loc["p3", "text"] == "The port reopened.\n\nSIDEBAR:"
    assert docs.loc["t2", "title"] == "Headline number 2" and docs.loc["t2", "text"] == "Headline number 2"
    by_rule = result.removed.groupby("rule")["removed"].apply(set)
    assert by_rule["dateline"] == {"ISLAMABAD, May 10 (XYZ):", "NEW DELHI (Reuters) -", "KARACHI:"}
    assert by_rule["agency_credit"] == {"— AFP", "With input from APP"}
    assert by_rule["outlet_signature"] == {"| World News - Feed Daily"}
    assert set(result.counts.columns) >= {"rule", "source", "documents", "spans", "characters", "example"}


def test_near_duplicates_are_grouped_within_a_side_and_reported_across():
    wire = (
        "The two governments agreed on Tuesday to reopen the crossing for pilgrims from next month, "
        "officials said, after a meeting of border commanders that lasted three hours."
    )
    body = " ".join(
        f"Paragraph {i} adds detail number {i} about the arrangements for travellers." for i in range(8)
    )
    rows = [
        {"doc_id": "x-short", "side": "X", "source": "S1", "text": wire},
        {"doc_id": "x-full", "side": "X", "source": "S2", "text": wire + "\n\n" + body},
        {"doc_id": "y-copy", "side": "Y", "source": "S3", "text": wire},
        {
            "doc_id": "y-other",
            "side": "Y",
            "source": "S3",
            "text": "A different story about river data and floods.",
        },
    ]
    result = framing.clean_corpus(_corpus(rows), language=None)
    docs = result.documents.set_index("doc_id")
    # The longest copy is kept; the headline item points to it; the other side keeps its own copy.
    assert docs.loc["x-short", "status"] == "duplicate" and docs.loc["x-short", "duplicate_of"] == "x-full"
    assert docs.loc["x-full", "status"] == "kept" and pd.isna(docs.loc["x-full", "duplicate_of"])
    assert docs.loc["y-copy", "status"] == "kept"
    assert (
        result.duplicates["across"].sum() == 2
        and not result.duplicates.loc[result.duplicates["across"], "grouped"].any()
    )
    across = framing.clean_corpus(_corpus(rows), language=None, duplicates="across")
    assert (across.documents["status"] == "duplicate").sum() == 2
    off = framing.clean_corpus(_corpus(rows), language=None, duplicates="off")
    assert (off.documents["status"] == "kept").all()
    # Sentences come from kept documents only, unless asked otherwise.
    sentences = framing.split_sentences(result.documents)
    assert "x-short" not in set(sentences["doc_id"]) and "x-full" in set(sentences["doc_id"])
    assert set(framing.split_sentences(result.documents, status=None)["doc_id"]) == set(docs.index)


def test_other_languages_are_set_aside_with_the_multilingual_hint():
    rows = [
        {
            "doc_id": "en",
            "side": "X",
            "text": "The foreign ministers met in the capital and agreed to keep talking.",
        },
        {
            "doc_id": "fr",
            "side": "X",
            "text": "Les ministres des affaires étrangères se sont réunis dans la capitale hier soir.",
        },
        {"doc_id": "short", "side": "Y", "text": "Talks end."},
    ]
    with pytest.warns(UserWarning, match="multilingual"):
        result = framing.clean_corpus(_corpus(rows))
    docs = result.documents.set_index("doc_id")
    assert docs["status"].to_dict() == {"en": "kept", "fr": "other_language", "short": "kept"}
    assert docs.loc["fr", "detected_language"] == "fr" and pd.isna(docs.loc["short", "detected_language"])
    assert framing.clean_corpus(_corpus(rows), language=None).documents["status"].eq("kept").all()


def test_a_short_title_suffix_is_a_section_label_from_three_titles_on():
    """'| World News' three times in one feed is furniture; a suffix seen twice, or a long one, is content."""
    rows = [
        {"doc_id": f"w{i}", "side": "Y", "source": "Feed", "title": f"Story {i} happened | World News"}
        for i in range(3)
    ]
    rows += [
        {"doc_id": f"c{i}", "side": "Y", "source": "Feed", "title": f"Item {i} | Cricket News"}
        for i in range(2)
    ]
    rows += [
        {
            "doc_id": f"q{i}",
            "side": "Y",
            "source": "Feed",
            "title": f"Quote {i} - says the minister of the interior",
        }
        for i in range(3)
    ]
    rows += [
        {"doc_id": f"o{i}", "side": "Y", "source": "Feed", "title": f"Other story number {i}"}
        for i in range(40)
    ]
    for row in rows:
        row["text"] = row["title"]
    docs = framing.clean_corpus(_corpus(rows), language=None).documents.set_index("doc_id")
    assert docs.loc["w1", "title"] == "Story 1 happened" and docs.loc["w1", "text"] == "Story 1 happened"
    assert docs.loc["c1", "title"].endswith("| Cricket News")
    assert docs.loc["q1", "title"].endswith("- says the minister of the interior")
    kept = framing.clean_corpus(_corpus(rows), language=None, min_label_docs=4).documents.set_index("doc_id")
    assert kept.loc["w1", "title"].endswith("| World News")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"by": "country"}, "no column 'country'"),
        ({"duplicates": "sometimes"}, "duplicates must be one of"),
        ({"min_share": 2}, "min_share"),
        ({"containment": 1.0}, "containment"),
        ({"about": ["  "]}, "about must be"),
        ({"not_about": "sport"}, "not_about= only refines about="),
        ({"about": "talks", "not_about": [" "]}, "not_about must be"),
        ({"min_label_docs": 1}, "min_label_docs"),
        ({"language": "xx"}, "language 'xx'"),
    ],
)
def test_bad_parameters_name_themselves(kwargs, match):
    docs = _corpus([{"doc_id": "a", "side": "X", "text": "The ministers met in the capital on Monday."}])
    with pytest.raises(ParameterError, match=match):
        framing.clean_corpus(docs, **kwargs)


def test_cleaning_twice_is_refused_with_the_way_out():
    once = framing.clean_corpus(framing.load_demo(), language=None).documents
    with pytest.raises(ParameterError, match="cleaned before"):
        framing.clean_corpus(once)


@pytest.mark.slow
def test_the_demo_corpus_loses_only_its_datelines():
    docs = framing.load_demo()
    result = framing.clean_corpus(docs)
    assert (result.documents["status"] == "kept").all()
    assert set(result.removed["rule"]) <= {"dateline"}
    assert result.removed["removed"].str.fullmatch(r"[A-Z /]+, (April|May|June|July) \d+( —|:)").all()
    before, after = framing.split_sentences(docs), framing.split_sentences(result.documents)
    assert len(before) == len(after)
    # Each dateline changes the first sentence of its document and nothing else.
    assert (before["text"] != after["text"]).sum() == len(result.removed)


@pytest.mark.slow
def test_demo_results_unchanged_within_noise(embedder):
    """Clusters with and without cleaning agree as well as k-means agrees with itself across seeds.

    Cleaning removes only the demo's datelines, so the partition may move no more than a change of
    seed moves it (k-means on sentence embeddings is itself unstable: ARI about 0.5 between seeds).
    """
    from sklearn.metrics import adjusted_rand_score

    docs = framing.load_demo()
    fits = {}
    for name, documents in (("raw", docs), ("cleaned", framing.clean_corpus(docs).documents)):
        sentences = framing.split_sentences(documents)
        vectors = embedder.encode(sentences["text"].tolist())
        for seed in (0, 1, 2, 3) if name == "raw" else (0,):
            fits[name, seed] = framing.SentenceClusterer(k=8, random_state=seed).fit(vectors).labels_
    assert len(fits["raw", 0]) == len(fits["cleaned", 0])
    seed_noise = min(adjusted_rand_score(fits["raw", 0], fits["raw", s]) for s in (1, 2, 3))
    assert adjusted_rand_score(fits["raw", 0], fits["cleaned", 0]) >= seed_noise - 0.05


# -- the real, noisy India-Pakistan coverage -------------------------------------------------

# Terms that are outlet furniture, never framing: outlet names, feed sections, datelines, credits.
FURNITURE = re.compile(
    r"\b(ndtv|hindustan|times india|india news|news india|world news|latest|al jazeera|jazeera|india today|news air|"
    r"newsonair|livemint|mint|indiatimes|express|hindu|dawn|app|reuters|afp|pti|ani|published|writer|"
    r"contributed|adsbygoogle|window|push|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b"
)


# Match-report vocabulary: off-topic for a study of relations and security once not_about= names it.
SPORT = re.compile(r"\b(t20|cricket|wicket|world cup|odi|vs pakistan|vs india|champions trophy|lineups)\b")


@pytest.fixture(scope="module")
def real_documents():
    return framing.load_corpus(bilateral_table())


def _top_terms(documents, n=30):
    sentences = framing.split_sentences(documents)
    terms = framing.distinctive_terms(sentences, sides=["Pakistan", "India"])
    return terms.head(n)["term"].tolist(), terms.sort_values("z").head(n)["term"].tolist()


@pytest.mark.slow
def test_real_top_terms_hold_no_furniture_after_cleaning():
    """All 410 Indian headlines, a deterministic fifth of the Pakistani items (sentence splitting is the cost;
    the whole corpus gives the same result, see docs/guides/cleaning.md)."""
    real_documents = framing.load_corpus(bilateral_table(pakistan_headlines=800, fulltexts=100))
    pakistan, india = _top_terms(real_documents)
    # Before cleaning, furniture is at the top (the problem this stage solves).
    assert [t for t in pakistan + india if FURNITURE.search(t)]
    cleaned = framing.clean_corpus(real_documents, language=None).documents
    pakistan, india = _top_terms(cleaned)
    assert not [t for t in pakistan + india if FURNITURE.search(t)], (pakistan, india)


@pytest.mark.slow
def test_real_syndicated_and_relisted_copies_are_grouped(real_documents):
    result = framing.clean_corpus(real_documents, language=None)
    docs = result.documents
    # Every Dawn/APP full text is also in the headlines export (same link): the pair is one story, and at
    # most one copy of it is counted (none when both copy a third document). Indian feed links are left
    # out: Google News reuses one link for different headlines.
    pakistan = docs[docs["side"] == "Pakistan"]
    same_link = pakistan[pakistan["url"].duplicated(keep=False)].groupby("url")["status"].apply(list)
    assert len(same_link) > 700
    one_story = same_link.map(lambda s: s.count("kept") <= 1 and s.count("duplicate") >= len(s) - 1)
    assert one_story.mean() > 0.95, same_link[~one_story].head().tolist()
    # Google News re-lists one headline under two feeds ("Times of India", "The Times of India").
    india = docs[docs["side"] == "India"]
    twice = india[india["title"].duplicated(keep=False)]
    assert (
        len(twice) >= 6 and (twice.groupby("title")["status"].apply(lambda s: (s == "kept").sum()) == 1).all()
    )
    assert (
        not result.duplicates["across"].any()
        or not result.duplicates.loc[result.duplicates["across"], "grouped"].any()
    )


@pytest.mark.slow
def test_real_off_topic_business_and_sport_items_are_set_aside(embedder):
    """On all 410 Indian headlines and a deterministic fifth of the Pakistani items (embedding is the cost)."""
    documents = framing.load_corpus(bilateral_table(pakistan_headlines=800, fulltexts=100))
    result = framing.clean_corpus(documents, about=ABOUT, embedder=embedder, language=None)
    docs = result.documents
    title = docs["original_title"]
    india = docs["side"] == "India"
    # Matched on "Indus" (IndusInd Bank, Indus Towers, "Industries") or "Pak": company and market news.
    business = (
        india
        & title.str.contains(
            r"IndusInd|Indus Towers|Industries|share price|shares|stocks?\b|IPO|Sensex|Nifty", case=False
        )
        & ~title.str.contains(r"Pakistan|Pak\b|Sindoor|terror|army|border|ceasefire", case=False)
    )
    security = india & title.str.contains(r"Sindoor|Pahalgam|terror|LoC|ceasefire", case=False)
    sport = (
        ~india
        & title.str.contains(
            r"Champions Trophy|\bODI|wicket|tennis|Olympic|Test (?:series|match|cricket)|football|hockey",
            case=False,
        )
        & ~(title.str.contains("India", case=False) & title.str.contains("Pakistan", case=False))
    )
    assert business.sum() >= 40 and security.sum() >= 60 and sport.sum() >= 5
    assert (docs.loc[business, "status"] == "off_topic").mean() >= 0.85
    sport_status = docs.loc[sport, ["status", "original_title"]]
    # Measured 0.48: the 2025 Champions Trophy was itself an India-Pakistan dispute (venue, travel), and
    # all-MiniLM-L6-v2 puts its preparations near the topic; other sport goes.
    assert (sport_status["status"] == "off_topic").mean() >= 0.4, sport_status.values.tolist()
    assert (docs.loc[security, "status"] != "off_topic").mean() >= 0.97
    assert result.threshold == 0.0 and "news sentences on other subjects" in result.threshold_method
    aside = result.set_aside()
    assert aside["relevance"].notna().all() and set(aside["status"]) >= {"off_topic", "duplicate"}
    off = aside[aside["status"] == "off_topic"]
    assert off["relevance_margin"].is_monotonic_increasing and (off["relevance_margin"] < 0).all()

    # Cricket, India-Pakistan matches included: the teams' names put a match report near the topic, so
    # about= alone keeps most of it (measured 0.27 set aside); not_about= names it, and it goes, while
    # the cricket rows that are diplomacy (boycotts, security threats, a withdrawal amid tensions) stay.
    cricket = title.str.contains(
        r"\bvs\.? (?:Pak|India)|Asia Cup|BCCI|PCB|ICC\b|Champions Trophy|\bODI"
    ) | title.str.contains(r"T20|World Cup|cricket|wicket", case=False)
    assert cricket.sum() >= 40 and (docs.loc[cricket, "status"] == "off_topic").mean() < 0.5
    narrowed = framing.clean_corpus(
        documents, about=ABOUT, not_about=NOT_ABOUT, embedder=embedder, language=None
    )
    docs = narrowed.documents
    assert (docs.loc[cricket, "status"] == "off_topic").mean() >= 0.75, docs.loc[cricket, "original_title"]
    assert (docs.loc[security, "status"] != "off_topic").mean() >= 0.97
    assert (docs.loc[business, "status"] == "off_topic").mean() >= 0.85
    assert "not_about" in narrowed.threshold_method and narrowed.settings["not_about"] == [NOT_ABOUT]


@pytest.mark.slow
def test_framing_figures_runs_end_to_end_on_the_real_bilateral_corpus(tmp_path, monkeypatch):
    """`framing figures --about` on a deterministic subsample (all 410 Indian headlines, 400 Pakistani
    headline items, 60 full texts): chapter 01 records the cleaning in the manifest, and the distinctive
    terms of the study that chapter 03 would compare carry no furniture. (Chapter 03 itself runs on real
    items in tests/study/test_notebooks.py; here its robustness grid would re-embed the uncleaned corpus.)"""
    from framing.study.cli import main

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    data = write_bilateral(tmp_path, pakistan_headlines=400, fulltexts=60)
    out = tmp_path / "figs"
    options = ["--about", ABOUT, "--not-about", NOT_ABOUT]
    status = main(["figures", "--data", str(data), "--out", str(out), *options, "--k", "8", "--only", "01"])
    assert status == 0
    manifest = json.loads((out / "manifest.json").read_text())
    cleaning = manifest["cleaning"]
    assert cleaning["enabled"] and cleaning["settings"]["about"] == [ABOUT]
    assert cleaning["documents_by_status"]["off_topic"] > 20 and cleaning["documents_by_status"]["kept"] > 500
    assert cleaning["removed_by_rule"]["dateline"]["documents"] > 100
    assert "01_cleaning_status" in manifest["figures"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        study = framing.study.notebook.start(
            "03_emphasis",
            data_path=str(data),
            out_dir=str(tmp_path / "scratch"),
            about=ABOUT,
            not_about=[NOT_ABOUT],
        )
        terms = framing.distinctive_terms(study.sentences, by="side", sides=study.contrast)
    terms = terms[terms["z"].abs() >= 1.96]
    top = pd.concat([terms.nlargest(30, "z"), terms.nsmallest(30, "z")])["term"].astype(str)
    assert not [t for t in top if FURNITURE.search(t)], top.tolist()
    assert not [t for t in top if SPORT.search(t)], top.tolist()


def test_plot_cleaning_draws_one_bar_per_side_and_status():
    import matplotlib.pyplot as plt

    status = pd.DataFrame(
        {
            "side": ["A", "A", "B", "B"],
            "status": ["kept", "duplicate", "kept", "off_topic"],
            "documents": [8, 2, 5, 5],
        }
    )
    ax = framing.plots.plot_cleaning(status, y="side")
    widths = sorted(round(p.get_width()) for p in ax.patches if p.get_width() > 0)
    assert widths == [2, 5, 5, 8]
    assert {t.get_text().strip() for t in ax.texts} == {"10 (80% kept)", "10 (50% kept)"}
    plt.close(ax.figure)
    with pytest.raises(ParameterError, match="no column 'documents'"):
        framing.plots.plot_cleaning(status.drop(columns="documents"))


@pytest.mark.slow
def test_no_clean_analyses_the_corpus_as_loaded_and_says_so(tmp_path, monkeypatch):
    from framing.study.cli import run_figures

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    out = run_figures(tmp_path / "figs", notebooks=["01"], clean=False)
    manifest = json.loads((out / "manifest.json").read_text())
    # Fragments are set aside at sentence splitting whether or not the corpus is cleaned.
    assert manifest["cleaning"]["enabled"] is False and set(manifest["cleaning"]) == {"enabled", "fragments"}
    assert "01_cleaning_status" not in manifest["figures"] and "01_counts_by_side" in manifest["figures"]


@pytest.mark.benchmark
def test_cleaning_benchmark_runs_at_reduced_size(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "clean.py"),
            "--docs",
            "200",
            "--sample",
            "40",
            "--repeats",
            "1",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
        env={**os.environ, "FRAMING_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    # The ratio is a timing, printed for a person and never bounded here; the figure must be there.
    assert re.search(r"ratio cleaning / embedding, no about: [\d.]+", proc.stdout)
    assert "load average:" in proc.stdout


def test_html_entities_left_by_feeds_are_decoded_and_the_original_kept():
    docs = _corpus(
        [{"doc_id": "a", "side": "X", "title": "Gainers &amp; Losers", "text": "Gainers &amp; Losers."}]
    )
    result = framing.clean_corpus(docs, language=None).documents
    assert result[["title", "text", "original_title"]].values.tolist() == [
        ["Gainers & Losers", "Gainers & Losers.", "Gainers &amp; Losers"]
    ]


# -- furniture anywhere (issue 20) ----------------------------------------------------------


def _positions(result, rule):
    return sorted(result.removed.loc[result.removed["rule"] == rule, "position"])


def test_furniture_after_the_title_and_in_later_paragraphs_is_removed_by_position():
    rows = [
        {
            "doc_id": "w1",
            "side": "X",
            "source": "Wire",
            "title": "Ferry service resumes on the lake",
            "text": "Ferry service resumes on the lake. LAKEVIEW, Mar 3 (XNA): The ferry sailed on Monday "
            "for the first time in a month.\n\nAdditional reporting by Jane Roe. Officials said the pier "
            "was repaired.\n\nPublished in The Daily Lantern, March 4th, 2025",
        },
        {
            "doc_id": "w2",
            "side": "X",
            "source": "Wire",
            "title": "Orchard growers expect a late harvest",
            "text": "By Our Staff Reporter\n\nOrchard growers expect a late harvest. By Sam Poe. A cold "
            "spring delayed the blossom, growers said.",
        },
    ]
    result = framing.clean_corpus(_corpus(rows), language=None)
    docs = result.documents.set_index("doc_id")
    assert docs.loc["w1", "text"] == (
        "Ferry service resumes on the lake. The ferry sailed on Monday for the first time in a month.\n\n"
        "Officials said the pier was repaired."
    )
    assert docs.loc["w2", "text"] == (
        "Orchard growers expect a late harvest. A cold spring delayed the blossom, growers said."
    )
    assert _positions(result, "dateline") == ["sentence_start"]
    assert _positions(result, "agency_credit") == ["paragraph_start"]
    assert _positions(result, "published_in") == ["paragraph_start"]
    assert _positions(result, "byline") == ["document_start", "sentence_start"]
    table = result.by_position().set_index(["side", "rule"])
    assert table.loc[("X", "byline"), ["document_start", "sentence_start", "total"]].tolist() == [1, 1, 2]
    assert list(table.columns) == [*framing.corpus.clean.POSITIONS, "total"]


def test_a_bare_place_dateline_inside_a_text_is_removed_only_where_the_source_writes_them():
    towns = ["RIVERTON", "HILLFORD", "RIVERTON", "LAKEVIEW", "RIVERTON", "HILLFORD"]
    rows = [
        {
            "doc_id": f"d{i}",
            "side": "X",
            "source": "Daily",
            "title": f"Council number {i} approves budget",
            "text": f"Council number {i} approves budget. {town}: The council approved the budget for "
            f"district {i} on Tuesday.",
        }
        for i, town in enumerate(towns)
    ]
    # "IWT:" (a subject, not a place) opens a later sentence of a source that writes no bare datelines.
    rows.append(
        {
            "doc_id": "o1",
            "side": "Y",
            "source": "Other",
            "title": "Treaty talks",
            "text": "Treaty talks stall again. IWT: the water treaty is back on the agenda.",
        }
    )
    result = framing.clean_corpus(_corpus(rows), language=None)
    docs = result.documents.set_index("doc_id")
    assert not docs["text"].str.contains(r"RIVERTON|HILLFORD|LAKEVIEW").any()
    assert docs.loc["o1", "text"] == "Treaty talks stall again. IWT: the water treaty is back on the agenda."
    assert _positions(result, "dateline") == ["sentence_start"] * 6
    learned = result.patterns[result.patterns["rule"] == "dateline"]
    assert learned[["source", "pattern", "documents"]].values.tolist() == [["Daily", "<PLACE>:", 6]]


def test_teaser_labels_are_cut_and_the_claim_after_them_kept():
    rows = [
        {"doc_id": "a", "side": "X", "text": "Watch: The minister opens the new bridge."},
        {"doc_id": "b", "side": "X", "text": "Explained | Why the river changed course."},
    ]
    result = framing.clean_corpus(_corpus(rows), language=None)
    assert result.documents["text"].tolist() == [
        "The minister opens the new bridge.",
        "Why the river changed course.",
    ]
    assert set(result.removed["rule"]) == {"teaser_label"}


def test_a_title_signed_with_its_own_source_is_cut_even_in_one_document():
    titles = {
        "Riverton Post": "Council approves budget - Riverton Post",
        "hillford.com": "Bridge opens to traffic | Hillford.com",
        "Daily 24": "Clinic hires nurses – Daily 24",
        # A clause after a dash is no outlet's name: left alone.
        "Lake Herald": "Harbour reopens - and ferries return",
    }
    rows = [
        {"doc_id": f"d{i}", "side": "X", "source": source, "title": title, "text": title}
        for i, (source, title) in enumerate(titles.items())
    ]
    # An outlet's signature is cut under another source too (feeds re-list each other's items).
    rows.append(
        {
            "doc_id": "e",
            "side": "X",
            "source": "Aggregator",
            "title": "",
            "text": "Teachers strike - Riverton Post",
        }
    )
    result = framing.clean_corpus(_corpus(rows), language=None, duplicates="off")
    assert result.documents["text"].tolist() == [
        "Council approves budget",
        "Bridge opens to traffic",
        "Clinic hires nurses",
        "Harbour reopens - and ferries return",
        "Teachers strike",
    ]
    assert result.documents["title"].tolist()[:3] == result.documents["text"].tolist()[:3]
    assert set(result.removed["rule"]) == {"outlet_signature"}
    learned = result.patterns.query("rule == 'outlet_signature'")
    assert learned[["source", "pattern", "documents"]].values.tolist() == [
        ["Daily 24", "– daily #", 1],
        ["Riverton Post", "- riverton post", 1],
        ["hillford.com", "| hillford.com", 1],
    ]


def test_teaser_tails_are_cut_and_the_claim_before_them_kept():
    rows = [
        {
            "doc_id": "a",
            "side": "X",
            "text": "Acme Mills, Riverton Bank among shares in focus; check list here",
        },
        {"doc_id": "b", "side": "X", "text": "Harbour fees rise by 5% - key things to know"},
        {"doc_id": "c", "side": "X", "text": "Updates: Talks resume in Hillford."},
        # Words of a claim, not a teaser tail: kept.
        {"doc_id": "d", "side": "X", "text": "Inspectors check details of the dam contract."},
    ]
    result = framing.clean_corpus(_corpus(rows), language=None, duplicates="off")
    assert result.documents["text"].tolist() == [
        "Acme Mills, Riverton Bank among shares in focus",
        "Harbour fees rise by 5%",
        "Talks resume in Hillford.",
        "Inspectors check details of the dam contract.",
    ]
    assert result.removed["position"].tolist() == ["paragraph_end", "paragraph_end", "document_start"]
    assert set(result.removed["rule"]) == {"teaser_label"}


def test_roundup_and_live_blog_labels_are_cut_and_the_claim_after_them_kept():
    rows = [
        {"doc_id": "a", "side": "X", "text": "Evening news wrap: Council approves the river budget; more."},
        {"doc_id": "b", "side": "X", "text": "Top news of the day: The harbour reopens after repairs."},
        {"doc_id": "c", "side": "X", "text": "Stocks in news: Acme Mills, Riverton Bank gain on results."},
        {"doc_id": "d", "side": "X", "text": "Harbour Results Today LIVE: 12 firms to declare earnings."},
        {
            "doc_id": "e",
            "side": "X",
            "text": "News Today Live Updates, 22 February | Talks resume in Hillford.",
        },
        # "live" inside a claim, not a label: kept whole.
        {"doc_id": "f", "side": "X", "text": "Fishermen who live by the lake protest the new dam."},
    ]
    result = framing.clean_corpus(_corpus(rows), language=None, duplicates="off")
    assert result.documents["text"].tolist() == [
        "Council approves the river budget; more.",
        "The harbour reopens after repairs.",
        "Acme Mills, Riverton Bank gain on results.",
        "12 firms to declare earnings.",
        "Talks resume in Hillford.",
        "Fishermen who live by the lake protest the new dam.",
    ]
    assert result.removed["rule"].tolist() == ["teaser_label"] * 5


def test_furniture_rules_leave_other_scripts_alone():
    urdu = "اسلام آباد: حکومت نے پیر کو نئے پل کا افتتاح کیا۔"
    hindi = "नई दिल्ली: सरकार ने सोमवार को नए पुल का उद्घाटन किया।"
    rows = [
        {"doc_id": "u", "side": "X", "text": f"Bridge opens. {urdu}"},
        {"doc_id": "h", "side": "X", "text": hindi},
    ]
    with pytest.warns(framing.FramingWarning, match="non-Latin"):
        documents = _corpus(rows)
    result = framing.clean_corpus(documents, language=None)
    assert result.removed.empty
    assert result.documents["text"].tolist() == [f"Bridge opens. {urdu}", hindi]


@pytest.mark.real_data
@pytest.mark.slow
def test_real_no_dateline_or_credit_opens_a_sentence_and_no_teaser_is_kept():
    """The dev corpus built as users export it (title, ". ", lead), a deterministic subsample."""
    from framing.corpus.sentences import _TEASER

    table = bilateral_table(pakistan_headlines=1200, fulltexts=150, title_first=True)
    result = framing.clean_corpus(framing.load_corpus(table), language=None)
    assert result.by_position().set_index("rule").loc["dateline", "sentence_start"].sum() > 100
    sentences = framing.split_sentences(result.documents)
    opener = re.compile(
        r"^(?:[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+){0,3}(?:\s*,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
        r"(?:,?\s*\([A-Za-z .&]{2,21}\))?\s*:\s*\S"
        r"|\(?with (?:additional )?inputs? from|additional (?:reporting|inputs?) (?:by|from)"
        r"|published in|by (?:[A-Z][\w.'’-]*\s*){1,4}\.?$)",
    )
    # Upper-case labels that are not datelines ("IWT:", a subject) may open a title; no place may.
    survivors = sentences["text"][sentences["text"].str.match(opener)]
    places = survivors[
        survivors.str.match(r"^(?:ISLAMABAD|KARACHI|LAHORE|NEW DELHI|RAWALPINDI|PESHAWAR|QUETTA)\b")
    ]
    assert places.empty, places.head().tolist()
    assert len(survivors) <= 3, survivors.head().tolist()
    assert not sentences["text"].str.match(_TEASER).any()
