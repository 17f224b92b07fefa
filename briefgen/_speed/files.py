"""Reading a project's files once: their bytes, and the bytes already read, by path.

The digest of the inputs reads every fact file and seed (see :mod:`briefgen._speed.manifest`);
the check and the build then go on from those very bytes (:data:`Reads`), not from the files
again, so an edit made meanwhile can never be checked as one content and recorded as another.
The same mapping carries edits not yet written (``add`` and ``review`` check the project as it
would be after the edit: see :func:`overlay`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

Reads = dict[str, tuple[bytes, str]]
"""The bytes and hex sha256 of each file read (or given), by its path as the project names it
(``str(root / "facts" / name)``): nothing reads or hashes them again."""


MAX_BYTES = 64 * 1024 * 1024
"""The largest file :func:`read_file` reads unless told otherwise."""


class FileTooLarge(OSError):
    """Raised by :func:`read_file` for a file over its limit, before reading it."""

    def __init__(self, path: str, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"file is {size} bytes; the limit is {limit}", path)


_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_file(path: str, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, at most ``limit`` of them, with the fewest system calls
    (thousands of small seeds are read).

    Every file briefgen reads goes through here: a FIFO would block a plain read forever and a
    link to ``/dev/zero`` never ends, so anything but a regular file is refused (opening does not
    wait for a FIFO's writer), and a file over ``limit`` is refused before it is read
    (:class:`FileTooLarge`), or as soon as it grows past the limit while being read.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
            raise OSError(errno.EINVAL, f"not a regular file ({kind})", path)
        if info.st_size > limit:
            raise FileTooLarge(path, info.st_size, limit)
        chunks = [os.read(fd, info.st_size + 1)]
        total = len(chunks[0])
        while chunks[-1] and total > info.st_size:  # it grew while we read it
            if total > limit:
                raise FileTooLarge(path, total, limit)
            chunks.append(os.read(fd, 1 << 20))
            total += len(chunks[-1])
        if total > limit:
            raise FileTooLarge(path, total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def leads_out(path: Path, root: Path) -> str | None:
    """Where ``path`` leads when it is a link out of the folder ``root`` (its real path), else
    None: a fact file linked to ``/etc/passwd`` must not be read, let alone quoted in a message."""
    if not path.is_symlink():
        return None
    real = os.path.realpath(path)
    inside = os.path.join(os.path.realpath(root), "")
    return None if real.startswith(inside) else real


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
