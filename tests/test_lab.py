"""JupyterLab as a user meets it: open 01_corpus in headless Chromium, Run All, no error anywhere.

Why an earlier version never saw a cell run: it took the toolbar's ``data-status='idle'`` as "the kernel is
ready", but that indicator says idle before any kernel exists (the session's kernel started ~10 s later).
Run All sent then raced the kernel's start-up: here it sometimes ran and sometimes never settled. And with JupyterLab 4's windowed
notebook the cells scrolled out of view are not in the DOM, so waiting for every prompt to read ``[n]`` could
not succeed either. The test now waits on JupyterLab's own state (the session is ready, its kernel connected
and idle), awaits the Run All command's promise, reads execution counts from the notebook model, and turns
windowing off through a private user-settings folder so every output is in the page.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from framing.study.cli import list_notebooks, notebooks_dir
from tests.browser import chromium_page, screenshot_path
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.notebook]
NOTEBOOK = next(p for p in list_notebooks(notebooks_dir()) if p.name.startswith("01_"))
TIMEOUT_MS = 600_000  # generous: the machine may be shared; a quiet Run All of 01 takes well under a minute

# The notebook panel in the main area, once its session has a connected, idle kernel.
_KERNEL_READY = """() => {
    const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!(kernel && w.context && w.context.isReady && w.sessionContext.isReady
              && kernel.connectionStatus === 'connected' && kernel.status === 'idle');
}"""
# Run > Run All Cells; the command resolves true when every cell ran, false when one failed.
_RUN_ALL = """() => {
    window.__runAll = 'pending';
    window.jupyterapp.commands.execute('notebook:run-all-cells').then(
        ok => { window.__runAll = ok ? 'ok' : 'failed'; },
        err => { window.__runAll = 'rejected: ' + err; });
}"""
# Code cells with an execution count, and whether the kernel is back to idle (from the model, not the DOM).
_STATE = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const cells = Array.from(w.context.model.cells).filter(c => c.type === 'code');
    return {run_all: window.__runAll, kernel: w.sessionContext.session.kernel.status,
            executed: cells.filter(c => c.executionCount !== null).length, code: cells.length};
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def _digest(folder):
    """Name -> sha256 of every file under ``folder``: the committed figures must come out unchanged."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a free localhost port, serving ``tmp_path/lab``, torn down after."""
    if shutil.which("jupyter-lab", path=os.path.dirname(sys.executable)) is None:
        pytest.skip("JupyterLab is not installed (pip install 'framing[notebooks]')")
    root = tmp_path / "lab"
    root.mkdir()
    # Windowed rendering keeps off-screen cells out of the DOM; a reader scrolling sees them all, so render all.
    settings = tmp_path / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    # No "get notified about Jupyter news?" toast over the screenshot (and no attempt to fetch news).
    news = tmp_path / "lab-settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # figures inline, as a user sees them
    env.update(
        FRAMING_CACHE_DIR=str(tmp_path / "cache"),  # the notebook's scratch figures go here, not to figures/
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),  # the kernelspec still comes from sys.prefix
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        IPYTHONDIR=str(tmp_path / "ipython"),
    )
    log_path = tmp_path / "lab.log"
    log = open(log_path, "wb")  # noqa: SIM115 (closed after the server stops)
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
                    pytest.fail(f"JupyterLab did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.5)  # polling for the port, not synchronising with the page
        yield base, token, root, log_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _run_all(lab, notebook, screenshot):
    """Open ``notebook`` (a copy in the server's root) in JupyterLab, Run All, save; return what a user sees.

    Returns ``(run_all, dom_outputs, n_images, n_stderr, saved)``: the Run All command's outcome ('ok' or
    'failed'), the text of every output shown, the images and stderr boxes in the page, and the notebook as
    saved to disk, read back through the contents API.
    """
    base, token, _, log_path = lab
    name = notebook.name
    with chromium_page(width=1280, height=1000) as (page, problems):
        try:
            page.goto(f"{base}/lab/tree/{name}?token={token}", timeout=120_000)
            page.wait_for_function(_KERNEL_READY, timeout=300_000)
            page.evaluate(_RUN_ALL)
            page.wait_for_function("() => window.__runAll !== 'pending'", timeout=TIMEOUT_MS)
            state = page.evaluate(_STATE)
            # After the last reply the kernel may still be flushing iopub; outputs are complete once it is idle.
            page.wait_for_function(
                "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                timeout=120_000,
            )
            dom = page.locator(".jp-NotebookPanel .jp-OutputArea-output").all_inner_texts()
            n_images = page.locator(".jp-NotebookPanel .jp-OutputArea-output img").count()
            n_stderr = page.locator(
                ".jp-NotebookPanel [data-mime-type='application/vnd.jupyter.stderr']"
            ).count()
            page.screenshot(path=str(screenshot_path(screenshot)))
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
            page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
        except Exception as error:
            raise AssertionError(
                f"{error}\n--- browser problems:\n"
                + "\n".join(problems[-30:])
                + f"\n--- server log tail:\n{log_path.read_text()[-3000:]}"
            ) from error
        finally:
            # Console messages are not asserted: JupyterLab logs its own (e.g. the extension manager finding no
            # network). They are kept beside the screenshot for a person to read.
            screenshot_path(screenshot.replace(".png", ".console.txt")).write_text("\n".join(problems) + "\n")
    saved = nbformat.from_dict(_get(f"{base}/api/contents/{name}?content=1&token={token}")["content"])
    assert state["code"] == sum(c.cell_type == "code" for c in saved.cells)
    return state["run_all"], "\n".join(dom), n_images, n_stderr, saved


def test_run_all_of_01_corpus_in_jupyterlab_finishes_without_an_error(lab):
    root = lab[2]
    notebook = root / NOTEBOOK.name
    shutil.copy(NOTEBOOK, notebook)  # the committed notebook is never written to
    committed_figures = _digest(ROOT / "figures")
    run_all, shown, n_images, n_stderr, saved = _run_all(lab, notebook, "lab_01_corpus.png")

    assert run_all == "ok", shown[-3000:]
    code = [c for c in saved.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "the saved notebook lacks executed cells"
    assert [o for c in code for o in c.outputs if o.output_type == "error"] == []
    # Every figure the notebook saves is shown inline once, and its PNG is in the scratch folder.
    saved_figures = re.findall(r'study\.save\([^,]+, "([^"]+)"', "\n".join(c.source for c in code))
    assert len(saved_figures) >= 3
    assert sum("image/png" in o.get("data", {}) for c in code for o in c.outputs) == len(saved_figures)
    # What the reader sees: no traceback, no warning box, no manifest dict printed under a figure.
    assert "Traceback" not in shown and "Error" not in shown, shown[:2000]
    assert "TqdmWarning" not in shown and "'sha256'" not in shown
    assert n_images == len(saved_figures) and n_stderr == 0
    # The figures went to the scratch folder in this test's cache; the committed figures/ is untouched.
    assert all((root.parent / "cache" / "figures" / f"{f}.png").exists() for f in saved_figures)
    assert _digest(ROOT / "figures") == committed_figures


def test_a_cell_that_raises_fails_the_run(lab):
    """The checks above can fail: a copy of 01 with a raising cell after the parameters is caught everywhere."""
    root = lab[2]
    nb = nbformat.read(NOTEBOOK, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])) + 1
    nb.cells.insert(at, nbformat.v4.new_code_cell('raise RuntimeError("a deliberate failure")'))
    notebook = root / "01_failing.ipynb"
    nbformat.write(nb, notebook)
    run_all, shown, _, _, saved = _run_all(lab, notebook, "lab_01_failing.png")

    assert run_all == "failed"
    assert "RuntimeError" in shown and "a deliberate failure" in shown
    errors = [o for c in saved.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["RuntimeError"]
    # Run All stops at the failure: the cells after it never ran.
    assert not any(c.execution_count for c in saved.cells[at + 1 :] if c.cell_type == "code")
