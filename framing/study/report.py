"""One self-contained HTML report from the executed notebooks of a figures folder.

``framing figures`` leaves the executed notebooks in ``figures/notebooks/``;
:func:`build_report` joins them, in order, into ``figures/report.html``: the
prose, the figures (embedded, so the file travels alone), the tables, each
cell's code folded under a "code" toggle, and a provenance section taken from
``manifest.json`` (corpus hash, model identity, random state, parameters, versions and
every file's sha256). Nothing in it is loaded from the network, and the same
notebooks give the same bytes.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from framing._core.io import atomic_write
from framing.errors import NotebookError
from framing.study.chapters import list_notebooks
from framing.study.explore import EXPLORER_NAME
from framing.study.figures import read_manifest

#: File name of the report inside a figures folder.
REPORT_NAME = "report.html"
_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# "path/to/module.py:123: UserWarning: message" and the source line Python echoes after it.
_WARNING = re.compile(r"^\S+\.py:\d+: (\w*Warning): (.*?)\n(?:  .*\n)?", re.MULTILINE)
# A chapter's own settings sit in the cell above `parameters`, tagged "settings": set-up, like the parameters.
_HIDDEN_TAGS = {"parameters", "injected-parameters", "settings"}


def build_report(figures_dir="figures", *, out=None, title: str = "framing report") -> Path:
    """Write the HTML report of a figures folder.

    Parameters
    ----------
    figures_dir : path
        A folder written by ``framing figures`` (it holds ``manifest.json`` and
        ``notebooks/``).
    out : path, optional
        The HTML file; defaults to ``figures_dir/report.html``.
    title : str
        The report's title.

    Returns
    -------
    pathlib.Path
        The report.

    Raises
    ------
    NotebookError
        When the folder has no executed notebooks.

    References
    ----------
    nbconvert (Project Jupyter): HTMLExporter, https://nbconvert.readthedocs.io
    """
    import nbformat
    from nbconvert import HTMLExporter

    folder = Path(figures_dir)
    if not (folder / "notebooks").is_dir():
        raise NotebookError(
            f"{folder} has no executed notebooks (notebooks/); run `framing figures --out {folder}` "
            "(or `make figures`) first."
        )
    books = list_notebooks(folder / "notebooks")
    manifest = read_manifest(folder)
    report = nbformat.v4.new_notebook()
    report.metadata["title"] = title
    parameters = None
    chapters = []
    for book in books:
        nb = nbformat.read(book, as_version=4)
        if not report.metadata.get("kernelspec"):
            report.metadata["kernelspec"] = nb.metadata.get("kernelspec", {})
            report.metadata["language_info"] = nb.metadata.get("language_info", {})
        for cell in nb.cells:
            tags = set(cell.metadata.get("tags", []))
            if "injected-parameters" in tags and parameters is None:
                parameters = nb.metadata.get("papermill", {}).get("parameters")
            if tags & _HIDDEN_TAGS:
                continue
            if cell.cell_type == "code":
                _clean_outputs(cell)
            cell.metadata = {"tags": sorted(tags)} if tags else {}
            report.cells.append(cell)
        chapters.append(_chapter_title(nb, book))
    report.cells.insert(0, nbformat.v4.new_markdown_cell(_introduction(title, chapters, folder)))
    report.cells.append(nbformat.v4.new_markdown_cell(_provenance(manifest, parameters)))
    for i, cell in enumerate(report.cells):
        # Stable, unique ids: the chapters' own ids may repeat across notebooks.
        cell["id"] = f"cell-{i}"

    exporter = HTMLExporter(
        template_name="framing_report",
        extra_template_basedirs=[str(_TEMPLATES)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    html, _ = exporter.from_notebook_node(report, resources={"metadata": {"name": title}})
    target = Path(out) if out else folder / REPORT_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, html)
    return target


def _clean_outputs(cell) -> None:
    """Keep what a reader needs: warnings without the file path of the code that raised them."""
    kept = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            text = _WARNING.sub(lambda m: f"{m.group(1)}: {m.group(2)}\n", output.get("text", ""))
            # Kernel chatter (e.g. "[IPKernelApp] WARNING | ...") is not part of the analysis.
            text = "".join(line for line in text.splitlines(True) if not line.startswith("[IPKernelApp]"))
            if not text.strip():
                continue
            output["text"] = text
        kept.append(output)
    cell["outputs"] = kept
    cell["execution_count"] = None


def _chapter_title(nb, book: Path) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return book.stem


def _introduction(title: str, chapters: list[str], folder: Path) -> str:
    listed = "\n".join(f"- {c}" for c in chapters)
    explorer = ""
    if (folder / EXPLORER_NAME).exists():
        explorer = (
            f"\n**[Open the interactive explorer]({EXPLORER_NAME})** (`{EXPLORER_NAME}` beside this report, "
            "offline): click a word or a point on the map and read the sentences behind it, on each side.\n"
        )
    return (
        f"# {title}\n\n"
        "The chapters below are the project's notebooks, executed headless by `framing figures` on the "
        "corpus named in the provenance section at the end. Each figure comes with a paragraph saying what "
        "it shows and how to read it; the code behind each cell is folded under **code**.\n\n"
        f"{listed}\n{explorer}"
    )


def _provenance(manifest: dict, parameters: dict | None) -> str:
    # HTML, not a Markdown table: model identities contain "|".
    entries = list(manifest.get("figures", {}).values()) + list(manifest.get("tables", {}).values())

    def values(key):
        found = sorted({str(e.get(key)) for e in entries if e.get(key) is not None})
        return ", ".join(f"<code>{escape(v)}</code>" for v in found) or "(not recorded)"

    rows = [
        ("corpus (sha256 of the documents table)", values("corpus_sha256")),
        ("embedding model (name, weights hash, backend)", values("model")),
        ("random seed", values("seed")),
    ]
    for key, value in sorted((parameters or {}).items()):
        if key == "out_dir":
            continue
        if key == "data_path" and value:
            value = Path(value).name  # the file's name, not where it sat on the machine that ran it
        rows.append(
            (
                f"parameter <code>{escape(key)}</code>",
                f"<code>{escape(json.dumps(value, sort_keys=True))}</code>",
            )
        )
    versions = ", ".join(f"{k} {v}" for k, v in sorted(manifest.get("versions", {}).items()) if v)
    rows.append(("versions", escape(versions) or "(not recorded)"))
    table = "\n".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    files = []
    for kind in ("figures", "tables"):
        for _, entry in sorted(manifest.get(kind, {}).items()):
            for file in entry.get("files", {}).values():
                files.append(
                    f"<tr><td><code>{escape(file['path'])}</code></td><td>{escape(entry.get('notebook') or '')}</td>"
                    f"<td><code>{escape(file['sha256'][:16])}</code></td></tr>"
                )
    return (
        "# Provenance\n\n"
        "What produced the numbers and figures above, from `manifest.json` beside this report. The same "
        "corpus, model, seed and versions give the same figures byte for byte.\n\n"
        f'<table class="framing-provenance">\n{table}\n</table>\n\n'
        "Files (the first 16 hex digits of each sha256; the full hashes are in `manifest.json`):\n\n"
        "<table>\n<tr><th>file</th><th>notebook</th><th>sha256</th></tr>\n"
        + "\n".join(files)
        + "\n</table>\n"
    )
