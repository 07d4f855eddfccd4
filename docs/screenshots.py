"""Screenshots of the web view for the README, from the demo data.

Serves the bundled sample site on loopback, crawls it (as `newstrack demo` does), crawls it again
after a revision of one report (the figures of tests/test_recrawl.py's second snapshot, so the
change feed and the diff have something to show), serves `newstrack web` on that database and
photographs its pages with Debian's chromium driven by Playwright:

    .venv/bin/python docs/screenshots.py            # writes docs/img/web-*.png
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstrack.crawler.sampleserver import SAMPLE_SITE, serve  # noqa: E402
from newstrack.web.app import create_app  # noqa: E402
from newstrack.web.server import BackgroundServer  # noqa: E402
from tests.test_recrawl import REVISED, snapshot_2  # noqa: E402

CHROMIUM = os.environ.get("NEWSTRACK_CHROMIUM", "/usr/bin/chromium")
OUT = ROOT / "docs" / "img"


def crawl(db_url: str, site: str) -> None:
    """One `newstrack crawl` of the sample sources at ``site``."""
    env = {**os.environ, "NEWSTRACK_VAR_SITE": site}
    env.pop("NEWSTRACK_CONFIG", None)
    subprocess.run([sys.executable, "-m", "newstrack", "crawl", "-q", "--db", db_url], env=env, check=True, cwd=ROOT)


def demo_database(tmp: Path) -> tuple[str, str]:
    """A database with the sample site crawled twice (a revision between); returns it and the site's URL."""
    db_url = f"sqlite:///{tmp / 'demo.db'}"
    with serve(SAMPLE_SITE) as server:
        crawl(db_url, server.base_url)
        server.switch(snapshot_2(tmp))
        crawl(db_url, server.base_url)
        return db_url, server.base_url


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newstrack-shots-") as tmp:
        db_url, site = demo_database(Path(tmp))
        web = BackgroundServer(create_app(db_url)).start()
        pages = {
            "web-overview.png": "/",
            "web-region.png": "/region/530326?metric=poverty_rate",
            "web-changes.png": "/changes",
            "web-page-diff.png": "/page?url=" + quote(site + REVISED, safe="") + "#diff",
        }
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM)
                page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
                for name, path in pages.items():
                    page.goto(web.base_url + path)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(OUT / name), full_page=name != "web-page-diff.png")
                    print(f"wrote {OUT / name}")
                browser.close()
        finally:
            web.stop()


if __name__ == "__main__":
    main()
