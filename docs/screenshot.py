"""Take the README's screenshots of the HTML output with headless Chromium (selenium).

Chromium's own ``--screenshot`` cannot scroll to an element, so this drives it like the tests do.

    .venv/bin/python docs/screenshot.py out/briefing.html theme-al-tanf-outlook docs/briefing-html.png
    .venv/bin/python docs/screenshot.py out/sources/004_516cd945fb579dc6.html - docs/source-viewer.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def screenshot(page: Path, element: str | None, out: Path) -> None:
    """A 1200x1600 screenshot of ``page``, scrolled to the element with id ``element`` if given."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
        ):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.set_window_size(1200, 1600)
            driver.get(page.resolve().as_uri())
            if element:
                driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", element)
            driver.save_screenshot(str(out))
        finally:
            driver.quit()


if __name__ == "__main__":
    page, element, out = sys.argv[1:4]
    screenshot(Path(page), None if element == "-" else element, Path(out))
