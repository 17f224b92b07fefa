"""A content-addressed cache of per-file results, so an unchanged file is not read twice.

An entry is found by a key that the caller derives from the *content* of everything the result
depends on (a file's bytes, never its modification time), so a changed file can never be
served a stale result: its key is simply not there. Each entry carries the sha256 of its
payload; a truncated, corrupted or unreadable entry is ignored (and removed), never trusted.

The cache lives outside the project, in the user's cache folder (``$BRIEFGEN_CACHE_DIR``, else
``$XDG_CACHE_HOME/briefgen``, else ``~/.cache/briefgen``), one folder per project: a cache
committed into a repository could otherwise make CI trust results it never computed.
``BRIEFGEN_CACHE=off`` disables it. Any failure to read or write it only costs time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

from ..errors import Problem, Report

MAGIC = b"briefgen-cache 1\n"
"""The first bytes of every entry; a different format version is simply never found."""


def cache_home() -> Path | None:
    """The folder holding every project's cache, or None when caching is off."""
    if os.environ.get("BRIEFGEN_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    explicit = os.environ.get("BRIEFGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefgen"


def digest(*parts: Any) -> str:
    """A hex sha256 of ``parts`` (bytes, str, numbers, nested tuples and lists of them)."""
    # Format 2: from 3 on, marshal marks an object met twice, but only if something else holds
    # a reference to it too, so equal values could digest differently depending on who else
    # holds them.
    return hashlib.sha256(marshal.dumps(parts, 2)).hexdigest()


class Cache:
    """The entries of one project, by kind (``facts``, ``yaml``, ...) and content key."""

    def __init__(self, root: Path, home: Path | None = None) -> None:
        home = home if home is not None else cache_home()
        self.folder = home / digest(str(root.resolve()))[:20] if home is not None else None
        self.used: set[str] = set()

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _path(self, kind: str, key: str) -> Path | None:
        return self.folder / f"{kind}-{key}.bin" if self.folder is not None else None

    def get(self, kind: str, key: str) -> Any:
        """The value stored under ``key``, or None if absent or damaged."""
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        self.used.add(path.name)
        head, checksum, payload = (
            blob[: len(MAGIC)],
            blob[len(MAGIC) : len(MAGIC) + 32],
            blob[len(MAGIC) + 32 :],
        )
        if head == MAGIC and hashlib.sha256(payload).digest() == checksum:
            try:
                return marshal.loads(payload)
            except (ValueError, EOFError, TypeError):
                pass
        path.unlink(missing_ok=True)  # damaged: never trusted, and rewritten by this run
        return None

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` (plain data marshal can write) under ``key``; failures are ignored."""
        path = self._path(kind, key)
        if path is None:
            return
        self.used.add(path.name)
        import tempfile  # here: a check served from the cache writes nothing

        temporary = None
        try:
            payload = marshal.dumps(value)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".entry-", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except (OSError, ValueError):
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)

    def keep(self, kind: str, key: str) -> None:
        """Count the entry under ``key`` as used by this run (another process stored it)."""
        path = self._path(kind, key)
        if path is not None:
            self.used.add(path.name)

    def report(self, inputs: str) -> Report | None:
        """The report of the last check of exactly these inputs, if there is one.

        A check prints the same report for the same fact files, seeds (and names in seeds/),
        briefgen code and libraries, and project path, all of which ``inputs`` digests (see
        :func:`briefgen.manifest.inputs_digest`); none of the heavy imports is needed to know.
        """
        stored = self.get("report", inputs)
        if not isinstance(stored, list):
            return None
        try:
            return Report([Problem(*problem) for problem in stored])
        except TypeError:
            return None

    def put_report(self, inputs: str, report: Report) -> None:
        """Keep a check's report (and only the latest) for :meth:`report`."""
        self.put("report", inputs, [problem.as_tuple() for problem in report.problems])
        self.prune("report")

    def prune(self, kind: str) -> None:
        """Remove the entries of ``kind`` this run did not use: the cache holds one project's now."""
        if self.folder is None:
            return
        try:
            for path in self.folder.glob(f"{kind}-*.bin"):
                if path.name not in self.used:
                    path.unlink(missing_ok=True)
        except OSError:
            return
