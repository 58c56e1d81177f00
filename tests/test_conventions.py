"""Conventions the codebase claims, checked.

- Every warning is a FramingWarning users can filter.
- The public API (``framing.__all__``, ``framing.plots.__all__``, the estimators' ``__init__`` and
  methods): data positional, options keyword-only, plots take ``ax=`` and return the Axes,
  ``random_state`` admits None; and every public ``random_state``, called with None and with an int,
  works.
- The modules of ``framing/``: no import cycles (imports inside functions count), no imports of a
  framing module inside a function, no imports of another module's private names.

Today's violations are listed in ``tests/conventions_allowlist.py``; those lists may only shrink.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import types
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

import framing
import framing.errors
import framing.plots
from framing._core.validation import check_random_state
from framing.errors import FramingWarning, ParameterError
from tests.conftest import ROOT
from tests.conventions_allowlist import (
    ATTRS_CHANNELS,
    DEFERRED_IMPORTS,
    FUNCTION_IMPORTS,
    IMPORT_CYCLES,
    LONG_FUNCTIONS,
    PRIVATE_IMPORTS,
    SIGNATURE_VIOLATIONS,
)


def _warn_calls(tree: ast.AST):
    """Yield every ``warnings.warn(...)`` (or bare ``warn(...)``) call in a module."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "warn"
            and getattr(func.value, "id", "") == "warnings"
        ) or (isinstance(func, ast.Name) and func.id == "warn"):
            yield node


def _category(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == "category":
            return kw.value
    return call.args[1] if len(call.args) > 1 else None


def test_every_framing_warning_uses_a_framing_warning_class():
    files = sorted((ROOT / "framing").rglob("*.py"))
    calls, offenders = 0, []
    for path in files:
        for call in _warn_calls(ast.parse(path.read_text(), filename=str(path))):
            calls += 1
            cat = _category(call)
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            if not isinstance(cat, ast.Name):
                offenders.append(f"{where}: no category (defaults to UserWarning)" if cat is None else where)
                continue
            cls = getattr(framing.errors, cat.id, None)
            if not (isinstance(cls, type) and issubclass(cls, FramingWarning)):
                offenders.append(f"{where}: {cat.id}")
    assert calls >= 10, "the scan found too few warnings.warn calls; is it reading framing/?"
    assert not offenders, "warnings.warn with a category that is not a FramingWarning:\n" + "\n".join(
        offenders
    )


def test_users_can_escalate_or_silence_framing_warnings():
    docs = pd.DataFrame({"side": ["A", "B"], "text": ["One sentence here.", "Another one there."]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", FramingWarning)
        with pytest.raises(FramingWarning, match="no 'doc_id' column"):
            framing.load_corpus(docs)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", FramingWarning)
        loaded = framing.load_corpus(docs)
    assert not record and loaded["doc_id"].tolist() == ["doc-00001", "doc-00002"]


def test_cache_warnings_are_framing_and_runtime_warnings():
    # Filters written before FramingWarning existed (on RuntimeWarning) keep catching the cache's warnings.
    assert issubclass(framing.CacheWarning, FramingWarning)
    assert issubclass(framing.CacheWarning, RuntimeWarning)
    assert issubclass(FramingWarning, UserWarning)
    assert {"FramingWarning", "CacheWarning"} <= set(framing.__all__)


# ---------------------------------------------------------------------------------------------------
# The API conventions as a ratchet (issue 19, items 4 and 6). Today's violations are listed in
# tests/conventions_allowlist.py; that list may only shrink, so new code follows the conventions.
# ---------------------------------------------------------------------------------------------------

ALLOWLIST_FILE = "tests/conventions_allowlist.py"

#: Names of the data arguments, which stay positional (the first argument is always data: a table,
#: vectors or a path, whatever its name). Every other parameter is an option, keyword-only.
DATA_NAMES = {
    "documents",
    "sentences",
    "vectors",
    "texts",
    "labels",
    "codes",
    "groups",
    "frames",
    "validation",
    "alignment",
    "X",
    "y",
    "path",
    "parameters",  # start(notebook, parameters): the parameters cell's values
}
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)

#: Parameter names with a better-established spelling elsewhere in the API.
RENAMED = {"seed": "random_state", "pair": "sides"}
#: In plots, seaborn's vocabulary: ``hue`` for the colour variable, ``x``/``y`` for positions.
PLOT_RENAMED = {"groups": "hue", "by": "hue (or x/y)", "colors": "palette", "order": "hue_order"}
#: Every bootstrap resamples this many times by default (0 means no bootstrap, where that is the default).
N_BOOT = 2000


def _ratchet(
    found: set, allowed: set, what: str, list_name: str, fix: str, *, shrink_only: bool = True
) -> None:
    """Fail when ``found`` has entries ``allowed`` lacks (new violations) or lacks some it has (fixed ones)."""
    new, fixed = sorted(found - allowed), sorted(allowed - found)
    message = []
    if new:
        message.append(
            f"{len(new)} new {what} (not in {list_name} of {ALLOWLIST_FILE}):\n"
            + "\n".join(f"    {entry!r}," for entry in new)
            + f"\n{fix}"
            + (f"\nDo not add them to {list_name}: that list may only shrink." if shrink_only else "")
        )
    if fixed:
        message.append(
            f"{len(fixed)} {what} listed in {list_name} of {ALLOWLIST_FILE} no longer exist(s); well done. "
            "Delete these entries from the list so they cannot come back:\n"
            + "\n".join(f"    {entry!r}," for entry in fixed)
        )
    assert not message, "\n\n".join(message)


def _is_estimator(obj) -> bool:
    """A public class users configure and call (not an exception, not a result dataclass)."""
    return inspect.isclass(obj) and not issubclass(obj, BaseException) and not dataclasses.is_dataclass(obj)


def _public_callables():
    """``(public name, function, kind)``, kind one of ``function``, ``plot``, ``init``, ``method``."""
    for name in framing.__all__:
        obj = getattr(framing, name)
        if inspect.isfunction(obj):
            yield f"framing.{name}", obj, "function"
        elif _is_estimator(obj):
            yield f"framing.{name}.__init__", obj.__init__, "init"
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and inspect.isfunction(member):
                    yield f"framing.{name}.{attr}", member, "method"
    for name in framing.plots.__all__:
        obj = getattr(framing.plots, name)
        if inspect.isfunction(obj):
            yield f"framing.plots.{name}", obj, "plot" if name.startswith("plot_") else "function"


def _parameters(func) -> list[inspect.Parameter]:
    return [p for p in inspect.signature(func).parameters.values() if p.name != "self"]


def _returns_axes(func) -> bool:
    """The return annotation, or else the numpydoc Returns section, names a single matplotlib Axes."""
    annotation = inspect.signature(func).return_annotation
    if annotation is not inspect.Signature.empty:
        return str(getattr(annotation, "__name__", annotation)).split(".")[-1] == "Axes"
    lines = [line.strip() for line in (inspect.getdoc(func) or "").splitlines()]
    for i, line in enumerate(lines[:-2]):
        if line == "Returns" and set(lines[i + 1]) == {"-"}:
            return lines[i + 2] in {"matplotlib.axes.Axes", "Axes"}
    return False


def _signature_violations(name: str, func, kind: str) -> set[tuple[str, str]]:
    params = _parameters(func)
    found = set()
    positional = [p for p in params if p.kind in _POSITIONAL]
    for i, p in enumerate(positional):
        # An estimator's __init__ takes options only; elsewhere the first argument is the data.
        if kind == "init" or (i > 0 and p.name not in DATA_NAMES):
            found.add((name, f"{p.name}: positional option"))
    found |= {(name, f"*{p.name}: positional options") for p in params if p.kind is p.VAR_POSITIONAL}
    for p in params:
        if p.name == "random_state" and p.annotation is not p.empty and "None" not in str(p.annotation):
            found.add((name, f"random_state: annotated {p.annotation}, without None"))
    names = {p.name: p for p in params}
    # One word for one idea across the API (issue 25, item 2).
    for word, better in RENAMED.items():
        if word in names:
            found.add((name, f"{word}: use {better}"))
    n_boot = names.get("n_boot")
    if n_boot is not None and n_boot.default not in (inspect.Parameter.empty, None, 0, N_BOOT):
        found.add((name, f"n_boot: default {n_boot.default}, not {N_BOOT}"))
    if kind == "plot":
        for word, better in PLOT_RENAMED.items():
            if word in names:
                found.add((name, f"{word}: use {better}"))
        ax = inspect.signature(func).parameters.get("ax")
        if ax is None or ax.kind is not ax.KEYWORD_ONLY or ax.default is not None:
            found.add((name, "ax: no keyword-only ax=None"))
        if not _returns_axes(func):
            found.add((name, "return: not a matplotlib Axes"))
    return found


def test_public_signatures_follow_the_conventions():
    callables = list(_public_callables())
    assert len(callables) > 50, "the walk found too few public callables; is it reading framing.__all__?"
    assert {kind for _, _, kind in callables} == {"function", "plot", "init", "method"}
    found = set().union(*(_signature_violations(*entry) for entry in callables))
    _ratchet(
        found,
        SIGNATURE_VIOLATIONS,
        "signature violation(s)",
        "SIGNATURE_VIOLATIONS",
        "Write new code to the conventions: the data (the first argument, or one named in DATA_NAMES of "
        "tests/test_conventions.py) positional, every option keyword-only (after `*`), "
        "`random_state: int | None`, plot functions `ax=None` keyword-only and returning the Axes "
        "(say `matplotlib.axes.Axes` under Returns).",
    )


# --- the import graph of framing/ --------------------------------------------------------------------


def _module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted((ROOT / "framing").rglob("*.py"))}


@dataclasses.dataclass(frozen=True)
class _Import:
    module: str  # the importing module
    function: str | None  # qualified name of the enclosing function; None at module or class level
    target: str  # the imported module, absolute
    name: str | None = None  # with `from target import name`, a name that is not a submodule


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == "TYPE_CHECKING"


def _from_base(module: str, node: ast.ImportFrom) -> str:
    """The absolute module of ``from <base> import ...``, relative imports resolved."""
    if not node.level:
        return node.module
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _resolve(module: str, node, function: str | None):
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield _Import(module, function, alias.name)
        return
    base = _from_base(module, node)
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        yield (
            _Import(module, function, sub) if sub in MODULES else _Import(module, function, base, alias.name)
        )


def _imports(module: str) -> list[_Import]:
    """Every import a module runs (``if TYPE_CHECKING:`` blocks left out), with its enclosing function."""
    found = []

    def visit(node, scope: tuple[str, ...], function: str | None):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.extend(_resolve(module, child, function))
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = (*scope, child.name)
                visit(child, inner, ".".join(inner))
            elif isinstance(child, ast.ClassDef):
                visit(child, (*scope, child.name), function)
            elif isinstance(child, ast.If) and _is_type_checking(child):
                for orelse in child.orelse:
                    visit(ast.Module(body=[orelse], type_ignores=[]), scope, function)
            else:
                visit(child, scope, function)

    path = MODULES[module]
    visit(ast.parse(path.read_text(), filename=str(path)), (), None)
    return found


ALL_IMPORTS = [imp for module in MODULES for imp in _imports(module)]


def _internal(target: str) -> bool:
    return target == "framing" or target.startswith("framing.")


def _graph() -> dict[str, set[str]]:
    """Module -> the framing modules it imports, at module level or inside functions.

    ``from framing.x import y`` is an edge to ``framing.x.y`` when that is a module, else to
    ``framing.x``; the implicit import of parent packages is not an edge (every module would then
    sit in one cycle with ``framing/__init__.py``, which imports them all).
    """
    graph = {module: set() for module in MODULES}
    for imp in ALL_IMPORTS:
        if _internal(imp.target) and imp.target in MODULES and imp.target != imp.module:
            graph[imp.module].add(imp.target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """The strongly connected components of more than one module (Tarjan 1972), each sorted."""
    index, low, stack, on_stack, components = {}, {}, [], set(), set()

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                components.add(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return components


def test_the_import_graph_is_read():
    graph = _graph()
    assert len(MODULES) > 30 and "framing.plots" in MODULES and "framing.voices.speech" in MODULES
    assert "framing.analysis.compare" in graph["framing.frames.compare"]
    assert "framing.plots.clusters" in graph["framing.plots"]  # a package importing its modules
    assert "framing._core.validation" in graph["framing.corpus.clean"]
    toy = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d", "a"}, "e": {"f"}, "f": {"e"}}
    assert _cycles(toy) == {("a", "b", "c"), ("e", "f")}


def test_no_new_import_cycles():
    _ratchet(
        _cycles(_graph()),
        IMPORT_CYCLES,
        "import cycle(s)",
        "IMPORT_CYCLES",
        "Break the cycle: move what both modules need into a lower module (framing/_core/validation.py, "
        "framing/_core/names.py, a new private module) that imports neither, instead of importing inside a "
        "function. A listed cycle that changed members counts as new: fix it or restore its old members.",
    )


def test_no_new_imports_inside_functions():
    found = {(i.module, f"{i.function}: {i.target}") for i in ALL_IMPORTS if i.function}
    internal = {entry for entry in found if _internal(entry[1].split(": ")[1])}
    _ratchet(
        internal,
        FUNCTION_IMPORTS,
        "import(s) of a framing module inside a function",
        "FUNCTION_IMPORTS",
        "Import framing modules at the top of the module. If that makes an import cycle, break the "
        "cycle instead (see test_no_new_import_cycles).",
    )
    _ratchet(
        found - internal,
        DEFERRED_IMPORTS,
        "third-party import(s) inside a function",
        "DEFERRED_IMPORTS",
        "Import at the top of the module. Only an optional extra or an import too slow for "
        "`import framing` may wait inside the function that needs it: then, and only then, add the "
        "entry to DEFERRED_IMPORTS with a comment saying why (reviewers check the reason).",
        shrink_only=False,
    )


def test_no_new_imports_of_private_names():
    found = {
        (i.module, f"{i.target}.{i.name}")
        for i in ALL_IMPORTS
        if i.name
        and _internal(i.target)
        and i.target != i.module
        and i.name.startswith("_")
        and not i.name.startswith("__")
    }
    _ratchet(
        found,
        PRIVATE_IMPORTS,
        "import(s) of another module's private name",
        "PRIVATE_IMPORTS",
        "A name another module needs is not private: move it to a shared private module "
        "(framing/_core/validation.py, framing/_core/io.py...) under a public name there, or drop its underscore.",
    )


# --- random_state=None works everywhere (issue 19, item 6) -------------------------------------------


@pytest.fixture(scope="module")
def tiny():
    """Small real inputs: 12 demo documents, their sentences, random unit vectors (no model loaded)."""
    docs = framing.load_demo().groupby("side", sort=False).head(3).reset_index(drop=True)
    sentences = framing.split_sentences(docs).head(150).reset_index(drop=True)
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(sentences), 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    # Labels that follow the vectors, with noise: the classifiers converge in a few iterations.
    labels = (vectors[:, :3] + rng.normal(scale=0.5, size=(len(sentences), 3))).argmax(axis=1)
    frames = np.array(["Economic", "Political", "Security and defense"])[labels]
    validation = framing.validate_frames(
        vectors, frames, sentences["doc_id"], n_splits=2, learning_curve=(), n_boot=20
    )
    return types.SimpleNamespace(
        docs=docs,
        sentences=sentences,
        vectors=vectors,
        labels=labels,
        frames=frames,
        validation=validation,
        alignment=framing.align(sentences, vectors, n_pairs=500),
        attributed=framing.attribute(sentences),
    )


#: One call per public function or estimator that takes ``random_state``, on the ``tiny`` inputs.
RANDOM_STATE_CALLS = {
    "framing.align": lambda t, rs: framing.align(t.sentences, t.vectors, n_pairs=500, random_state=rs),
    "framing.clean_corpus": lambda t, rs: framing.clean_corpus(t.docs, language=None, random_state=rs),
    "framing.coder_agreement": lambda t, rs: framing.coder_agreement(
        pd.DataFrame(
            {
                "sentence_id": [f"{i}" for i in range(20)] * 2,
                "doc_id": [f"d{i // 4}" for i in range(20)] * 2,
                "coder": ["a"] * 20 + ["b"] * 20,
                "label": list(t.frames[:20]) + list(t.frames[20:40]),
            }
        ),
        n_boot=20,
        random_state=rs,
    ),
    "framing.compare_frames": lambda t, rs: framing.compare_frames(
        t.sentences, t.frames, n_boot=20, random_state=rs
    ),
    "framing.compare_shares": lambda t, rs: framing.compare_shares(
        t.sentences, t.labels, n_boot=20, n_perm=20, random_state=rs
    ),
    "framing.leave_one_outlet_out": lambda t, rs: framing.leave_one_outlet_out(
        t.sentences, t.labels, n_perm=20, random_state=rs
    ),
    "framing.compare_voices": lambda t, rs: framing.compare_voices(t.attributed, n_boot=20, random_state=rs),
    "framing.distinctive_terms": lambda t, rs: framing.distinctive_terms(
        t.sentences, n_boot=20, random_state=rs
    ),
    "framing.corrected_shares": lambda t, rs: framing.corrected_shares(
        t.sentences, t.frames, t.validation, n_boot=20, random_state=rs
    ),
    "framing.explorer_payload": lambda t, rs: framing.explorer_payload(
        framing.study.explore.sentence_table(t.sentences, t.labels, t.vectors[:, :2]),
        max_points=50,
        random_state=rs,
    ),
    "framing.frame_shares": lambda t, rs: framing.frame_shares(
        t.sentences, t.frames, n_boot=20, random_state=rs
    ),
    "framing.omission_rates": lambda t, rs: framing.omission_rates(
        t.alignment, labels=t.labels, n_boot=20, random_state=rs
    ),
    "framing.omission_rates_at_equal_size": lambda t, rs: framing.omission_rates_at_equal_size(
        t.alignment, t.vectors, labels=t.labels, n_repeats=2, n_boot=20, random_state=rs
    ),
    # t-SNE on 40 points: the contract is about random_state, and t-SNE on 150 points took ~20 s of CI.
    "framing.project": lambda t, rs: framing.project(
        t.vectors[:40], method="tsne", perplexity=5, random_state=rs
    ),
    "framing.sample_for_coding": lambda t, rs: framing.sample_for_coding(t.sentences, n=10, random_state=rs),
    "framing.validate_frames": lambda t, rs: framing.validate_frames(
        t.vectors,
        t.frames,
        t.sentences["doc_id"],
        n_splits=2,
        learning_curve=(0.5,),  # a fraction below 1 draws the learning-curve subsets
        n_boot=20,
        random_state=rs,
    ),
    "framing.voice_shares": lambda t, rs: framing.voice_shares(t.attributed, n_boot=20, random_state=rs),
    # Framing over time (issue 21): the tiny demo documents fall on 24-26 June.
    "framing.shares_over_time": lambda t, rs: framing.shares_over_time(
        t.sentences, t.labels, freq="D", n_boot=20, random_state=rs
    ),
    "framing.event_did": lambda t, rs: framing.event_did(
        t.sentences,
        t.labels,
        event="2025-06-25",
        sides=("India", "Pakistan"),
        window=2,
        n_boot=20,
        random_state=rs,
    ),
    "framing.window_sensitivity": lambda t, rs: framing.window_sensitivity(
        t.sentences,
        t.labels,
        event="2025-06-25",
        sides=("India", "Pakistan"),
        windows=[2, 3],
        n_boot=20,
        random_state=rs,
    ),
    "framing.did_by_event": lambda t, rs: framing.did_by_event(
        t.sentences,
        t.labels,
        events=framing.demo_events(),
        sides=("India", "Pakistan"),
        window=2,
        min_docs=1,
        n_boot=20,
        random_state=rs,
    ),
    "framing.FrameClassifier.__init__": lambda t, rs: framing.FrameClassifier(cv=2, random_state=rs).fit(
        t.vectors, t.frames
    ),
    # Issue 22: the text classifier loads the bundled model (frozen: no training) on 20 sentences.
    "framing.TextFrameClassifier.__init__": lambda t, rs: framing.TextFrameClassifier(
        encoder="frozen", random_state=rs
    ).fit(t.sentences["text"].head(20), t.frames[:20]),
    "framing.error_rates_by_side": lambda t, rs: framing.error_rates_by_side(
        t.validation, t.sentences, n_perm=20, random_state=rs
    ),
    "framing.paired_learning_curve": lambda t, rs: framing.paired_learning_curve(
        t.sentences["text"],
        t.frames,
        t.sentences["doc_id"],
        classifiers={
            "words": make_pipeline(TfidfVectorizer(), LogisticRegression()),
            "word pairs": make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression()),
        },
        sizes=(5,),
        n_repeats=1,
        n_splits=2,
        n_boot=20,
        random_state=rs,
    ),
    "framing.SentenceClusterer.__init__": lambda t, rs: framing.SentenceClusterer(
        k=3, n_stability_seeds=2, random_state=rs
    ).fit(t.vectors, texts=t.sentences["text"]),
    # issue 24: robustness, split-sample, intrusion
    "framing.robustness": lambda t, rs: framing.robustness(_tiny_study(t), random_state=rs, n_boot=20),
    "framing.compare_split": lambda t, rs: framing.compare_split(_tiny_study(t), n_boot=20, random_state=rs),
    "framing.split_sample": lambda t, rs: framing.split_sample(t.sentences, t.vectors, k=3, random_state=rs),
    "framing.split_shares": lambda t, rs: framing.split_shares(
        t.sentences,
        split=framing.split_sample(t.sentences, t.vectors, k=3),
        sides=["India", "Pakistan"],
        n_boot=20,
        random_state=rs,
    ),
    "framing.intrusion_sheet": lambda t, rs: framing.intrusion_sheet(
        t.sentences, t.labels, t.vectors, random_state=rs
    ),
    # issue 25: a chapter's one-line start
    "framing.start": lambda t, rs: framing.start("00_test", random_state=rs, clean=False),
}


def _tiny_study(t):
    """A Study over the tiny inputs, its vectors and clusters set directly (no model, no cache folder)."""
    sides = sorted(t.sentences["side"].unique())
    study = framing.study.notebook.Study(
        t.docs, t.sentences, by="side", sides=sides, model=None, k=3, random_state=0, contrast=sides[:2]
    )
    study._vectors = t.vectors
    study._clusterer = framing.SentenceClusterer(k=3, n_stability_seeds=0).fit(
        t.vectors, texts=t.sentences["text"]
    )
    return study


def test_every_random_state_is_called():
    takes = {
        name for name, func, _ in _public_callables() if "random_state" in inspect.signature(func).parameters
    }
    missing, gone = sorted(takes - set(RANDOM_STATE_CALLS)), sorted(set(RANDOM_STATE_CALLS) - takes)
    assert not missing, (
        f"{missing} take random_state but RANDOM_STATE_CALLS in tests/test_conventions.py has no call for "
        "them: add one (small inputs from the `tiny` fixture), so random_state=None and an int are tested."
    )
    assert not gone, f"{gone} no longer take random_state (or are no longer public): remove their calls."


@pytest.mark.parametrize("name", sorted(RANDOM_STATE_CALLS))
def test_random_state_accepts_none_and_an_int(name, tiny):
    for random_state in (None, 7):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FramingWarning)
            try:
                RANDOM_STATE_CALLS[name](tiny, random_state)
            except Exception as exc:  # noqa: BLE001 - the message names the promise it breaks
                pytest.fail(
                    f"{name}(random_state={random_state!r}) raised {type(exc).__name__}: {exc}\n"
                    "The README promises random_state=None (fresh entropy) and an int (a seed) work "
                    "everywhere: resolve the argument once with framing._core.validation.check_random_state "
                    "and pass the seed it returns to every random step.",
                )


def test_check_random_state():
    assert check_random_state(7) == 7 and check_random_state(np.int64(0)) == 0
    seeds = {check_random_state(None) for _ in range(5)}
    assert len(seeds) > 1 and all(isinstance(s, int) and 0 <= s < 2**32 for s in seeds)
    for bad in (-1, 1.5, "0", True):
        with pytest.raises(ParameterError, match="random_state must be a whole number >= 0"):
            check_random_state(bad)


# --- small pieces, no metadata in DataFrame.attrs (issue 25, items 2 and 4) ---------------------------

MAX_FUNCTION_LINES = 60


def _code_lines(node: ast.FunctionDef, lines: list[str]) -> int:
    """Non-blank, non-comment lines of a function's body, its docstring left out."""
    body = node.body
    first = body[0]
    has_doc = isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant)
    start = first.end_lineno + 1 if has_doc and isinstance(first.value.value, str) else first.lineno
    return sum(
        1 for line in lines[start - 1 : node.end_lineno] if line.strip() and not line.strip().startswith("#")
    )


def _functions(module: str):
    """``(qualified name, node)`` for every function of a module, nested ones included."""
    tree = ast.parse(MODULES[module].read_text())

    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield ".".join((*scope, child.name)), child
                yield from visit(child, (*scope, child.name))
            elif isinstance(child, ast.ClassDef):
                yield from visit(child, (*scope, child.name))
            else:
                yield from visit(child, scope)

    yield from visit(tree, ())


def test_no_function_grows_past_sixty_lines():
    found = set()
    for module, path in MODULES.items():
        lines = path.read_text().splitlines()
        for qualname, node in _functions(module):
            if _code_lines(node, lines) > MAX_FUNCTION_LINES:
                found.add((module, qualname))
    _ratchet(
        found,
        LONG_FUNCTIONS,
        f"function(s) over {MAX_FUNCTION_LINES} code lines",
        "LONG_FUNCTIONS",
        "A function past ~60 lines is two functions: split it along what its parts hold.",
    )


def test_no_metadata_in_dataframe_attrs():
    """Results carry their metadata as fields or columns: many pandas operations drop ``.attrs``."""
    found = set()
    for module in MODULES:
        for qualname, node in _functions(module):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Attribute) and inner.attr == "attrs":
                    found.add((module, qualname))
    _ratchet(
        found,
        ATTRS_CHANNELS,
        "use(s) of DataFrame.attrs",
        "ATTRS_CHANNELS",
        "Return a result object with a field (a frozen dataclass), or a column, instead of .attrs.",
    )


#: The domains in the order data moves through them: each imports only domains before it.
DOMAIN_ORDER = ["errors", "_core", "embedding", "corpus", "analysis", "frames", "voices", "plots", "study"]


def test_domains_import_only_the_domains_before_them():
    """One-way layers (issue 25, item 1): a later domain may use an earlier one, never the reverse."""

    def domain(module: str) -> str:
        return module.split(".")[1] if module.count(".") else "framing"

    assert {domain(m) for m in MODULES} - {"framing"} == set(DOMAIN_ORDER), (
        "a domain is missing from DOMAIN_ORDER"
    )
    backwards = sorted(
        (module, target)
        for module, targets in _graph().items()
        for target in targets
        if domain(module) in DOMAIN_ORDER
        and domain(target) in DOMAIN_ORDER
        and DOMAIN_ORDER.index(domain(target)) > DOMAIN_ORDER.index(domain(module))
    )
    assert not backwards, f"imports against the flow of {DOMAIN_ORDER}: {backwards}"
