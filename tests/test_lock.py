"""requirements.lock pins what pyproject.toml declares; constraints-lowest.txt pins its floors."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

# The libraries whose lowest declared versions CI tests in a second venv (make test-lowest); pyarrow too,
# since pyarrow >= 16 needs numpy 2 without saying so in its metadata.
LOWEST = {"numpy", "pyarrow", "pandas", "scikit-learn", "sentence-transformers", "xxhash"}


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return [Requirement(r) for r in reqs]


def _pins(path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line!r} is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


def test_lock_pins_every_declared_dependency_within_its_range():
    pins = _pins(ROOT / "requirements.lock")
    for req in _declared():
        name = canonicalize_name(req.name)
        assert name in pins, (
            f"{req.name} is declared in pyproject.toml but not in requirements.lock: run make lock"
        )
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {req.name}=={pins[name]}, outside the declared {req.specifier}: run make lock"
        )


def test_lock_pins_the_cpu_torch_the_makefile_installs():
    pins = _pins(ROOT / "requirements.lock")
    torch = re.search(r"^TORCH := torch==(\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE).group(1)
    assert pins["torch"] == torch
    assert not any(name.startswith("nvidia-") for name in pins), "a CUDA build of torch slipped into the lock"


def test_lowest_constraints_are_the_declared_floors():
    floors = {}
    for req in _declared():
        name = canonicalize_name(req.name)
        lower = [s.version for s in req.specifier if s.operator == ">="]
        if name in LOWEST and lower:
            floors[name] = Version(lower[0])
    assert set(floors) == LOWEST
    pinned = {name: Version(v) for name, v in _pins(ROOT / "constraints-lowest.txt").items()}
    assert pinned == floors
