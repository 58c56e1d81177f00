"""explore.html: the tables -> payload step (fast), and the page itself clicked through in headless Chromium."""

from __future__ import annotations

import hashlib
import json
import re
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from framing.analysis.compare import WEEKDAYS
from framing.errors import CorpusError, ParameterError, RenamedWarning
from framing.study.cli import main
from framing.study.explore import (
    PLOTLY_BUNDLE,
    explore_figures,
    explorer_payload,
    sentence_table,
    write_explorer,
)
from tests.browser import chromium_page, screenshot_path
from tests.conftest import ROOT

#: The vendored partial plotly.js (tools/plotly_bundle): its plotly.js version and its bytes. Rebuilding it
#: (tools/plotly_bundle/README.md) changes the sha256: update both here in the same commit.
PLOTLY_JS_VERSION = "4.1.1"
PLOTLY_BUNDLE_SHA256 = "a36bcccfc67ecce1133d81143aaf396a709d60e8609d8930625b01d618c87022"

# Written for these tests: two sides that word a meeting differently, a third side, and hostile strings.
_A = [
    "The minister condemned cross-border terrorism at the summit in Qingdao.",
    "Delegates said terrorism must be named in the joint statement.",
    "The minister refused to sign the draft statement without the attack.",
    "Officials described the attack as cross-border terrorism.",
]
_B = [
    "The delegation praised regional cooperation and dialogue at the summit.",
    "Officials said the ceasefire showed restraint and cooperation.",
    "The delegation called the other side isolated at the summit.",
    "Regional cooperation on counter-terrorism continued, officials said.",
]
_C = ["The wire reported that the summit ended without a joint statement."]
HOSTILE_TEXT = 'A reader saw <img src=x onerror="window.__pwned=1"> in the summit notes.'
HOSTILE_TITLE = "<script>window.__pwned=2</script> summit"


def _corpus() -> pd.DataFrame:
    rows = []
    for side, texts, n_docs in (("Alpha", _A, 6), ("Beta", _B, 6), ("Gamma", _C, 2)):
        for d in range(n_docs):
            for i, text in enumerate(texts):
                rows.append(
                    {
                        "doc_id": f"{side[0].lower()}-{d:02d}",
                        "sent_idx": i,
                        "text": text,
                        "side": side,
                        "source": f"{side.lower()}_outlet_{d % 2}",
                        "date": f"2025-06-{20 + d:02d}",
                        "title": f"{side} report {d}",
                        "url": f"https://example.org/{side}/{d}" if d else "javascript:alert(1)",
                    }
                )
    rows[0].update(text=HOSTILE_TEXT, title=HOSTILE_TITLE)
    for r in rows[1:4]:
        r["title"] = HOSTILE_TITLE  # the same document's title
    return pd.DataFrame(rows)


def _tables(tmp_path):
    """A figures folder holding the tables the notebooks write, made from the corpus above."""
    corpus = _corpus()
    labels = corpus["text"].map({t: i % 3 for i, t in enumerate(dict.fromkeys(corpus["text"]))}).to_numpy()
    xy = np.random.default_rng(0).normal(size=(len(corpus), 2)) + labels[:, None] * 3
    sentences = sentence_table(corpus, labels, xy)
    folder = tmp_path / "figures"
    (folder / "tables").mkdir(parents=True)
    sentences.to_csv(folder / "tables" / "02_sentences.csv", index=False)
    clusters = pd.DataFrame(
        {"cluster": [0, 1, 2], "name": ["0: terrorism", "1: cooperation", "2: statement"], "terms": "x, y"}
    )
    clusters.to_csv(folder / "tables" / "02_clusters.csv", index=False)
    exemplars = pd.DataFrame({"cluster": [0, 0, 1, 2], "rank": [0, 1, 0, 0], "index": [1, 5, 2, 3]})
    exemplars.to_csv(folder / "tables" / "02_exemplars.csv", index=False)
    pd.DataFrame({"row_a": [1, 2], "row_b": [26, 30], "similarity": [0.8, 0.7]}).to_csv(
        folder / "tables" / "04_matched_claims.csv", index=False
    )
    pd.DataFrame(
        {
            "side": ["Alpha"],
            "other": ["Beta"],
            "row": [0],
            "match_row": [26],
            "similarity": [0.3],
            "support": [2],
        }
    ).to_csv(folder / "tables" / "04_omissions.csv", index=False)
    voices = pd.DataFrame({"side": ["Alpha", "Beta"] * 2, "voice": ["officials"] * 2 + ["experts"] * 2})
    voices.assign(share=[0.6, 0.3, 0.4, 0.7], ci_low=0.1, ci_high=0.8).to_csv(
        folder / "tables" / "07_voice_shares.csv", index=False
    )
    return folder, sentences


def _containing(texts: pd.Series, term: str) -> set[int]:
    """Rows whose text holds ``term`` as scikit-learn's analyzer sees it (the analyzer of distinctive_terms)."""
    analyze = CountVectorizer(
        ngram_range=(1, 2), stop_words=sorted(ENGLISH_STOP_WORDS | WEEKDAYS)
    ).build_analyzer()
    return {i for i, text in enumerate(texts) if term in analyze(text)}


def test_payload_codes_every_sentence_and_maps_claim_rows(tmp_path):
    _, sentences = _tables(tmp_path)
    claims = pd.DataFrame({"row_a": [1], "row_b": [26], "similarity": [0.81234]})
    payload = explorer_payload(sentences, sides=["Alpha", "Beta"], claims=claims)
    s = payload["sentences"]
    assert len(s["text"]) == len(sentences) and s["text"][0] == HOSTILE_TEXT
    assert [s["sides"][c] for c in s["side"]] == sentences["side"].tolist()
    assert [s["docs"]["doc_id"][d] for d in s["doc"]] == sentences["doc_id"].tolist()
    assert payload["claims"] == {"a": [1], "b": [26], "similarity": [0.812]}
    # Every term of the pair, most typical of the first side first.
    z = [t["z"] for t in payload["terms"]["rows"]]
    assert z == sorted(z, reverse=True) and z[0] > 1 > -1 > z[-1]
    assert {"terrorism", "cooperation"} <= {t["term"] for t in payload["terms"]["rows"]}
    assert payload["map"]["rows"] == list(range(len(sentences))) and not payload["map"]["sampled"]


def test_payload_reads_shares_of_the_pair_in_either_order(tmp_path):
    _, sentences = _tables(tmp_path)
    shares = pd.DataFrame(
        {"side_a": ["Beta"], "side_b": ["Alpha"], "cluster": [0], "share_a": [0.2], "share_b": [0.5]}
    ).assign(diff=-0.3, ci_low=-0.4, ci_high=-0.1, q_value=0.01, n_docs_a=6, n_docs_b=5)
    (row,) = explorer_payload(sentences, sides=["Alpha", "Beta"], shares=shares)["shares"]
    assert row == {
        "side_a": "Alpha",
        "side_b": "Beta",
        "cluster": 0,
        "share_a": 0.5,
        "share_b": 0.2,
        "diff": 0.3,
        "ci_low": 0.1,
        "ci_high": 0.4,
        "q_value": 0.01,
        "n_docs_a": 5,
        "n_docs_b": 6,
    }


def test_payload_samples_the_map_not_the_lists(tmp_path):
    _, sentences = _tables(tmp_path)
    one = explorer_payload(sentences, sides=["Alpha", "Beta"], max_points=20, random_state=3)
    two = explorer_payload(sentences, sides=["Alpha", "Beta"], max_points=20, random_state=3)
    other = explorer_payload(sentences, sides=["Alpha", "Beta"], max_points=20, random_state=4)
    assert one["map"]["sampled"] and len(one["map"]["rows"]) == 20
    assert one["map"] == two["map"] != other["map"]
    assert len(one["sentences"]["text"]) == len(sentences)


def test_payload_rejects_rows_the_sentences_lack_and_bad_options(tmp_path):
    _, sentences = _tables(tmp_path)
    with pytest.raises(CorpusError, match=r"matched_claims\.row_a cites sentence rows \[999\]"):
        explorer_payload(sentences, claims=pd.DataFrame({"row_a": [999], "row_b": [1], "similarity": [0.5]}))
    with pytest.raises(ParameterError, match="max_points=0"):
        explorer_payload(sentences, max_points=0)
    with pytest.raises(CorpusError, match=r"lacks \['x', 'y'\]"):
        explorer_payload(sentences.drop(columns=["x", "y"]))
    with pytest.raises(ParameterError, match="one entry per sentence"):
        sentence_table(_corpus(), [0, 1], np.zeros((2, 2)))


def test_html_is_self_contained_escaped_and_byte_stable(tmp_path):
    folder, _ = _tables(tmp_path)
    path = explore_figures(folder)
    first = path.read_bytes()
    assert explore_figures(folder).read_bytes() == first
    html = first.decode()
    data = re.search(
        r'<script type="application/json" id="framing-data">(.*?)</script>', html, re.DOTALL
    ).group(1)
    # No "<" at all inside the data block, so no sentence can close it or open a comment.
    assert "<" not in data and "\\u003cimg src=x onerror" in data
    assert json.loads(data)["sentences"]["docs"]["title"][0] == HOSTILE_TITLE
    assert html.count("<script") == 3 and "<img src=x" not in html
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=", html)


def test_cli_explore_writes_the_file(tmp_path, capsys):
    folder, _ = _tables(tmp_path)
    assert main(["explore", "--figures", str(folder), "--out", str(tmp_path / "x.html")]) == 0
    assert "explorer written to" in capsys.readouterr().out
    assert (tmp_path / "x.html").read_bytes() == explore_figures(folder).read_bytes()
    assert main(["explore", "--figures", str(tmp_path / "nothing")]) == 2
    assert "02_sentences.csv is missing" in capsys.readouterr().err


def test_pair_is_the_old_name_of_sides(tmp_path):
    folder, sentences = _tables(tmp_path)
    new = explorer_payload(sentences, sides=["Beta", "Alpha"])
    with pytest.warns(RenamedWarning, match=r"explorer_payload\(pair=\.\.\.\) is now sides="):
        old = explorer_payload(sentences, pair=["Beta", "Alpha"])
    assert old == new and new["pair"] == ["Beta", "Alpha"] != explorer_payload(sentences)["pair"]
    path = explore_figures(folder, out=tmp_path / "new.html", sides=["Beta", "Alpha"])
    with pytest.warns(RenamedWarning, match=r"explore_figures\(pair=\.\.\.\) is now sides="):
        old_path = explore_figures(folder, out=tmp_path / "old.html", pair=["Beta", "Alpha"])
    assert old_path.read_bytes() == path.read_bytes() != explore_figures(folder).read_bytes()


def test_the_vendored_plotly_bundle_is_the_pinned_build():
    """The inlined plotly.js is tools/plotly_bundle's build of the pinned version, byte for byte, with its licences."""
    tools = ROOT / "tools" / "plotly_bundle"
    assert json.loads((tools / "package.json").read_text())["dependencies"]["plotly.js"] == PLOTLY_JS_VERSION
    lock = json.loads((tools / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/plotly.js"]["version"] == PLOTLY_JS_VERSION
    bundle = PLOTLY_BUNDLE.read_bytes()
    assert hashlib.sha256(bundle).hexdigest() == PLOTLY_BUNDLE_SHA256
    text = bundle.decode("utf-8")
    assert text.startswith(f"/**\n* plotly.js v{PLOTLY_JS_VERSION} (partial bundle")
    assert "Licensed under the MIT license" in text[:400] and "Bundled license information" in text[-3000:]
    # The page inlines it whole (a library string holding "</script" would be broken, not cut).
    assert "</script" not in text.lower()


def _click(page, locator):
    """Click the middle of an SVG point: plotly's drag layer sits above its points for Playwright."""
    box = locator.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _shown_rows(page) -> list[int]:
    return [
        int(r) for r in page.locator("#word-results .sent").evaluate_all("e => e.map(x => x.dataset.row)")
    ]


@contextmanager
def _opened(path):
    """Yield ``(page, problems)`` with the explorer at ``path`` loaded and ready; every request that leaves
    the file counts as a problem (and is aborted)."""
    with chromium_page() as (page, problems):
        page.route(
            "**/*",
            lambda r: (
                r.continue_()
                if r.request.url.startswith("file:")
                else problems.append(f"network request: {r.request.url}") or r.abort()
            ),
        )
        page.goto(path.as_uri())
        page.wait_for_function("window.framingExplorer && window.framingExplorer.ready")
        yield page, problems


@pytest.fixture(scope="module")
def explorer(tmp_path_factory):
    folder, sentences = _tables(tmp_path_factory.mktemp("explore"))
    return explore_figures(folder), sentences


@pytest.mark.browser
def test_words_view_lists_exactly_the_sentences_holding_the_word(explorer):
    path, sentences = explorer
    with _opened(path) as (page, problems):
        # The partial bundle knows exactly the trace types explore.js draws.
        assert page.evaluate("Object.keys(Plotly.PlotSchema.get().traces).sort()") == [
            "bar",
            "scatter",
            "scattergl",
        ]
        points = page.locator("#words-chart .scatterlayer .trace").first.locator(".point")
        assert points.count() == len(explorer_payload(sentences, sides=["Alpha", "Beta"])["terms"]["rows"])
        for i in (0, points.count() - 1):  # the most typical word of each side
            _click(page, points.nth(i))
            term = re.match(r"“(.+)”", page.locator("#word-results-head").text_content()).group(1)
            assert set(_shown_rows(page)) == _containing(sentences["text"], term) != set()
            assert page.locator("#word-results mark").first.text_content().lower() == term.split()[0]
        # The search box finds a bigram, and any word outside the chart too (the hostile sentence's).
        page.fill("#word-search", "joint statement")
        page.press("#word-search", "Enter")
        assert set(_shown_rows(page)) == _containing(sentences["text"], "joint statement") != set()
        page.fill("#word-search", "onerror")
        page.press("#word-search", "Enter")
        assert _shown_rows(page) == [0]
        card = page.locator("#word-results .sent").first
        assert HOSTILE_TEXT in card.text_content() and HOSTILE_TITLE in card.text_content()
        # Filters: one side unticked, its sentences leave the list.
        page.uncheck(".side-cb[data-side='0']")
        page.fill("#word-search", "summit")
        page.press("#word-search", "Enter")
        alpha = set(np.flatnonzero(sentences["side"] == "Alpha"))
        assert set(_shown_rows(page)) == _containing(sentences["text"], "summit") - alpha != set()
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#word-results img, #word-results script, a[href^='javascript']").count() == 0
        page.screenshot(path=str(screenshot_path("explore_words.png")))
    assert problems == []


@pytest.mark.browser
def test_themes_and_claims_views_open_their_sentences(explorer):
    path, _ = explorer
    with _opened(path) as (page, problems):
        page.click("#tabs button[data-tab=themes]")
        page.locator("#map .point").first.wait_for()
        box = page.locator("#map .point").nth(3).bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert page.locator("#hover-panel .sent").count() == 1
        page.click(".cluster-chip[data-cluster='0']")
        shown = page.locator("#cluster-exemplars .sent").evaluate_all(
            "e => e.map(x => Number(x.dataset.row))"
        )
        assert shown == [1, 5]
        page.click("#tabs button[data-tab=claims]")
        assert page.locator("#claims-count").text_content() == "(2 of 2)"
        page.locator("#omissions-list .sent").first.click()
        context = page.locator("#context .sent").evaluate_all("e => e.map(x => Number(x.dataset.row))")
        assert context == [0, 1, 2]  # the sentence and the two after it in its document
        assert page.locator("#context .sent.focus").get_attribute("data-row") == "0"
        # Voices and frames: the shares charts follow the side filter.
        page.click("#tabs button[data-tab=shares]")
        assert page.locator("#voices-chart .legend .traces").count() == 2
        assert page.locator("#frames-chart").text_content() == "no frame shares in this study"
        page.uncheck(".side-cb[data-side='1']")
        assert page.locator("#voices-chart .legend .traces").count() == 1
        assert page.evaluate("window.__pwned") is None
        page.screenshot(path=str(screenshot_path("explore_themes.png")))
    assert problems == []


@pytest.mark.notebook
def test_make_figures_writes_the_explorer_and_the_report_links_it(demo_figures):
    html = (demo_figures / "explore.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="framing-data">(.*?)</script>', html, re.DOTALL)
    payload = json.loads(data.group(1))
    sentences = pd.read_csv(demo_figures / "tables" / "02_sentences.csv", keep_default_na=False)
    assert payload["sentences"]["text"] == sentences["text"].tolist()
    claims = pd.read_csv(demo_figures / "tables" / "04_matched_claims.csv")
    assert [payload["sentences"]["text"][r] for r in payload["claims"]["a"]] == claims["text_a"].tolist()
    assert all(len(c["exemplars"]) == 3 for c in payload["clusters"])
    assert 'href="explore.html"' in (demo_figures / "report.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_a_large_map_is_drawn_with_webgl_or_its_svg_fallback(tmp_path):
    """Above 3,000 points the map is WebGL (plotly's regl compiles code at run time: the page's CSP allows it)."""
    _, sentences = _tables(tmp_path)
    big = pd.concat([sentences] * 61, ignore_index=True).assign(row=lambda t: np.arange(len(t)))
    path = write_explorer(explorer_payload(big, sides=["Alpha", "Beta"]), out=tmp_path / "big.html")
    assert explorer_payload(big, sides=["Alpha", "Beta"])["map"]["gl"]
    with _opened(path) as (page, problems):
        page.click("#tabs button[data-tab=themes]")
        if page.evaluate("!!document.createElement('canvas').getContext('webgl')"):
            page.locator("#map .gl-container canvas").first.wait_for(state="attached")
        else:
            page.locator("#map .scatterlayer .point").first.wait_for(state="attached")
        page.wait_for_timeout(300)
        assert "WebGL is not supported" not in page.locator("#map").text_content()
    assert problems == []
