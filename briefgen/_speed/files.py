"""Reading a project's files once: their bytes, and the bytes already read, by path.

The digest of the inputs reads every fact file and seed (see :mod:`briefgen._speed.manifest`);
the check and the build then go on from those very bytes (:data:`Reads`), not from the files
again, so an edit made meanwhile can never be checked as one content and recorded as another.
The same mapping carries edits not yet written (``add`` and ``review`` check the project as it
would be after the edit: see :func:`overlay`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

Reads = dict[str, tuple[bytes, str]]
"""The bytes and hex sha256 of each file read (or given), by its path as the project names it
(``str(root / "facts" / name)``): nothing reads or hashes them again."""


def read_file(path: str) -> bytes:
    """A file's bytes, with the fewest system calls (thousands of small seeds are read)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        chunks = [os.read(fd, size + 1)]
        while chunks[-1] and sum(map(len, chunks)) > size:  # it grew while we read it
            chunks.append(os.read(fd, 1 << 20))
        return b"".join(chunks)
    finally:
        os.close(fd)


def overlay(root: Path, files: Mapping[str, bytes]) -> Reads:
    """Files of facts/ as they would be (``{"facts/labour.yaml": b"..."}``), as :data:`Reads`.

    Only files directly in facts/ can be given: an edit never touches a seed."""
    reads: Reads = {}
    for relative, data in files.items():
        folder, _, name = relative.partition("/")
        if folder != "facts" or not name or "/" in name or name in (".", ".."):
            raise ValueError(f"an overlay holds files of facts/ only, not {relative!r}")
        reads[str(root / folder / name)] = (data, hashlib.sha256(data).hexdigest())
    return reads
