"""explore.html at scale: file size of the demo and of a 50k-sentence corpus, and first paint in Chromium.

Usage::

    python benchmarks/explore_scale.py [--n 50000] [--repeats 3] [--bundle partial|full|both]

The 50k corpus is synthetic, built from the demo's own sentences (written by the project): the demo's
sentences repeated under new document ids until there are ``--n``, each copy with its side, source and
date, a cluster and a map position drawn around its cluster's centre (seeded), plus matched claims and
omissions citing random rows. Nothing is embedded: the explorer is built from tables, as ``framing
explore`` builds it from a figures folder. It prints the file sizes, the time to build each file, and
in headless Chromium (tests/browser.py's flags): first paint (navigation start to the word chart
drawn, two animation frames after the page's script finished), the time to open the Themes tab (the
map drawn) and to list every sentence of a frequent word after a click. No timing is asserted anywhere.

``--bundle both`` times each page twice, loads interleaved in one browser: with the partial plotly.js the
explorer ships (tools/plotly_bundle) and with the full plotly.js of the plotly package (``get_plotlyjs()``,
as the explorer inlined it before), and prints partial / full.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np
import pandas as pd

import framing
from framing.study.explore import PLOTLY_BUNDLE, explorer_payload, sentence_table, write_explorer
from tests.browser import ARGS, CHROMIUM

try:  # the full plotly.js, only for --bundle full/both
    from plotly.offline import get_plotlyjs
except ImportError:
    get_plotlyjs = None

PAINTED = (
    "new Promise(r => { const go = () => window.framingExplorer && window.framingExplorer.ready ? "
    "requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))) : setTimeout(go, 5); go(); })"
)
THEMES = (
    "new Promise(r => { const t = performance.now(); document.querySelector('[data-tab=themes]').click(); "
    "requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t))); })"
)
WORD = (
    "new Promise(r => { const t = performance.now(); window.framingExplorer.showTerm('india'); "
    "requestAnimationFrame(() => requestAnimationFrame(() => r([performance.now() - t, "
    "document.getElementById('word-results-head').textContent]))); })"
)


def corpus(n: int | None, rng) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Sentences (``n`` of them, or the demo's own), matched claims and omissions citing them."""
    base = framing.split_sentences(framing.load_demo())
    reps = 1 if n is None else -(-n // len(base))
    copies = [base.assign(doc_id=base["doc_id"] + (f"-{k}" if k else "")) for k in range(reps)]
    sents = pd.concat(copies, ignore_index=True).head(n if n else len(base))
    labels = rng.integers(0, 8, size=len(sents))
    centres = rng.normal(scale=4, size=(8, 2))
    xy = centres[labels] + rng.normal(size=(len(sents), 2))
    table = sentence_table(sents, labels, xy)
    n_claims = max(50, len(sents) // 20)
    claims = pd.DataFrame(
        {
            "row_a": rng.integers(0, len(sents), n_claims),
            "row_b": rng.integers(0, len(sents), n_claims),
            "similarity": rng.uniform(0.6, 1, n_claims),
        }
    )
    omissions = pd.DataFrame(
        {
            "row": rng.integers(0, len(sents), n_claims),
            "match_row": rng.integers(0, len(sents), n_claims),
            "similarity": rng.uniform(0.2, 0.5, n_claims),
            "support": rng.integers(0, 6, n_claims),
        }
    )
    return table, claims, omissions


def _load(browser, path: Path, out: dict) -> None:
    """Load ``path`` once and append its timings to ``out``."""
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(path.as_uri(), wait_until="commit")
    out["paint"].append(page.evaluate(PAINTED) / 1000)
    # CPU time of the page's main thread up to first paint: what a machine with a core to spare waits.
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    out["cpu"].append(metrics.get("ThreadTime", float("nan")))
    marks = page.evaluate(
        "Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime]))"
    )
    # Where the time goes: HTML and plotly.js parsed, then the data parsed, then the word chart.
    out["scripts"].append(marks["framing:start"] / 1000)
    out["data"].append((marks["framing:data"] - marks["framing:start"]) / 1000)
    out["chart"].append((marks["framing:words"] - marks["framing:data"]) / 1000)
    out["word"].append(page.evaluate(WORD)[0] / 1000)
    out["themes"].append(page.evaluate(THEMES) / 1000)
    page.close()


def measure(paths: dict[str, Path], repeats: int) -> dict[str, dict]:
    """Median timings of each page, its loads interleaved with the others' so load drift hits all alike."""
    from playwright.sync_api import sync_playwright

    keys = ("paint", "themes", "word", "scripts", "data", "chart", "cpu")
    out = {name: {k: [] for k in keys} for name in paths}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(repeats):
            for name, path in paths.items():
                _load(browser, path, out[name])
        browser.close()
    return {name: {k: float(np.median(v)) for k, v in t.items()} for name, t in out.items()}


def _full_plotly(path: Path) -> Path:
    """The same page with the full plotly.js of the plotly package in place of the partial bundle."""
    html = path.read_text(encoding="utf-8")
    escape = (("</script", "<\\/script"), ("</SCRIPT", "<\\/SCRIPT"), ("<!--", "<\\!--"))
    partial, full = PLOTLY_BUNDLE.read_text(encoding="utf-8"), get_plotlyjs()
    for old, new in escape:
        partial, full = partial.replace(old, new), full.replace(old, new)
    assert html.count(partial) == 1, "the page does not hold the vendored bundle once"
    target = path.with_name("explore_full_plotly.html")
    target.write_text(html.replace(partial, full), encoding="utf-8")
    return target


def _timing(t: dict | None) -> str:
    if t is None:
        return "Chromium absent: no timing"
    return (
        f"first paint {t['paint']:.2f} s (main-thread CPU {t['cpu']:.2f} s), Themes tab (map drawn) {t['themes']:.2f} s, "
        f"every sentence of 'india' listed {t['word']:.2f} s (first paint: page and plotly.js parsed "
        f"{t['scripts']:.2f} s, data {t['data']:.2f} s, word chart {t['chart']:.2f} s)"
    )


def bench_one(label: str, n: int | None, *, out: Path, bundle: str, repeats: int) -> None:
    """Build one corpus's page (``n`` sentences, None = the demo), time it with each plotly.js, print."""
    table, claims, omissions = corpus(n, np.random.default_rng(0))
    start = time.perf_counter()
    payload = explorer_payload(table, claims=claims, omissions=omissions)
    path = write_explorer(payload, out=out / "explore.html")
    built = time.perf_counter() - start
    paths = {"partial": path} if bundle != "full" else {}
    if bundle != "partial":
        paths["full"] = _full_plotly(path)
    times = measure(paths, repeats) if Path(CHROMIUM).exists() else {}
    print(
        f"load average {os.getloadavg()[0]:.1f}; {label}: {len(table)} sentences, "
        f"{len(payload['map']['rows'])} map points, {len(payload['terms']['rows'])} terms; built in {built:.1f} s",
        flush=True,
    )
    for name, p in paths.items():
        print(f"  {name} plotly.js: {p.stat().st_size / 1e6:.2f} MB; {_timing(times.get(name))}", flush=True)
    if len(times) == 2:
        ratio = {k: times["partial"][k] / times["full"][k] for k in ("paint", "cpu", "scripts")}
        print(
            f"  partial / full: first paint {ratio['paint']:.2f}, main-thread CPU {ratio['cpu']:.2f}, "
            f"page and plotly.js parsed {ratio['scripts']:.2f}",
            flush=True,
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000, help="sentences of the large corpus (default 50000)")
    parser.add_argument("--repeats", type=int, default=3, help="page loads per file; the median is printed")
    parser.add_argument(
        "--bundle",
        choices=("partial", "full", "both"),
        default="partial",
        help="plotly.js inlined: the explorer's partial bundle (default), the plotly package's full one, or both",
    )
    args = parser.parse_args(argv)
    if args.bundle != "partial" and get_plotlyjs is None:
        parser.error("--bundle full/both needs the plotly package (pip install plotly)")
    with tempfile.TemporaryDirectory() as tmp:
        for label, n in (("demo", None), (f"{args.n} sentences", args.n)):
            bench_one(label, n, out=Path(tmp), bundle=args.bundle, repeats=args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
