"""Finding the validators the output tests run, and refusing to skip them under CI.

``./run test`` installs them (npm packages into node_modules/, Debian packages when run as
root). Where one is missing a test skips with the reason; under CI (``CI=true``, which .ci/run
sets) a missing validator fails the test instead, so CI can never pass without running it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import REPO

UNDER_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"


def require(name: str, found: bool, how: str) -> None:
    """Skip (or, under CI, fail) unless a validator is there."""
    if found:
        return
    message = f"{name} is missing ({how})"
    if UNDER_CI:
        pytest.fail(f"{message}; under CI every validator must run", pytrace=False)
    pytest.skip(message)


def program(name: str, package: str) -> str:
    """The path of a program on PATH, from the named Debian package."""
    path = shutil.which(name)
    require(name, path is not None, f"apt-get install {package}; ./run test does it as root")
    assert path is not None
    return path


def npm_file(path: Path, package: str) -> Path:
    """A file of an npm package that ./run test installs with npm ci."""
    require(package, path.is_file(), "run ./run test, which installs it with npm ci from package-lock.json")
    return path
