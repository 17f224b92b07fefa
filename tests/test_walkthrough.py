"""The README's "Start your own briefing", run as it stands on two small sources made here; then
what happens after: a reviewed statement edited, a seed corrected and re-pinned, a draft built."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

BIN = Path(sys.executable).parent

REPORT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Canal blocked by grounded ship | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2021-03-24">
</head><body>
<nav><a href="/">Home</a></nav>
<article>
<h1>Canal blocked by grounded ship</h1>
<p>A container ship ran aground in the canal on Tuesday, blocking traffic in both directions, the canal authority said.</p>
<p>Tugboats worked through the night to free the vessel, which is about 400 metres long.</p>
</article>
<footer>Harbour Times</footer>
</body></html>
"""

STATEMENT = """<html><body>
<p>Canal authority statement, 29 March 2021</p>
<p>The grounded container ship was refloated on Monday afternoon and traffic through the canal resumed.</p>
<p>More than 400 ships were waiting at both ends of the canal.</p>
</body></html>
"""


def walkthrough() -> str:
    """The README's walkthrough block, as it stands."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- walkthrough:[^>]*-->\n```sh\n(.*?)\n```", readme, re.S)
    assert found, "the README has no walkthrough block"
    return found.group(1)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_readme_walkthrough_builds_a_reviewed_briefing(tmp_path: Path) -> None:
    from weasyprint import HTML

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "report.html").write_text(REPORT, encoding="utf-8")
    HTML(string=STATEMENT).write_pdf(tmp_path / "sources" / "statement.pdf")
    done = run(["bash", "-euo", "pipefail", "-c", walkthrough()], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    root = tmp_path / "canal"
    assert "0 errors, 0 warnings" in done.stderr
    for name in ("briefing.md", "briefing.html", "briefing.pdf", "themes/blockage.pdf"):
        assert (root / "out" / name).is_file(), name
    markdown = (root / "out" / "briefing.md").read_text(encoding="utf-8")
    assert "DRAFT" not in markdown
    assert "At https&#58;//example.org/canal, retrieved " in markdown  # shown, not an autolink
    html = (root / "out" / "briefing.html").read_text(encoding="utf-8")
    assert 'At <a href="https://example.org/canal">https://example.org/canal</a>, retrieved ' in html
    pdf = run(["pdftotext", "out/briefing.pdf", "-"], root).stdout
    assert "from hand-reviewed facts" in " ".join(pdf.split())

    # A reviewed statement rewritten to say more than its passage: flagged, a draft again.
    themes = root / "facts" / "blockage.yaml"
    themes.write_text(
        themes.read_text(encoding="utf-8").replace(
            "blocking traffic both ways.", "and was towed to Port Said."
        ),
        encoding="utf-8",
    )
    checked = run(["briefgen", "check"], root)
    assert checked.returncode == 0
    assert re.fullmatch(
        r"facts/blockage\.yaml:\d+:\d+: warning: reviewed content changed since the review: statement; "
        r"re-read it, then: briefgen review ship-aground\n",
        checked.stdout,
    )
    assert run(["briefgen", "check", "--strict"], root).returncode == 1
    built = run(["briefgen", "build"], root)
    assert built.returncode == 0, built.stderr
    markdown = (root / "out" / "briefing.md").read_text(encoding="utf-8")
    assert (
        "**DRAFT: not reviewed (changed since its review)** — The canal authority said a container"
        in markdown
    )
    html = (root / "out" / "briefing.html").read_text(encoding="utf-8")
    assert '<strong class="draft">DRAFT: not reviewed (changed since its review)</strong>' in html
    pdf = " ".join(run(["pdftotext", "out/briefing.pdf", "-"], root).stdout.split())
    assert "DRAFT: not reviewed (changed since its review)" in pdf
    assert "1 hand-reviewed fact and 1 draft not yet reviewed, each marked DRAFT" in pdf
    assert run(["briefgen", "review", "ship-aground"], root).returncode == 0

    # A seed corrected outside the cited paragraph voids nothing; inside it, that fact's review.
    seed = next((root / "seeds").glob("001_*.txt"))
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("More than 400", "More than 420"), encoding="utf-8"
    )
    pinned = run(["briefgen", "pin", seed.name], root)
    assert pinned.returncode == 0, pinned.stderr
    assert pinned.stderr == f"briefgen: the correction voids 0 reviews of the 1 fact citing {seed.name}\n"
    seed.write_text(
        re.sub(r"afternoon\s+and", "afternoon, and", seed.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    pinned = run(["briefgen", "pin", seed.name], root)
    assert pinned.stdout.splitlines()[1].endswith(
        "warning: reviewed content changed since the review: the seed paragraph around passage 1; "
        "re-read it, then: briefgen review ship-refloated"
    )
    assert run(["briefgen", "review", "ship-refloated"], root).returncode == 0
    assert run(["briefgen", "check", "--strict"], root).returncode == 0
