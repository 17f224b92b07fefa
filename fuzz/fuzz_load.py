"""Coverage-guided fuzzing of the loader and the check with atheris (not run in CI).

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_load.py -max_total_time=600 fuzz/corpus

Each input becomes facts/labour.yaml of a copy of the fixture project; loading and checking it
must only ever report problems. Any exception that escapes is a bug: atheris stops and saves
the input as crash-*.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from briefgen.check.rules.rules import check

    from briefgen.project.load import load_corpus

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini"
ROOT = Path(tempfile.mkdtemp(prefix="briefgen-fuzz-")) / "mini"
shutil.copytree(FIXTURE, ROOT)
TARGET = ROOT / "facts" / "labour.yaml"


def one_input(data: bytes) -> None:
    TARGET.write_bytes(data)
    check(load_corpus(ROOT))


def main() -> None:
    seeds = Path(__file__).resolve().parent / "corpus"
    seeds.mkdir(exist_ok=True)
    for path in (FIXTURE / "facts").glob("*.yaml"):
        (seeds / path.name).write_bytes(path.read_bytes())
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
