"""``python -m benchmarks``: every speed figure of briefgen against its target, on this machine.

Each figure is the median of several runs of the real command in a fresh process (except the
fuzzy suggestions, timed in-process per missed passage), printed with its target and the ratio
measured / target (at most 1 meets it; for the build, the ratio is to WeasyPrint's own times).

  python -m benchmarks             all figures (a few minutes: WeasyPrint is run many times)
  python -m benchmarks --quick     one run of each slow figure instead of three
  python -m benchmarks --only check,scale

Generated corpora are kept in .bench/ (git-ignored) and made again when the generator changes.
The briefgen cache goes to a folder of the benchmark's own, emptied before each cold run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .generate import SEED_SIZE, generate

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".bench"
BIN = Path(sys.executable).parent


@dataclass
class Figure:
    """One measured figure, its target and how it compares."""

    name: str
    measured: float
    unit: str
    target: float
    note: str = ""
    lower_is_better: bool = True
    informative: bool = False
    """Shown for context, with no target of the issue's: never counted as missed."""

    @property
    def ratio(self) -> float:
        return self.measured / self.target if self.target else float("nan")

    @property
    def met(self) -> bool:
        return self.ratio <= 1 if self.lower_is_better else self.ratio >= 1

    def line(self) -> str:
        measured = (
            f"{self.measured:.3f} {self.unit}" if self.unit == "s" else f"{self.measured:.0f} {self.unit}"
        )
        if self.unit == "ms":
            measured = f"{self.measured:.3f} ms"
        if self.unit == "×":
            measured = f"{self.measured:.2f}×"
        target = f"{'<' if self.lower_is_better else '>'} {self.target:g} {self.unit}".replace(" ×", "×")
        status = "—" if self.informative else "yes" if self.met else "NO"
        return f"{self.name:<58} {measured:>11}  {target:>10}  {self.ratio:6.2f}  {status:>3}  {self.note}"


@dataclass
class Run:
    """One finished process: wall time, peak resident memory (of it or any child), output."""

    seconds: float
    max_rss_mb: float
    code: int
    out: str
    err: str


def run(command: Sequence[str | Path], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run a command to completion; its wall time and the peak RSS of its process tree."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([str(c) for c in command], stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds, usage.ru_maxrss / 1024, process.returncode, out.read().decode(), err.read().decode()
        )


def median_run(times: int, make: Callable[[], Run], before: Callable[[], None] = lambda: None) -> list[Run]:
    runs = []
    for _ in range(times):
        before()
        runs.append(make())
    return runs


def med(runs: list[Run], attribute: str = "seconds") -> float:
    return float(statistics.median(getattr(r, attribute) for r in runs))


def tool(name: str) -> list[str | Path]:
    """How to run a console script of this environment."""
    script = BIN / name
    return [script] if script.exists() else [sys.executable, "-m", name]


class Bench:
    """Runs the figures; holds the cache folder and the environment of the runs."""

    def __init__(self, quick: bool) -> None:
        self.slow = 1 if quick else 3
        self.fast = 3 if quick else 7
        self.cache = WORK / "cache"
        self.env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(self.cache)}
        self.figures: list[Figure] = []
        self.full_build = float("nan")

    def clear_cache(self, *more: Path) -> None:
        """Empty the benchmark's briefgen cache (and remove ``more`` folders)."""
        for folder in (self.cache, *more):
            shutil.rmtree(folder, ignore_errors=True)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        print(figure.line(), flush=True)

    def briefgen(self, *args: str | Path) -> Run:
        return run([*tool("briefgen"), *args], env=self.env)

    # ------------------------------------------------------------------ figures

    def check_shipped(self) -> None:
        cold = median_run(self.fast, lambda: self.briefgen("check", "--root", REPO), self.clear_cache)
        assert all(r.code == 0 for r in cold), cold[0].err
        self.add(Figure("check, shipped corpus, whole process (cache empty)", med(cold), "s", 0.2))
        warm = median_run(self.fast, lambda: self.briefgen("check", "--root", REPO))
        self.add(Figure("check, shipped corpus, whole process (cache warm)", med(warm), "s", 0.2))

    def scale(self) -> None:
        made = corpus(50_000, 2_000)
        expected = len(made["broken"])
        root = WORK / "corpus-50000"
        cold = median_run(self.slow, lambda: self.briefgen("check", "--root", root), self.clear_cache)
        found = cold[0].err.strip().splitlines()[-1]
        note = f"{found}; {expected} broken passages generated"
        assert found.startswith(f"{expected} errors, 0 warnings"), (found, cold[0].err[-2000:])
        self.add(Figure("check, 50,000 facts over 2,000 seeds, cold", med(cold), "s", 1.8, note))
        self.add(Figure("  peak memory of that check (largest process)", med(cold, "max_rss_mb"), "MB", 300))
        warm = median_run(self.fast, lambda: self.briefgen("check", "--root", root))
        assert all(r.out == cold[0].out for r in warm), "a warm check must print what a cold one prints"
        self.add(
            Figure("check, 50,000 facts, warm (nothing changed)", med(warm), "s", 0.8, "same output as cold")
        )
        target = sorted((root / "facts").glob("*.yaml"))[0]
        original = target.read_bytes()

        def touch() -> None:
            target.write_bytes(original + f"# edited {time.time()}\n".encode())

        try:
            edited = median_run(self.fast, lambda: self.briefgen("check", "--root", root), touch)
        finally:
            target.write_bytes(original)
        name = "check, 50,000 facts, one fact file edited since"
        self.add(Figure(name, med(edited), "s", 0.8, "for context: no target", informative=True))

    def fuzzy(self) -> None:
        sys.path.insert(0, str(REPO))
        from briefgen.project.seeds import read_seeds

        made = corpus(50_000, 2_000)
        root = WORK / "corpus-50000"
        seeds, _ = read_seeds(root / "seeds", "seeds")
        for seed in seeds.values():
            seed.normalized  # noqa: B018  (shared with the passage check; not the suggestion's cost)
        misses = [(seeds[name], passage) for name, passage in made["misses"]]
        start = time.perf_counter()
        hints = [seed.closest(passage) for seed, passage in misses]
        per_miss = (time.perf_counter() - start) / len(misses) * 1000
        assert all(hint is not None for hint in hints)
        self.add(Figure(f"fuzzy suggestion per missed passage ({len(misses)} at 50k)", per_miss, "ms", 0.2))

    def build(self) -> None:
        out = WORK / "build-out"
        builds = median_run(
            self.slow,
            lambda: self.briefgen("build", "--root", REPO, "--out", out, "--force", "-q"),
            lambda: self.clear_cache(out),
        )
        assert all(r.code == 0 for r in builds), builds[0].err
        pages = [out / "briefing.html", *sorted((out / "themes").glob("*.html"))]
        scratch = WORK / "weasyprint-out"
        scratch.mkdir(parents=True, exist_ok=True)
        weasyprint = tool("weasyprint")

        def cli() -> Run:
            total = Run(0.0, 0.0, 0, "", "")
            for page in pages:
                one = run([*weasyprint, page, scratch / f"{page.stem}.pdf"])
                assert one.code == 0, one.err
                total.seconds += one.seconds
                total.max_rss_mb = max(total.max_rss_mb, one.max_rss_mb)
            return total

        program = (
            "import sys, weasyprint\n"
            "for page in sys.argv[2:]:\n"
            "    weasyprint.HTML(filename=page).write_pdf(f'{sys.argv[1]}/{page.rsplit(\"/\", 1)[-1]}.pdf')\n"
        )
        cli_runs = median_run(self.slow, cli)
        api_runs = median_run(self.slow, lambda: run([sys.executable, "-c", program, scratch, *pages]))
        assert all(r.code == 0 for r in api_runs), api_runs[0].err
        b, c, a = med(builds), med(cli_runs), med(api_runs)
        detail = (
            f"briefgen build {b:.2f} s; weasyprint CLI ×{len(pages)} {c:.2f} s; one API process {a:.2f} s"
        )
        files = sum(1 for p in out.rglob("*") if p.is_file())
        name = f"full build ({files} files) / WeasyPrint CLI on the {len(pages)} HTML files"
        self.add(Figure(name, b / c, "×", 0.5, detail))
        self.add(Figure("full build / one process importing WeasyPrint once (floor)", b / a, "×", 1.0))
        self.full_build = b

    def rebuilds(self) -> None:
        project = WORK / "rebuild-project"
        shutil.rmtree(project, ignore_errors=True)
        for folder in ("facts", "seeds"):
            shutil.copytree(REPO / folder, project / folder)
        out = project / "out"
        first = self.briefgen("build", "--root", project, "-q")
        assert first.code == 0, first.err
        before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
        same = median_run(self.fast, lambda: self.briefgen("build", "--root", project))
        assert all(r.code == 0 and "up to date" in r.err for r in same), same[0].err
        after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
        note = "no file rewritten" if after == before else "FILES REWRITTEN"
        self.add(Figure("rebuild, nothing changed (whole process)", med(same), "s", 0.1, note))
        self.one_theme_change(project)

    def one_theme_change(self, project: Path) -> None:
        """Edit one fact's statement in one theme; the build must lay out only what shows it."""
        facts = project / "facts" / "rukban.yaml"
        text = facts.read_text(encoding="utf-8")
        marker = 'statement: "'
        at = text.index(marker) + len(marker)
        variants = [text, text[:at] + "(edited) " + text[at:]]
        out = project / "out"
        runs, laid_out, changed_html = [], set(), set()
        for n in range(self.slow):
            html_before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}
            facts.write_text(variants[(n + 1) % 2], encoding="utf-8")
            result = self.briefgen("build", "--root", project)
            assert result.code == 0, result.err
            runs.append(result)
            lines = result.err.splitlines()
            laid_out |= {line.split("laying out ")[1] for line in lines if "laying out" in line}
            html_after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}
            changed_html |= {name for name in html_after if html_before.get(name) != html_after[name]}
        facts.write_text(text, encoding="utf-8")
        # Only briefings have a PDF; the source viewer pages (out/sources/) are HTML only.
        briefings = {name for name in changed_html if not name.startswith("sources/")}
        expected = {name.replace(".html", ".pdf") for name in briefings}
        total = len(list(out.rglob("*.pdf")))
        names = ", ".join(sorted(n.removesuffix(".pdf") for n in laid_out))
        verdict = "only those whose HTML changed" if laid_out == expected else f"EXPECTED {sorted(expected)}"
        full = f" (full build {self.full_build:.2f} s)" if self.full_build == self.full_build else ""
        note = f"{names}: {verdict}; of {total}; in {med(runs):.2f} s{full}"
        name = "PDFs laid out after one theme's fact changed"
        self.add(Figure(name, len(laid_out), "PDFs", len(expected), note))

    def linear_builds(self) -> None:
        """Markdown+HTML builds (no PDFs) of generated corpora: fast at 5,000 facts, and in
        proportion to the facts beyond (each document's shared views are computed once)."""
        times = {facts: self.text_build(facts) for facts in (5_000, 20_000, 50_000)}
        base = times[5_000]
        self.add(Figure("build md+html, 5,000 generated facts (no PDFs), cold", base, "s", 3.0))
        self.add(Figure("build md+html, 20,000 facts, cold", times[20_000], "s", 14.0))
        for facts, target in ((20_000, 4.8), (50_000, 12.0)):
            note = f"{times[facts]:.2f} s / {base:.2f} s; {facts // 5_000}× the facts"
            self.add(Figure(f"  {facts:,} facts / 5,000 facts", times[facts] / base, "×", target, note))

    def text_build(self, facts: int) -> float:
        """The median time of a Markdown+HTML build of ``facts`` generated facts (none broken)."""
        root = Path(corpus(facts, 40, name=f"build-{facts}", broken=0.0)["root"])
        out = WORK / f"build-{facts}-out"
        runs = median_run(
            self.slow,
            lambda: self.briefgen(
                "build", "--root", root, "--out", out, "--format", "md", "--format", "html", "--force", "-q"
            ),
            lambda: self.clear_cache(out),
        )
        assert all(r.code == 0 for r in runs), runs[0].err[-2000:]
        return med(runs)

    def big_seed(self) -> None:
        """The check of one 3.7 MB seed cited 100,000 times, against 20,000 citations of it: a
        passage is looked up in the seed's word index, not found by scanning the whole seed."""
        (few, few_cited), (many, many_cited) = self.seed_check(10_000), self.seed_check(50_000)
        self.add(Figure(f"check, one 3.7 MB seed cited {many_cited:,} times, cold", many, "s", 5.0))
        note = f"{many:.2f} s / {few:.2f} s; {many_cited / few_cited:.1f}× the citations"
        self.add(Figure(f"  that / {few_cited:,} citations of the seed", many / few, "×", 6.0, note))

    def seed_check(self, facts: int) -> tuple[float, int]:
        """The median time of a cold check of ``facts`` facts citing one big seed, and how many
        citations they make."""
        root = Path(corpus(facts, 1, name=f"big-seed-{facts}", broken=0.0, seed_size=3_700_000)["root"])
        runs = median_run(self.slow, lambda: self.briefgen("check", "--root", root), self.clear_cache)
        assert all(r.code == 0 for r in runs), runs[0].err[-2000:]
        files = (root / "facts").glob("*.yaml")
        return med(runs), sum(p.read_text(encoding="utf-8").count("      - seed: ") for p in files)


def corpus(
    facts: int, seeds: int, name: str = "", broken: float = 0.05, seed_size: int = SEED_SIZE
) -> dict[str, Any]:
    """The generated corpus of this size in .bench/, made again when the generator changed."""
    root = WORK / (name or f"corpus-{facts}")
    stamp = hashlib.sha256(
        (REPO / "benchmarks" / "generate.py").read_bytes() + f"{facts}/{seeds}/{broken}/{seed_size}".encode()
    ).hexdigest()
    manifest = root / "generated.json"
    if not (root / ".stamp").is_file() or (root / ".stamp").read_text() != stamp:
        print(f"generating {facts} facts over {seeds} seeds in {root} ...", flush=True)
        made = generate(root, facts=facts, seeds=seeds, broken_share=broken, seed_size=seed_size)
        manifest.write_text(json.dumps(made.manifest()), encoding="utf-8")
        (root / ".stamp").write_text(stamp)
    data: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
    data["root"] = str(root)
    return data


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        load = ", load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = ""
    return f"{cores} cores ({model}), Python {platform.python_version()}, {platform.system()}{load}"


SECTIONS = {
    "check": Bench.check_shipped,
    "scale": Bench.scale,
    "fuzzy": Bench.fuzzy,
    "build": Bench.build,
    "rebuild": Bench.rebuilds,
    "linear": Bench.linear_builds,
    "bigseed": Bench.big_seed,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of each slow figure instead of three")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma list of: {', '.join(SECTIONS)}")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {unknown[0]!r}")
    # As an installed (not editable) package would be; PYTHONDONTWRITEBYTECODE otherwise makes
    # every command compile briefgen's source again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "briefgen")], check=False)
    bench = Bench(args.quick)
    print(f"briefgen benchmark on {machine()}")
    print(
        f"medians of {bench.fast} runs (fast figures) and {bench.slow} (slow ones); ratio = measured / target"
    )
    print(f"{'figure':<58} {'measured':>11}  {'target':>10}  {'ratio':>6}  {'ok':>3}")
    for name in chosen:
        SECTIONS[name](bench)
    missed = [f.name.strip() for f in bench.figures if not f.met and not f.informative]
    print("all targets met" if not missed else f"{len(missed)} target(s) missed: {'; '.join(missed)}")


if __name__ == "__main__":
    main()
