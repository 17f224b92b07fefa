"""A content-addressed cache of per-file results, so an unchanged file is not read twice.

An entry is found by a key that the caller derives from the *content* of everything the result
depends on (a file's bytes, never its modification time), so a changed file can never be
served a stale result: its key is simply not there. A truncated, corrupted or unreadable entry
is ignored (and removed), never trusted.

The cache lives outside the project, in the user's cache folder (``$BRIEFGEN_CACHE_DIR``, else
``$XDG_CACHE_HOME/briefgen``, else ``~/.cache/briefgen``), one folder per project: a cache
committed into a repository could otherwise make CI trust results it never computed.
``BRIEFGEN_CACHE=off`` disables it. Any failure to read or write it only costs time.

**Entries are authenticated.** Whoever can write the cache folder (a shared folder, a cache
restored by CI from another run) must not be able to make a broken project pass. Each entry
(and the build manifest) carries an HMAC-SHA256 of its name and payload under a key kept
outside the cache folder: a per-user key file, ``$XDG_CONFIG_HOME/briefgen/cache.key`` (else
``~/.config/briefgen/cache.key``), made with mode 0600 on first use. Under CI (``CI`` set) the
key is made afresh by each process and never stored, so nothing a previous run left in the
cache is trusted: CI cannot pass on a restored cache alone. Where the key file cannot be made
or is not private, a process's own key is used the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import stat
from pathlib import Path
from typing import Any

from ..errors import Problem, Report
from .files import read_file

MAGIC = b"briefgen-cache 2\n"

MAX_ENTRY_BYTES = 1024 * 1024 * 1024
"""The largest cache entry read (anything larger, or not a regular file, is a damaged entry)."""
"""The first bytes of every entry; a different format version is simply never found."""

KEY_BYTES = 32

_KEYS: dict[str, bytes] = {}
"""The key of this process, by where it comes from (forked workers inherit it)."""


def key_file() -> Path:
    """Where the user's cache key is kept: outside the cache folder, in the configuration."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "briefgen" / "cache.key"


def cache_key() -> bytes:
    """The key that authenticates cache entries (see the module docstring)."""
    source = "ci" if os.environ.get("CI") else str(key_file())
    if source not in _KEYS:
        _KEYS[source] = (None if source == "ci" else _stored_key(Path(source))) or os.urandom(KEY_BYTES)
    return _KEYS[source]


def _stored_key(path: Path) -> bytes | None:
    """The user's key file, made private on first use; None if it cannot be made or trusted."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(os.urandom(KEY_BYTES))
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)  # a FIFO never blocks
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            private = stat.S_ISREG(info.st_mode) and not info.st_mode & 0o077
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            key = handle.read(KEY_BYTES + 1)
    except OSError:
        return None
    return key if private and mine and len(key) == KEY_BYTES else None


def seal(name: str, payload: bytes) -> bytes:
    """The HMAC of ``payload`` stored under ``name`` (binding it to that name: an entry copied
    under another name does not verify)."""
    return hmac.new(cache_key(), name.encode() + b"\0" + payload, hashlib.sha256).digest()


def sealed(name: str, payload: bytes, mac: bytes) -> bool:
    """Whether ``mac`` is :func:`seal` of ``payload`` under ``name``."""
    return hmac.compare_digest(seal(name, payload), mac)


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
            blob = read_file(str(path), MAX_ENTRY_BYTES)  # a FIFO or /dev/zero would never end
        except OSError:
            return None
        self.used.add(path.name)
        head, mac, payload = (
            blob[: len(MAGIC)],
            blob[len(MAGIC) : len(MAGIC) + 32],
            blob[len(MAGIC) + 32 :],
        )
        if head == MAGIC and sealed(path.name, payload, mac):
            try:
                return marshal.loads(payload)
            except (ValueError, EOFError, TypeError):
                pass
        path.unlink(missing_ok=True)  # damaged or forged: never trusted, and rewritten by this run
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
                handle.write(MAGIC + seal(path.name, payload) + payload)
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
