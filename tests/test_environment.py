"""environment.yml (conda) and pyproject.toml (pip) list the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import ROOT

# conda-forge names that differ from PyPI names.
CONDA_TO_PYPI = {"pytorch": "torch"}
NOT_PACKAGES = {"python", "pip"}


def _name_and_spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*$", requirement.split("#")[0])
    name = match.group(1).lower().replace("_", "-")
    return CONDA_TO_PYPI.get(name, name), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return dict(_name_and_spec(r) for r in reqs)


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    reqs = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            reqs += dep.get("pip", [])
        else:
            reqs.append(dep)
    out = dict(_name_and_spec(r) for r in reqs)
    return {k: v for k, v in out.items() if k not in NOT_PACKAGES}


def test_same_packages_and_versions():
    assert conda_requirements() == pyproject_requirements()


def test_python_version_agrees():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=" + python.split("=")[1]
