"""JupyterLab as a user meets it: open 01_corpus in headless Chromium, Run All, no error anywhere."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from framing.cli import list_notebooks, notebooks_dir
from tests.browser import chromium_page, screenshot_path

pytestmark = pytest.mark.slow
NOTEBOOK = next(p for p in list_notebooks(notebooks_dir()) if p.name.startswith("01_"))
RUN_TIMEOUT_S = 600  # generous: the machine may be shared; a quiet run takes well under a minute


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a free localhost port, serving a copy of the notebook, torn down after."""
    if shutil.which("jupyter-lab", path=os.path.dirname(sys.executable)) is None:
        pytest.skip("JupyterLab is not installed (pip install 'framing[notebooks]')")
    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)  # the committed notebook is never written to
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # figures inline, as a user sees them
    env.update(
        FRAMING_CACHE_DIR=str(tmp_path / "cache"),  # the notebook's scratch figures go here, not to figures/
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        IPYTHONDIR=str(tmp_path / "ipython"),
    )
    log = open(tmp_path / "lab.log", "wb")  # noqa: SIM115 (closed after the server stops)
    server = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "jupyter-lab"),
            "--no-browser",
            "--allow-root",  # CI runs as root
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.port_retries=0",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run commands as the menus do
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                _get(f"{base}/api/status?token={token}")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start: {(tmp_path / 'lab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        yield base, token, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_run_all_of_01_corpus_in_jupyterlab_finishes_without_an_error(lab):
    base, token, tmp_path = lab
    with chromium_page(width=1280, height=1000) as (page, problems):
        page.goto(f"{base}/lab/tree/{NOTEBOOK.name}?token={token}", timeout=120_000)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
        # The kernel is ready when the toolbar's status says Idle.
        page.wait_for_selector(".jp-NotebookPanel [data-status='idle']", timeout=120_000)
        # Cells render lazily: count them in the file, not in the page.
        n_code = sum(c.cell_type == "code" for c in nbformat.read(NOTEBOOK, as_version=4).cells)
        # Run > Run All Cells runs this command; a menu click is at the mercy of focus and timing.
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.commands.isEnabled('notebook:run-all-cells')"
        )
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(
            """n => {
                const prompts = Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt'));
                return prompts.length === n && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
            }""",
            arg=n_code,
            timeout=RUN_TIMEOUT_S * 1000,
        )
        page.wait_for_selector(".jp-NotebookPanel [data-status='idle']", timeout=120_000)
        # What the reader sees: no traceback, no warning box, no manifest dict printed under a figure.
        outputs = page.locator(".jp-NotebookPanel .jp-OutputArea-output").all_inner_texts()
        shown = "\n".join(outputs)
        assert "Traceback" not in shown and "Error" not in shown, shown[:2000]
        assert "TqdmWarning" not in shown and "'sha256'" not in shown
        assert page.locator(".jp-NotebookPanel .jp-OutputArea-output img").count() == 3
        assert (
            page.locator(".jp-NotebookPanel [data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        )
        page.screenshot(path=str(screenshot_path("lab_01_corpus.png")))
        # Save as a user would, then read the saved notebook back through the contents API.
        page.locator(".jp-NotebookPanel .jp-Notebook").click()
        page.keyboard.press("Control+s")
        deadline = time.monotonic() + 60
        while True:
            saved = _get(f"{base}/api/contents/{NOTEBOOK.name}?content=1&token={token}")["content"]
            code = [c for c in saved["cells"] if c["cell_type"] == "code"]
            if all(c["execution_count"] for c in code) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert all(c["execution_count"] for c in code), "the saved notebook lacks executed cells"
    errors = [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert errors == []
    assert sum("image/png" in o.get("data", {}) for c in code for o in c["outputs"]) == 3
    # The figures went to the scratch folder in this test's cache, not to the repository's figures/.
    assert (tmp_path / "cache" / "figures" / "01_counts_by_side.png").exists()
    # Console messages are not asserted: JupyterLab logs its own (e.g. the extension manager finding no
    # network). They are kept beside the screenshot for a person to read.
    screenshot_path("lab_01_corpus.console.txt").write_text("\n".join(problems) + "\n")
