"""Files in memory -> files on disk, atomically, and never through a link out of place.

Every file is first written in full to a temporary name beside its target, then all are renamed
into place. A failure or an interrupt before the renames leaves the previous files untouched
and removes the temporary ones; no reader ever sees a half-written file. This is the one place
briefgen writes a project's files, for every command:

- :func:`write` puts outputs under a folder (``out/``): a folder inside it that is a link is
  refused before anything is written (a link ``out/themes`` to another folder would have the
  build write there); a file that is a link is replaced by the file, so nothing is written where
  it pointed;
- :func:`write_through` rewrites one file of the project in place (``add`` and ``review`` on a
  fact file): a link is written *through*, so the file it points to gets the edit and the link
  stays a link, unless it leads out of the project, which is refused;
- a file that is replaced keeps its permission bits (a 0600 fact file stays 0600); a new file
  gets those the umask allows (0666 less the umask), as any program's would;
- a temporary left behind by a writer that was killed (``kill -9``) is removed the next time a
  file is written to its folder. Only briefgen's own are: hidden names of the exact form
  ``.<name>.<pid>-<8 characters>.tmp`` (the name cut to 100 bytes) whose process is gone.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from ..errors import WriteFailed

_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)-[a-z0-9_]{8}\.tmp")
"""The names :func:`_stage` gives its temporaries (``tempfile`` adds 8 characters of
``[a-z0-9_]``); nothing else in a folder is ever taken for one."""


_NAME_KEPT = 100
"""How many bytes of the target's name a temporary name keeps."""


def write(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` (relative path -> bytes) under ``out_dir``; return the paths written."""
    try:
        for relative in files:
            _refuse_links(out_dir, relative)
        return _write([(out_dir / relative, data) for relative, data in sorted(files.items())])
    except OSError as exc:
        where = exc.filename or out_dir
        raise WriteFailed(
            f"cannot write {where}: {exc.strerror or exc}; the previous files are unchanged"
        ) from None


def write_through(path: Path, data: bytes, root: Path) -> Path:
    """Replace the file at ``path`` (inside ``root``) with ``data``, through a link if it is one.

    Returns the file written: ``path``, or the file its link leads to inside ``root``.
    """
    target = path
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(Path(os.path.realpath(root))):
            raise WriteFailed(
                f"cannot write {path}: it is a link to {target}, outside the project; "
                "briefgen writes no file outside the project"
            )
    try:
        return _write([(target, data)])[0]
    except OSError as exc:
        raise WriteFailed(
            f"cannot write {exc.filename or path}: {exc.strerror or exc}; it is unchanged"
        ) from None


def _refuse_links(out_dir: Path, relative: str) -> None:
    """Refuse a folder between ``out_dir`` and ``relative`` that is a link (or is not a folder)."""
    folder = out_dir
    for part in Path(relative).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise OSError(
                0,
                f"it is a link to {os.path.realpath(folder)}; briefgen writes only inside {out_dir} "
                "and follows no link there (remove the link)",
                str(folder),
            )


def _write(targets: list[tuple[Path, bytes]]) -> list[Path]:
    staged: list[tuple[Path, Path]] = []
    try:
        for folder in sorted({target.parent for target, _ in targets}):
            folder.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(folder)
        for target, data in targets:
            staged.append((_stage(target, data), target))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return [target for _, target in staged]


def _stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new hidden temporary file beside ``target`` and flush it to disk."""
    mode = _mode_for(target)
    # The target's name shortened, so a temporary name is never too long where the target's fits.
    short = target.name.encode()[:_NAME_KEPT].decode(errors="ignore")
    fd, name = tempfile.mkstemp(prefix=f".{short}.{os.getpid()}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _mode_for(target: Path) -> int:
    """The permission bits ``target`` keeps if it is a regular file, else a new file's."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        return stat.S_IMODE(info.st_mode)
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask (reading it means setting it: it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def clean(out_dir: Path) -> list[Path]:
    """Remove killed writers' temporaries from ``out_dir`` and the folders in it (not through
    links); return them. A build does this first, even one that then finds nothing to do."""
    removed: list[Path] = []
    for folder, _, _ in os.walk(out_dir):
        removed += remove_stale_temporaries(Path(folder))
    return removed


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporaries of writers that were killed from ``folder``; return them."""
    removed = []
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.name.endswith(".tmp") and e.is_file(follow_symlinks=False)]
    except OSError:
        return []
    for name in names:
        match = _TEMPORARY.fullmatch(name)
        if match is None or _alive(int(match["pid"])):
            continue
        (folder / name).unlink(missing_ok=True)
        removed.append(folder / name)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` runs (this one does: its temporaries are in use)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # gone, or no process could have it
        return False
    except PermissionError:  # another user's
        return True
    return True
