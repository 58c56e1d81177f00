"""Shared fixtures: the real model with a private cache, paths to the real news data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from framing.study.cli import run_figures

ROOT = Path(__file__).resolve().parents[1]
#: Real news text for checks (publishers' copyright: read in place, never copied).
SHARED_DATA = Path(os.environ.get("FRAMING_SHARED_DATA", ROOT.parent / "shared" / "data"))
SCO_PAIRED = SHARED_DATA / "sco_qingdao_2025_paired" / "sco_qingdao_2025-06_india_vs_pakistan.jsonl"
TOI_PAKOBS = SHARED_DATA / "toi_vs_pakobserver_2025-05-07" / "toi_vs_pakobserver_2025-05-07_sample.csv"
NARRATIVE = SHARED_DATA / "narrative_frames_corpus" / "articles_metadata.tsv"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")


def shared(path: Path) -> Path:
    """Return ``path`` or skip the test when the shared real data is not on this machine."""
    if not path.exists():
        pytest.skip(f"real data not available: {path}")
    return path


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """A fresh, private embedding cache for one test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory) -> Path:
    """One embedding cache shared by the tests of a session (real model, computed once)."""
    return tmp_path_factory.mktemp("session-cache")


@pytest.fixture(scope="session")
def embedder(session_cache):
    """The real default model (bundled all-MiniLM-L6-v2) with a session-wide cache."""
    from framing import Embedder

    return Embedder(cache_dir=session_cache)


# -- kinds of test: make test runs the fast ones, make test-all (and CI) every kind ----------------------
#: Kinds that run only when asked: ``pytest --run notebook`` (repeatable, or comma-separated), ``--run all``.
OPT_IN = ("slow", "notebook", "browser", "benchmark", "real_data")


def pytest_addoption(parser):
    # pytest's documented opt-in pattern ("Control skipping of tests according to command line option").
    parser.addoption(
        "--run",
        action="append",
        default=[],
        metavar="KIND",
        help=f"also run the tests of this kind ({', '.join(OPT_IN)}), or 'all'; make test-all passes --run all",
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "embedder" in fixtures:
            item.add_marker(pytest.mark.model)
        if "demo_figures" in fixtures:
            # Under pytest-xdist (make test-all), one worker executes the notebooks for all of these.
            item.add_marker(pytest.mark.xdist_group("demo_figures"))
    chosen = {kind for value in config.getoption("--run") for kind in value.split(",") if kind}
    unknown = chosen - set(OPT_IN) - {"all"}
    if unknown:
        raise pytest.UsageError(
            f"--run {', '.join(sorted(unknown))}: the kinds are {', '.join(OPT_IN)} or all"
        )
    if "all" in chosen:
        return
    kept, left_out = [], []
    for item in items:
        kinds = [k for k in OPT_IN if item.get_closest_marker(k) and k not in chosen]
        (left_out if kinds else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
        config.stash[_LEFT_OUT] = len(left_out)


_LEFT_OUT = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter, config):
    left_out = config.stash.get(_LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(
            f"{left_out} tests of the opt-in kinds ({', '.join(OPT_IN)}) were left out: "
            "make test-all runs every kind (or pytest --run KIND)."
        )


@pytest.fixture(scope="session")
def demo_figures(tmp_path_factory) -> Path:
    """Every notebook executed once on the demo corpus, report included; shared by the session's tests.

    ``FRAMING_TEST_FIGURES`` may name a folder that ``framing figures`` already wrote from this checkout
    (with ``FRAMING_CACHE_DIR`` at ``<folder>.cache``), so a CI run that regenerated the figures does not
    execute the notebooks a second time.
    """
    given = os.environ.get("FRAMING_TEST_FIGURES")
    if given:
        return Path(given).resolve()
    base = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRAMING_CACHE_DIR", str(base / "figures.cache"))
        return run_figures(base / "figures")
