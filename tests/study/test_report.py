"""report.html: one self-contained file from the executed notebooks, checked in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from framing.errors import NotebookError
from framing.study.cli import main
from framing.study.report import build_report
from tests.browser import chromium_page, screenshot_path


@pytest.fixture(scope="module")
def figures_dir(demo_figures):
    """The demo's figures folder (every notebook, report included), executed once per session."""
    return demo_figures


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.notebook
def test_report_holds_prose_figures_tables_and_provenance(figures_dir):
    html = (figures_dir / "report.html").read_text(encoding="utf-8")
    text = _text(html)
    manifest = json.loads((figures_dir / "manifest.json").read_text())
    # Prose of the chapters, each of their figures embedded (counts, cleaning, lengths, dates...), tables.
    assert "What the corpus holds" in text and "Sentence length" in text
    images = re.findall(r'<img [^>]*src="data:image/png;base64,', html)
    assert len(images) == len(manifest["figures"]) >= 20
    assert "words_per_sentence" in text and "112 documents" in text
    # Provenance from the manifest: corpus hash, model identity, seed, versions, each file's hash.
    entry = manifest["figures"]["01_counts_by_side"]
    for value in (entry["corpus_sha256"], entry["model"], entry["files"]["png"]["sha256"][:16]):
        assert value in text
    assert f"pandas {manifest['versions']['pandas']}" in text
    # Code folded, parameters cells and the manifest dict left out, nothing fetched from the network.
    assert html.count('<details class="framing-code">') >= 20
    assert "'sha256':" not in html and "injected-parameters" not in html
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?:', html)
    assert str(figures_dir) not in html and ".figures.staging" not in html


@pytest.mark.notebook
def test_report_is_byte_stable_and_independent_of_the_folder(figures_dir, tmp_path):
    moved = tmp_path / "elsewhere"
    shutil.copytree(figures_dir, moved)
    again = build_report(moved)
    assert again.read_bytes() == (figures_dir / "report.html").read_bytes()


@pytest.mark.notebook
@pytest.mark.browser
def test_report_opens_in_chromium_with_every_image_and_no_console_error(figures_dir):
    with chromium_page() as (page, problems):
        page.goto((figures_dir / "report.html").as_uri())
        page.wait_for_load_state("load")
        widths = page.evaluate("Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)")
        n_figures = len(json.loads((figures_dir / "manifest.json").read_text())["figures"])
        assert len(widths) == n_figures and all(w > 100 for w in widths), widths
        # Folded code opens on a click.
        page.locator("details.framing-code summary").first.click()
        assert page.locator("details.framing-code[open] .jp-InputArea").count() == 1
        page.screenshot(path=str(screenshot_path("report.png")), full_page=True)
    assert problems == []
    assert screenshot_path("report.png").stat().st_size > 20_000


def test_report_of_a_folder_without_notebooks_says_what_to_run(tmp_path):
    with pytest.raises(NotebookError, match="run `framing figures --out"):
        build_report(tmp_path)


@pytest.mark.notebook
def test_cli_report_command_writes_the_file(figures_dir, tmp_path, capsys):
    out = tmp_path / "copy.html"
    assert main(["report", "--figures", str(figures_dir), "--out", str(out)]) == 0
    assert out.read_bytes() == (figures_dir / "report.html").read_bytes()
    assert "report written to" in capsys.readouterr().out
