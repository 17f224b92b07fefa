"""Private: the fast reader, the cache, digests, the build manifest and the worker pools.

Nothing outside loading, the check runner and the build orchestrator imports from here.
"""

from __future__ import annotations

import os

FAST_READER = "BRIEFGEN_FAST_READER"
"""The environment variable that turns the fast YAML reader off (``off``, ``0``, ``no``, ``false``)."""


def fast_reader() -> bool:
    """Whether YAML files are read by :mod:`briefgen._speed.fastyaml` where it can, or always by
    libyaml (the reference: ``BRIEFGEN_FAST_READER=off``, which the test suite also runs)."""
    return os.environ.get(FAST_READER, "").strip().lower() not in ("0", "off", "no", "false")
