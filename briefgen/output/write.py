"""Files in memory -> files on disk, atomically.

Every file is first written in full to a temporary name beside its target, then all are renamed
into place. A failure or an interrupt before the renames leaves the previous files untouched
and removes the temporary ones; no reader ever sees a half-written file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import WriteFailed


def write(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` (relative path -> bytes) under ``out_dir``; return the paths written."""
    try:
        return _write(out_dir, files)
    except OSError as exc:
        where = exc.filename or out_dir
        raise WriteFailed(
            f"cannot write {where}: {exc.strerror or exc}; the previous files are unchanged"
        ) from None


def _write(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, data in sorted(files.items()):
            target = out_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_stage(target, data), target))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return [target for _, target in staged]


def _stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new hidden temporary file beside ``target`` and flush it to disk."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, 0o644)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)
