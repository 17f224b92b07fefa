"""Every page on every screen, in headless Chromium: no sideways scrolling at 390 px or 1280 px,
light or dark; a dark palette under prefers-color-scheme: dark; the fact jumped to highlighted
below the sticky bar; the index lists every document in every format built."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .validators import program

PAGES = ["briefing.html", "themes/al-tanf.html", "themes/rukban.html", "index.html"]


@pytest.fixture(scope="module")
def chrome() -> Iterator[object]:
    chromium = program("chromium", "chromium")
    driver_path = program("chromedriver", "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    with tempfile.TemporaryDirectory() as profile:
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
        ):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def screen(driver: object, width: int, scheme: str) -> None:
    """A phone or a desktop window, in the light or the dark colour scheme."""
    metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # type: ignore[attr-defined]
    media = {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", media)  # type: ignore[attr-defined]


def sources(shipped: Path) -> list[str]:
    return [f"sources/{p.name}" for p in sorted((shipped / "sources").glob("*.html"))]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_scrolls_sideways(chrome: object, shipped: Path, width: int, scheme: str) -> None:
    screen(chrome, width, scheme)
    wide = []
    for page in [*PAGES, *sources(shipped)]:
        chrome.get((shipped / page).as_uri())  # type: ignore[attr-defined]
        scroll = chrome.execute_script("return document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        if scroll > width:
            wide.append(f"{page}: {scroll} px wide at {width} px ({scheme})")
    assert not wide, "\n".join(wide)


def test_dark_scheme_has_its_own_palette_pictures_included(chrome: object, shipped: Path) -> None:
    seen = {}
    for scheme in ("light", "dark"):
        screen(chrome, 1280, scheme)
        chrome.get((shipped / "themes/al-tanf.html").as_uri())  # type: ignore[attr-defined]
        seen[scheme] = chrome.execute_script(  # type: ignore[attr-defined]
            "const s = getComputedStyle(document.documentElement);"
            "const svg = getComputedStyle(document.querySelector('.picture-figure svg'));"
            "return [s.backgroundColor, s.color, svg.filter];"
        )
    assert seen["light"][:2] == ["rgb(255, 255, 255)", "rgb(27, 31, 36)"]
    assert seen["dark"][:2] == ["rgb(21, 24, 28)", "rgb(227, 230, 234)"]
    assert seen["light"][2] == "none" and seen["dark"][2].startswith("invert(")


def test_the_fact_jumped_to_is_highlighted_below_the_bar(chrome: object, shipped: Path) -> None:
    screen(chrome, 390, "light")
    page = (shipped / "briefing.html").read_text(encoding="utf-8")
    anchor = page.split('<li class="fact', 40)[-1].split('id="', 1)[1].split('"', 1)[0]
    chrome.get((shipped / "briefing.html").as_uri() + f"#{anchor}")  # type: ignore[attr-defined]
    found = chrome.execute_script(  # type: ignore[attr-defined]
        "const f = document.getElementById(arguments[0]); const bar = document.querySelector('.jump');"
        "return [getComputedStyle(f).backgroundColor, f.getBoundingClientRect().top,"
        " bar.getBoundingClientRect().bottom, getComputedStyle(bar).position];",
        anchor,
    )
    assert found[0] == "rgb(255, 246, 204)"
    assert found[3] == "sticky" and found[1] >= found[2] - 1  # not hidden under the bar


def test_the_index_lists_every_document_in_every_format(shipped: Path) -> None:
    index = (shipped / "index.html").read_text(encoding="utf-8")
    stems = ["briefing", *(f"themes/{p.stem}" for p in sorted((shipped / "themes").glob("*.html")))]
    for stem in stems:
        for fmt in ("html", "pdf", "md"):
            assert f'href="{stem}.{fmt}"' in index, (stem, fmt)
    for page in sources(shipped):
        assert f'href="{page}"' in index
    theme = (shipped / "themes" / "rukban.html").read_text(encoding="utf-8")
    for link in (
        'href="../briefing.html">The full briefing',
        'href="rukban.pdf">PDF',
        'href="rukban.md">Markdown',
        'href="../index.html">Every document',
    ):
        assert link in theme
