"""What "the same figures" means across machines, and the check that holds a folder to it.

The promise (docs/guides/reproducibility.md):

- **Same machine, same lock file**: byte-identical figures, tables and manifest. "Same machine" is
  what :func:`machine_record` writes into ``manifest.json``: the processor architecture, the
  instruction sets the math libraries can use, the CPU count and the environment variables that
  restrict either.
- **Another CPU or thread count**: the same conclusions. Table numbers agree within ``rtol`` (relative)
  or ``atol`` (absolute), text cells are equal, every q-value stays on the same side of 0.05, and each
  image is equal within ``image_tol`` (the RMS difference of its pixels, 0-255, as matplotlib's own image
  tests measure it).

:func:`compare_figures` checks a regenerated folder against a reference (the committed ``figures/``)
and says, file by file, what moved and by how much; ``framing check-figures`` and ``make
check-figures`` run it.
"""

from __future__ import annotations

import json
import os
import platform
import re
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from framing.errors import ParameterError

#: Instruction-set flags of /proc/cpuinfo that change which kernels numpy, OpenBLAS, torch and faiss run.
ISA_FLAGS = (
    "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512bw", "avx512vl",
    "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_bf16", "amx_int8", "amx_tile",
)  # fmt: skip
#: Environment variables that restrict those kernels or their threads: part of "the same machine".
ISA_ENV = (
    "ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "MKL_ENABLE_INSTRUCTIONS", "OPENBLAS_CORETYPE",
    "NPY_DISABLE_CPU_FEATURES", "FAISS_OPT_LEVEL", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS", "FRAMING_THREADS",
)  # fmt: skip

#: Defaults of the cross-machine check (docs/guides/reproducibility.md); measured in the note of issue 19.
RTOL, ATOL, IMAGE_TOL, Q_LEVEL = 1e-4, 1e-6, 1.0, 0.05
_NUMBER = re.compile(r"-?\d+\.?\d*(?:[eE][-+]?\d+)?")


def machine_record() -> dict:
    """Describe what makes float results of this machine differ from another's.

    Returns
    -------
    dict
        ``{"arch": ..., "isa": [flags], "cpus": n, "env": {variable: value}}``; two runs with equal
        records and the same lock file give byte-identical figures.
    """
    flags: set[str] = set()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith(("flags", "Features")):
                flags = set(line.partition(":")[2].split())
                break
    return {
        "arch": platform.machine(),
        "isa": [f for f in ISA_FLAGS if f in flags] or [platform.processor() or "unknown"],
        "cpus": os.cpu_count(),
        "env": {k: os.environ[k] for k in ISA_ENV if k in os.environ},
    }


def compare_figures(
    expected, actual, *, rtol: float = RTOL, atol: float = ATOL, image_tol: float = IMAGE_TOL
) -> pd.DataFrame:
    """Compare a regenerated figures folder with a reference one, file by file.

    Parameters
    ----------
    expected : str or pathlib.Path
        The reference folder (e.g. the committed ``figures/``), with its ``manifest.json``.
    actual : str or pathlib.Path
        The regenerated folder.
    rtol, atol : float
        Relative and absolute tolerance of table numbers (``numpy.isclose``), used when the two
        manifests' machine records differ.
    image_tol : float
        Largest RMS pixel difference (0-255) of a PNG, as matplotlib's image comparison
        (``matplotlib.testing.compare.compare_images``) measures it, used when the machines differ.

    Returns
    -------
    pandas.DataFrame
        One row per file: ``file``, ``kind`` (png, svg, csv, manifest, report), ``verdict``
        (``identical``, ``within tolerance``, ``differs``, ``missing``, ``extra``, ``not compared``),
        ``detail`` (by how much), ``ok``, and ``same_machine`` (the same on every row: whether the two
        manifests' machine records are equal, so which promise applied).

    References
    ----------
    Matplotlib's image comparison (``matplotlib.testing.compare``), the RMS of pixel differences.
    """
    exp, act = Path(expected), Path(actual)
    manifests = [_manifest(exp), _manifest(act)]
    same = manifests[0].get("machine") == manifests[1].get("machine")
    names = _listed(manifests[0]) | _listed(manifests[1]) | {"manifest.json", "report.html"}
    names |= {"explore.html"} if (exp / "explore.html").exists() or (act / "explore.html").exists() else set()
    tolerances = {"rtol": rtol, "atol": atol, "image_tol": image_tol}
    rows = [_compare_file(exp, act, name, same=same, **tolerances) for name in sorted(names)]
    table = pd.DataFrame(rows, columns=["file", "kind", "verdict", "detail", "ok"])
    # A column, not DataFrame.attrs (which pandas drops): issue 25's contract.
    return table.assign(same_machine=same)


def _manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    if not path.exists():
        raise ParameterError(f"{folder} has no manifest.json: pass a folder written by framing figures.")
    return json.loads(path.read_text(encoding="utf-8"))


def _listed(manifest: dict) -> set[str]:
    """Every file a manifest lists (figures in each format, tables)."""
    return {
        file["path"]
        for kind in ("figures", "tables")
        for entry in manifest.get(kind, {}).values()
        for file in entry["files"].values()
    }


def _compare_file(exp: Path, act: Path, name: str, *, same: bool, **tolerances) -> tuple:
    kind = (
        "manifest" if name == "manifest.json" else "report" if name == "report.html" else name.rsplit(".")[-1]
    )
    # explore.html is built from the tables, so like the report it is judged through them.
    kind = "explorer" if name == "explore.html" else kind
    a, b = exp / name, act / name
    if not a.exists() or not b.exists():
        verdict = "missing" if a.exists() else "extra"
        return (name, kind, verdict, f"only in {exp if a.exists() else act}", kind in ("report", "explorer"))
    if a.read_bytes() == b.read_bytes():
        return (name, kind, "identical", "", True)
    if same:
        return (name, kind, "differs", "same machine record: bytes must be identical", False)
    ok, detail = _TOLERANT[kind](a, b, **tolerances)
    if ok is None:
        return (name, kind, "not compared", detail, True)
    return (name, kind, "within tolerance" if ok else "differs", detail, ok)


def _compare_png(a: Path, b: Path, *, image_tol: float, **_) -> tuple[bool, str]:
    """RMS of the pixel differences (0-255), as matplotlib's image tests compute it."""
    x, y = (np.asarray(Image.open(p).convert("RGB"), dtype=np.int16) for p in (a, b))
    if x.shape != y.shape:
        return False, f"image size {x.shape[1]}x{x.shape[0]} -> {y.shape[1]}x{y.shape[0]}"
    rms = float(np.sqrt(np.mean((x - y).astype(float) ** 2)))
    return rms <= image_tol, f"RMS {rms:.3f} (tolerance {image_tol})"


def _compare_svg(a: Path, b: Path, *, atol: float, **_) -> tuple[bool | None, str]:
    """The SVG's text with its numbers taken out must match; the numbers must agree to 0.05 px."""
    texts = [p.read_text(encoding="utf-8") for p in (a, b)]
    skeletons = [_NUMBER.sub("#", t) for t in texts]
    if skeletons[0] != skeletons[1]:
        return None, "drawn differently (its PNG twin is the check)"
    numbers = [np.array([float(x) for x in _NUMBER.findall(t)]) for t in texts]
    worst = float(np.abs(numbers[0] - numbers[1]).max()) if len(numbers[0]) else 0.0
    return worst <= 0.05, f"largest coordinate change {worst:.3g}"


def _compare_csv(a: Path, b: Path, *, rtol: float, atol: float, **_) -> tuple[bool, str]:
    x, y = pd.read_csv(a), pd.read_csv(b)
    if list(x.columns) != list(y.columns) or len(x) != len(y):
        return False, f"shape {x.shape} -> {y.shape}"
    problems, worst = [], 0.0
    for column in x.columns:
        u, v = x[column], y[column]
        if pd.api.types.is_numeric_dtype(u) and pd.api.types.is_numeric_dtype(v):
            u, v = u.to_numpy(float), v.to_numpy(float)
            close = np.isclose(u, v, rtol=rtol, atol=atol, equal_nan=True)
            scale = np.maximum(np.abs(u), atol)
            worst = max(worst, float(np.nanmax(np.abs(u - v) / scale, initial=0.0)))
            if not close.all():
                problems.append(f"{column}: {int((~close).sum())} value(s) beyond tolerance")
            if column in ("q", "q_value") or column.endswith(("_q", "_q_value")):
                flips = int(((u < Q_LEVEL) != (v < Q_LEVEL)).sum())
                if flips:
                    problems.append(f"{column}: {flips} value(s) crossed q = {Q_LEVEL}")
        elif not u.equals(v):
            problems.append(f"{column}: {int((u.astype(str) != v.astype(str)).sum())} text cell(s) differ")
    return not problems, "; ".join(problems) or f"largest relative change {worst:.2g}"


def _compare_manifest(a: Path, b: Path, **_) -> tuple[bool, str]:
    """Equal once file hashes and the machine record are set aside."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("sha256", "machine")}
        return value

    x, y = (strip(json.loads(p.read_text(encoding="utf-8"))) for p in (a, b))
    return x == y, "equal but for file hashes and machine" if x == y else "provenance differs"


def _not_compared(a: Path, b: Path, **_) -> tuple[None, str]:
    return None, "embeds the figures and tables checked one by one"


_TOLERANT = {
    "png": _compare_png,
    "svg": _compare_svg,
    "csv": _compare_csv,
    "manifest": _compare_manifest,
    "report": _not_compared,
    "explorer": _not_compared,
}

__all__ = ["ATOL", "IMAGE_TOL", "ISA_ENV", "ISA_FLAGS", "RTOL", "compare_figures", "machine_record"]
