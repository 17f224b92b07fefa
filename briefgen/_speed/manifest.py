"""What the last build was made from, so that a build where nothing changed does nothing.

The build manifest of an output folder records, after each successful build:

- ``inputs``: one digest of everything a build reads: every fact file, every seed (and what
  else is in seeds/), every file of the templates folder, briefgen's own code, the installed
  libraries (WeasyPrint, pydantic, ...), and the project folder as given (it appears in
  messages);
- per set of options (formats, themes): which files that build wrote and the warnings its check
  printed, to print them again;
- per output file: the sha256 of its bytes and the digest of what it was made from (for a PDF:
  its HTML, the templates folder, pdf.py and the libraries).

A build first compares ``inputs`` (no YAML, pydantic, Jinja or WeasyPrint needed) and checks that
every output is still there unchanged; if so it is done, having written nothing. Otherwise it
checks and renders everything in memory (cheap), lays out again only the PDFs whose HTML
changed, and writes only the files whose bytes differ: a change to one theme's facts rebuilds
the full briefing and each briefing that shows one of the changed facts, nothing else.

The manifest lives in briefgen's cache folder for the project (see :mod:`briefgen.cache`), not
in out/: out/ holds only the briefings, and a manifest committed or copied along with them
could otherwise make a build skip a check it never passed. With the cache off there is no
manifest, and every build does all the work (still rewriting no file whose bytes are equal).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from . import fast_reader
from .cache import Cache, digest, seal, sealed
from .files import Reads, leads_out, read_file

FORMAT = 2


def options_key(formats: list[str], themes: list[str]) -> str:
    """The key of one set of build options, and of the one setting from the environment that
    changes the output (``SOURCE_DATE_EPOCH`` dates the PDFs and documents)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return f"{','.join(formats)}|{','.join(sorted(themes))}|{epoch}"


def _canonical(body: dict[str, Any]) -> bytes:
    """The manifest's content as the bytes its HMAC covers."""
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def inputs_digest(root: Path, templates: Path | None, reads: Reads | None = None) -> str:
    """A digest of everything a build reads (see the module docstring); a check reads all of it
    but the templates (``templates=None``).

    ``reads``, when given, is both ways: a file of facts/ or seeds/ already in it (an edit not yet
    written, or bytes an earlier digest read) is taken from there, as a regular file, rather than
    read; every file read goes into it, with its sha256, so that the check and the build go on
    from exactly the bytes the digest was made of.
    """
    kind = "build" if templates is not None else "check"
    hasher = hashlib.sha256(f"briefgen-{kind} {FORMAT}\n{root}\n{reader_setting()}\n".encode())
    hasher.update(code_digest().encode())
    for folder, suffix in ((root / "facts", (".yaml", ".geojson")), (root / "seeds", "")):
        for name, entry in _listed(folder, suffix, reads):
            _add_entry(hasher, folder, name, entry, reads)
    if templates is not None:
        for path in sorted(p for p in templates.rglob("*") if p.is_file()):
            _add_file(hasher, path, path.relative_to(templates))
    return hasher.hexdigest()


def reader_setting() -> str:
    """Which YAML reader loads the files (see :func:`briefgen._speed.fast_reader`): part of
    every key, so that a result made with one reader is never served to the other."""
    return "fast" if fast_reader() else "libyaml"


def templates_digest(templates: Path) -> str:
    """A digest of the templates folder (stylesheet, fonts, images a PDF may fetch)."""
    hasher = hashlib.sha256()
    for path in sorted(p for p in templates.rglob("*") if p.is_file()):
        _add_file(hasher, path, path.relative_to(templates))
    return hasher.hexdigest()


def _entries(folder: Path, suffix: str | tuple[str, ...]) -> list[os.DirEntry[str]]:
    """The entries of ``folder`` whose names end with ``suffix``, by name.

    One directory scan tells which are links and which are files for thousands of seeds,
    where a ``stat`` per path would cost more than hashing their bytes.
    """
    try:
        with os.scandir(folder) as scan:
            return sorted((e for e in scan if e.name.endswith(suffix)), key=lambda e: e.name)
    except OSError:
        return []


def _listed(
    folder: Path, suffix: str | tuple[str, ...], reads: Reads | None
) -> list[tuple[str, os.DirEntry[str] | None]]:
    """The names of ``folder`` ending with ``suffix``, each with its directory entry, or None for
    a file known only from ``reads`` (not on disk, or not yet), in name order."""
    listed: dict[str, os.DirEntry[str] | None] = {e.name: e for e in _entries(folder, suffix)}
    if reads:
        prefix = os.path.join(str(folder), "")
        for path in reads:
            name = path[len(prefix) :] if path.startswith(prefix) else ""
            if name.endswith(suffix) and name and os.sep not in name:
                listed.setdefault(name, None)
    return sorted(listed.items())


def _add_entry(
    hasher: Any, folder: Path, name: str, entry: os.DirEntry[str] | None, reads: Reads | None
) -> None:
    path = os.path.join(str(folder), name)
    known = reads.get(path) if reads is not None else None
    try:
        link = entry.is_symlink() if known is None and entry is not None else False
        hasher.update(f"\0{folder.name}/{name}\0{link}\0".encode())
        if link:  # where it leads, and whether that exists: a cited seed that cannot be read is
            # unknown only if it does not (a link to a folder that goes away changes nothing else)
            hasher.update(f"{os.path.realpath(path)}\0{os.path.exists(path)}".encode())
        if known is not None:
            hasher.update(bytes.fromhex(known[1]))
        elif entry is not None and entry.is_file() and not (link and leads_out(Path(path), folder.parent)):
            data = read_file(path)
            sha256 = hashlib.sha256(data)
            hasher.update(sha256.digest())
            if reads is not None:
                reads[path] = (data, sha256.hexdigest())
    except OSError:
        hasher.update(b"unreadable")


def _add_file(hasher: Any, path: Path, shown: Path) -> None:
    hasher.update(f"\0{shown}\0{path.is_symlink()}\0".encode())
    try:
        if path.is_symlink():
            hasher.update(str(path.resolve()).encode())
        if path.is_file():
            hasher.update(hashlib.sha256(read_file(str(path))).digest())
    except OSError:
        hasher.update(b"unreadable")


_CODE: list[str] = []


def code_digest() -> str:
    """A digest of briefgen's source files, of the installed libraries' versions, and of Python's
    (its Unicode database decides what NFKC, a space and a word character are: another Python
    may match passages differently)."""
    if not _CODE:
        hasher = hashlib.sha256(libraries_digest().encode())
        hasher.update(f"{sys.version}\0{unicodedata.unidata_version}\0".encode())
        package = Path(__file__).parent.parent
        for path in sorted(package.rglob("*.py")):
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + read_file(str(path)))
        _CODE.append(hasher.hexdigest())
    return _CODE[0]


@cache
def libraries_digest() -> str:
    """A digest of the installed distributions' names and versions (WeasyPrint's among them).

    Read from the ``*.dist-info`` folder names beside WeasyPrint: importing anything to ask
    would cost more than the whole up-to-date check.
    """
    spec = importlib.util.find_spec("weasyprint")
    names: list[str] = []
    if spec is not None and spec.origin:
        names = [entry.name for entry in _entries(Path(spec.origin).parent.parent, ".dist-info")]
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


class Manifest:
    """The build manifest of one output folder (empty when there is none, or it is unreadable)."""

    def __init__(self, root: Path, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.inputs = ""
        self.builds: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, str]] = {}
        folder = Cache(root).folder
        self.path = folder / f"build-{digest(str(out_dir.resolve()))[:20]}.json" if folder else None
        try:
            body = json.loads(read_file(str(self.path), 1024 * 1024 * 1024)) if self.path else {}
        except (OSError, ValueError):
            return
        if not isinstance(body, dict) or body.get("format") != FORMAT or not self._authentic(body):
            return  # none, another version, or not written by this user's briefgen: a full build
        self.inputs = body.get("inputs", "")
        self.builds = body.get("builds", {})
        self.files = body.get("files", {})

    def _authentic(self, body: dict[str, Any]) -> bool:
        """Whether the manifest was written by briefgen with this user's cache key (a manifest
        forged in the cache folder would otherwise skip the check of a broken project)."""
        mac = body.pop("mac", None)
        if not isinstance(mac, str) or self.path is None:
            return False
        try:
            return sealed(self.path.name, _canonical(body), bytes.fromhex(mac))
        except ValueError:
            return False

    def unchanged(self, relative: str, data_sha256: str | None = None) -> bool:
        """Whether out/``relative`` is still the file this manifest recorded."""
        record = self.files.get(relative)
        if record is None:
            return False
        if data_sha256 is None:
            try:
                data = read_file(str(self.out_dir / relative), 1024 * 1024 * 1024)
                data_sha256 = hashlib.sha256(data).hexdigest()
            except OSError:
                return False
        return data_sha256 == record.get("sha256")

    def source(self, relative: str) -> str | None:
        """The digest of what out/``relative`` was made from, as recorded."""
        record = self.files.get(relative)
        return record.get("source") if record is not None else None

    def up_to_date(self, inputs: str, options: str) -> list[str] | None:
        """The warnings to print again if a build with ``options`` has nothing to do, else None."""
        build = self.builds.get(options)
        if not inputs or inputs != self.inputs or not isinstance(build, dict):
            return None
        if not all(self.unchanged(relative) for relative in build.get("outputs", [None])):
            return None
        return list(build.get("warnings", []))

    def save(
        self, inputs: str, options: str, outputs: dict[str, tuple[str, str]], warnings: list[str]
    ) -> None:
        """Record a successful build: ``outputs`` maps each file to (sha256, source digest)."""
        if self.path is None:
            return
        if inputs != self.inputs:
            self.builds = {}
        self.inputs = inputs
        rewritten = {
            name for name, (sha256, _) in outputs.items() if self.files.get(name, {}).get("sha256") != sha256
        }
        # A build with other options whose outputs this one rewrote (another SOURCE_DATE_EPOCH
        # dates the PDFs differently) is no longer up to date.
        self.builds = {
            key: build for key, build in self.builds.items() if not rewritten & set(build.get("outputs", []))
        }
        self.builds[options] = {"outputs": sorted(outputs), "warnings": warnings}
        for relative, (data_sha256, source) in outputs.items():
            self.files[relative] = {"sha256": data_sha256, "source": source}
        body: dict[str, Any] = {
            "format": FORMAT,
            "inputs": inputs,
            "builds": self.builds,
            "files": self.files,
        }
        body["mac"] = seal(self.path.name, _canonical(body)).hex()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.tmp")
            temporary.write_text(json.dumps(body, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            return
