"""source add and pin: register a source from a file, and re-pin a corrected seed.

``source add FILE`` extracts the file's text (:mod:`briefgen.editor.extract`), writes it as a
new seed ``seeds/NNN_<16 hex of its sha256>.txt``, keeps the file itself in
``seeds/originals/`` under the same name with its own suffix (only the ``.txt`` files directly
in ``seeds/`` are seeds, so the check never reads an original), and appends the source's record
to ``facts/sources.yaml`` (spliced, every other byte kept), with what the editor gave and what
the file's metadata proposes. Placeholders mark what the editor still has to supply, and the
check warns about them until they are replaced.

``pin SEED`` writes the sha256 of a corrected seed into its record, in place, and says which
reviews the correction voids: those whose seed paragraph changed (see
:mod:`briefgen.project.reviewed`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.nodes import MappingNode, ScalarNode

from .._speed.files import Reads
from ..check.runner import check_project
from ..errors import Problem, SourceRefused, UsageError
from ..output.write import write, write_through
from ..project.layout import SOURCES_FILE
from ..project.load import display_path, load_corpus
from ..project.seeds import bare_name_problem, read_seeds
from ..project.vocab import SOURCE_NOT_DATED, SOURCE_NOT_GRADED, SourceKind
from .edit import _quoted, _read, numbered_seed, trial_report, yaml_date
from .extract import Extracted, extract
from .yamledit import append_item, compose, set_scalars, value_of

ORIGINALS = "originals"
"""The folder of seeds/ where the files seeds were extracted from are kept."""

SOURCES_MODELINE = "# yaml-language-server: $schema=../schema/sources.schema.json\n"

NOT_DATED, NOT_GRADED = SOURCE_NOT_DATED, SOURCE_NOT_GRADED
"""The placeholders the check warns about until the editor replaces them."""

REVIEW_CHANGED = "reviewed content changed since the review"


@dataclass(frozen=True)
class Given:
    """What the editor tells ``source add`` about a source (None where they said nothing)."""

    kind: SourceKind
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    published_basis: str | None = None
    reliability: str | None = None
    rationale: str | None = None
    retrieved: dt.date | None = None


@dataclass
class Added:
    """What source add wrote, and what the editor has still to do."""

    seed: str
    seed_sha256: str
    original: str
    original_sha256: str
    line: int
    extracted: Extracted
    proposed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def add_source(root: Path, path: Path, given: Given) -> Added:
    """Register ``path`` as a new source of the project at ``root``, or refuse and write nothing."""
    _check_given(given)
    reads: Reads = {}
    check_project(root, reads=reads)
    corpus = load_corpus(root, reads).corpus
    extracted = extract(path, str(path))
    data = extracted.text.encode("utf-8")
    original_bytes = path.read_bytes()
    sha, original_sha = hashlib.sha256(data).hexdigest(), hashlib.sha256(original_bytes).hexdigest()
    _refuse_duplicate(root, corpus, path, sha, original_sha)
    name = f"{_next_number(root, corpus.sources):03d}_{sha[:16]}.txt"
    original = f"{name.removesuffix('.txt')}{path.suffix.lower()}"
    record, proposed, missing = _record(name, sha, original, original_sha, extracted, given)
    sources = root / "facts" / SOURCES_FILE
    shown = display_path(root, f"facts/{SOURCES_FILE}")
    text = _read(sources)
    splice = append_item(text, "sources", record, shown, header=SOURCES_MODELINE)
    _refuse_new_errors(root, reads, {SOURCES_FILE: splice.text}, shown, splice.first_line)
    write(root / "seeds" / ORIGINALS, {original: original_bytes})
    write(root / "seeds", {name: data})
    write_through(sources, splice.text.encode("utf-8"), root)
    return Added(name, sha, original, original_sha, splice.first_line, extracted, proposed, missing)


def _check_given(given: Given) -> None:
    if (given.published is None) != (given.published_basis is None):
        raise UsageError("--published and --published-basis go together: the date and how it is known")
    if (given.reliability is None) != (given.rationale is None):
        raise UsageError("--reliability and --rationale go together: the grade and the reason for it")
    if given.url is not None and not re.fullmatch(r"https?://\S+", given.url):
        raise UsageError(f"--url: '{given.url}' is not an http or https address")


def _refuse_duplicate(root: Path, corpus: Any, path: Path, sha: str, original_sha: str) -> None:
    """The same text or the same file as a registered source is refused."""
    for entry in corpus.sources.values():
        source = entry.source
        same_file = source.original is not None and source.original.sha256 == original_sha
        if source.sha256 == sha or same_file:
            what = "file" if same_file else "text"
            raise SourceRefused(
                f"{path}: the same {what} as seeds/{source.file}, already registered "
                f"({entry.smap.path}:{entry.where('file')[0]}); nothing to add"
            )
    for seed in corpus.seeds.values():
        if seed.sha256 == sha:
            raise SourceRefused(
                f"{path}: the same text as seeds/{seed.name}, which is in seeds/ but not registered; "
                "register that one in facts/sources.yaml instead"
            )


def _next_number(root: Path, registered: dict[str, Any]) -> int:
    """One more than the highest NNN_ prefix of a seed, registered or in seeds/ (0 for none)."""
    names = list(registered) + [p.name for p in (root / "seeds").glob("*")]
    numbers = [int(m.group(1)) for n in names if (m := re.match(r"(\d+)_", n))]
    return max(numbers, default=-1) + 1


def _record(
    name: str, sha: str, original: str, original_sha: str, found: Extracted, given: Given
) -> tuple[CommentedMap, list[str], list[str]]:
    """The new source's record, what in it the file proposed, and what the editor must supply."""
    proposed: list[str] = []
    missing: list[str] = []

    def pick(value: str | None, guess: str | None, label: str) -> str | None:
        if value is None and guess is not None:
            proposed.append(f'{label} "{guess}"')
        return value if value is not None else guess

    title = pick(given.title, found.title, "title")
    publisher = pick(given.publisher, found.site, "publisher")
    author = pick(None, found.author, "author")
    date = pick(given.published, found.date, "published")
    record = CommentedMap([("file", name), ("sha256", sha)])
    record["title"] = _quoted(title) if title else None
    record["publisher"] = _quoted(publisher) if publisher else None
    if publisher:
        basis = "given by the editor" if given.publisher else f"the page's site name, read by {found.how}"
        record["publisher_basis"] = _quoted(basis)
    else:
        missing.append("the publisher, where the text names or implies it (publisher, publisher_basis)")
    if author:
        record["author"] = _quoted(author)
    label = (publisher or title or Path(name).stem)[:60].strip() or name[:60]
    record["label"] = _quoted(label)  # how the briefing names it; the editor may shorten it
    basis = given.published_basis or (f"the page's metadata, read by {found.how}" if date else NOT_DATED)
    # A date read from the page's metadata or given by the editor is stated, not worked out.
    published = CommentedMap([("date", yaml_date(date)), ("basis", _quoted(basis)), ("inferred", False)])
    record["published"] = published
    if date is None:
        missing.append("the publication date and how it is known (--published, --published-basis)")
    record["kind"] = given.kind.value
    rationale = _quoted(given.rationale or NOT_GRADED)
    grade = CommentedMap([("grade", given.reliability or "F"), ("rationale", rationale)])
    record["reliability"] = grade
    if given.reliability is None:
        missing.append("the reliability grade and its rationale (--reliability, --rationale)")
    if given.url:
        record["url"] = _quoted(given.url)
        record["retrieved"] = given.retrieved or dt.date.today()
    record["original"] = _flow_map([("file", original), ("sha256", original_sha)])
    return record, proposed, missing


def _flow_map(pairs: list[tuple[str, Any]]) -> CommentedMap:
    mapping = CommentedMap(pairs)
    mapping.fa.set_flow_style()
    return mapping


def _refuse_new_errors(root: Path, reads: Reads, changes: dict[str, str], shown: str, first: int) -> None:
    """Refuse a record the check would refuse (its seed aside: it is written only afterwards)."""
    report = trial_report(root, changes, reads)
    errors = [
        p
        for p in report.errors
        if p.path == shown and p.line >= first and "is not in seeds/" not in p.message
    ]
    if errors:
        raise SourceRefused(
            "the new source's record would not pass the check:\n" + "\n".join(str(p) for p in errors),
            located=True,
        )


@dataclass
class Pinned:
    """What pin changed: the seed's old and new sha256, and the reviews the change voids."""

    seed: str
    old: str
    new: str
    line: int
    voided: list[Problem] = field(default_factory=list)
    broken: list[Problem] = field(default_factory=list)
    citing: int = 0


def pin_seed(root: Path, seed: str) -> Pinned:
    """Write the sha256 of corrected seed ``seed`` into its record; say which reviews it voids."""
    name = _seed_name(seed)
    reads: Reads = {}
    check_project(root, reads=reads)
    corpus = load_corpus(root, reads).corpus
    name = name if name in corpus.sources else numbered_seed(name, corpus.sources) or name
    entry = corpus.sources.get(name)
    if entry is None:
        raise UsageError(
            f"seed '{name}' is not registered in facts/{SOURCES_FILE} "
            "(briefgen source add registers a new source)"
        )
    found, problems = read_seeds(root / "seeds", display_path(root, "seeds"))
    refusal = [p for p in problems if p.path.endswith(f"/{name}")]
    if refusal or name not in found:
        lines = "\n".join(str(p) for p in refusal) or f"briefgen: error: seeds/{name} is not in seeds/"
        raise SourceRefused(f"{lines}\nbriefgen: nothing written: the seed cannot be pinned", located=True)
    new = found[name].sha256
    shown = display_path(root, f"facts/{SOURCES_FILE}")
    line = entry.where("sha256")[0]
    if new == entry.source.sha256:
        return Pinned(name, new, new, line)
    text = _read(root / "facts" / SOURCES_FILE)
    splice = set_scalars(text, _source_node(text, name, shown), {"sha256": new}, shown)
    report = trial_report(root, {SOURCES_FILE: splice.text}, reads)
    citing = {ref.id for ref in corpus.refs if name in ref.seeds}
    about = [p for p in report.problems if any(f"briefgen review {i}" in p.message for i in citing)]
    voided = [p for p in about if REVIEW_CHANGED in p.message]
    broken = _citation_errors(report.errors, corpus, name)
    write_through(root / "facts" / SOURCES_FILE, splice.text.encode("utf-8"), root)
    return Pinned(name, entry.source.sha256, new, line, voided, broken, len(citing))


def _citation_errors(errors: list[Problem], corpus: Any, name: str) -> list[Problem]:
    """The errors at citations of the seed: passages the correction removed."""
    return [p for p in errors if f"in {name}" in p.message and "passage" in p.message]


def _seed_name(seed: str) -> str:
    """The bare name of a seed given as a name or as ``seeds/NAME``."""
    name = seed.removeprefix("./").removeprefix("seeds/")
    refusal = bare_name_problem(name)
    if refusal:
        raise UsageError(refusal)
    return name


def _source_node(text: str, name: str, shown: str) -> MappingNode:
    sources = value_of(compose(text, shown), "sources")
    for item in sources[1].value if sources else []:
        found = value_of(item, "file")
        if (
            isinstance(item, MappingNode)
            and found
            and isinstance(found[1], ScalarNode)
            and found[1].value == name
        ):
            return item
    raise SourceRefused(f"{shown}: no record of '{name}' to pin")
