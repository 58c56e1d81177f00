"""numpydoc validation of the public API: every name in framing.__all__ and framing.plots.__all__.

Checks: GL08 (a docstring exists), PR01 (every parameter documented), PR02 (no documented
parameter that does not exist), PR07 (every parameter described), RT01 (a Returns section).
The test fails listing every offender, one per line, so all can be fixed in one pass.
"""

from __future__ import annotations

import dataclasses
import inspect

import pytest

import framing
import framing.plots

numpydoc_validate = pytest.importorskip("numpydoc.validate", reason="numpydoc is in the dev extra")

CHECKS = {"GL08", "PR01", "PR02", "PR07", "RT01"}


def _public_objects():
    """``(qualified name, object)`` of each public function, class and public method of a class."""
    seen = set()
    for module in (framing, framing.plots):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not callable(obj) or id(obj) in seen:
                continue
            seen.add(id(obj))
            qualified = f"{obj.__module__}.{obj.__qualname__}"
            yield qualified, obj
            if inspect.isclass(obj) and not issubclass(obj, BaseException):
                for attr, member in vars(obj).items():
                    if attr.startswith("_") or not inspect.isfunction(member):
                        continue
                    yield f"{qualified}.{attr}", member


def _offences(qualified: str, obj) -> list[str]:
    result = numpydoc_validate.validate(qualified)
    codes = [(code, msg) for code, msg in result["errors"] if code in CHECKS]
    if inspect.isclass(obj):
        # A class documents its constructor's parameters and returns nothing; a result dataclass
        # (AlignmentResult...) is made by framing, not by users, and documents its fields as Attributes.
        skip = {"RT01", "PR01", "PR02"} if dataclasses.is_dataclass(obj) else {"RT01"}
        codes = [(code, msg) for code, msg in codes if code not in skip]
    if inspect.isfunction(obj) and obj.__name__ == "__init__":
        return []
    return [f"{qualified}: {code} {msg}" for code, msg in codes]


def test_public_api_docstrings_follow_numpydoc():
    objects = list(_public_objects())
    assert len(objects) > 40  # the walk found the API
    offenders = [line for qualified, obj in objects for line in _offences(qualified, obj)]
    assert not offenders, f"{len(offenders)} numpydoc offence(s):\n" + "\n".join(offenders)
