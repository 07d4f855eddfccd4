"""Page extraction time per page on the real pages of tests/pages/: the working tree's extractor
against an earlier commit's, in the same processes.

    python bench/extract_pages.py --old REV [--runs 5]

The earlier commit's package (``newstrack/`` with ``crawler/``, ``config/``, ``store/``, ``scheduler/``
and ``seeds/``) is unpacked with ``git archive`` into a temporary folder and renamed
``newstrack_old`` (its imports and package-data names rewritten), so that one process holds both.
Each run is a fresh child process that loads both and reads the corpus once with each untimed
(trafilatura initialises parts of itself on the first page that needs them: whichever extractor
met that page first would pay for it), then extracts every page in the order new, old, old, new
(each goes first once) and adds up the CPU seconds of each (this machine is shared: wall time
drifts with its load, and calls on the same page a moment apart see the same load).  Prints each run and `RESULT new_ms_per_page=… old_ms_per_page=… ratio=…` (the medians
over runs; ratio < 1: faster) as its last line.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "pages" / "html"

WORKER = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import newstrack, newstrack_old
from newstrack.crawler.extract import extract_page as new
from newstrack_old.crawler.extract import extract_page as old
assert newstrack_old.__file__.startswith(sys.argv[1]), newstrack_old.__file__
bodies = [(p.name, p.read_bytes()) for p in sorted(Path(sys.argv[2]).glob("*.html"))]
for name, body in bodies:
    for extract in (new, old):
        extract(body, "http://example.org/" + name)
spent = {new: 0.0, old: 0.0}
for name, body in bodies:
    for extract in (new, old, old, new):
        start = time.process_time()
        extract(body, "http://example.org/" + name)
        spent[extract] += time.process_time() - start
print(spent[new] / len(bodies) / 2 * 1000, spent[old] / len(bodies) / 2 * 1000)
"""


def unpack_as_old(rev: str, into: Path) -> None:
    """The package at ``rev`` as ``newstrack_old`` under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "newstrack", "crawler", "config", "store", "scheduler", "seeds"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    package = into / "newstrack"
    for link in [p for p in package.iterdir() if p.is_symlink()]:
        target = (package / link.readlink()).resolve()
        link.unlink()
        target.rename(link)  # the folder itself, so that renaming the package takes it along
    for source in package.rglob("*.py"):
        text = source.read_text("utf-8")
        source.write_text(re.sub(r"\bnewstrack\.", "newstrack_old.", text), "utf-8")
    package.rename(into / "newstrack_old")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="the commit to compare with (e.g. HEAD~3)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    new, old = [], []
    with tempfile.TemporaryDirectory() as tmp:
        unpack_as_old(args.old, Path(tmp))
        for i in range(args.runs):
            out = subprocess.run([sys.executable, "-c", WORKER, tmp, str(PAGES)], capture_output=True, text=True, check=True).stdout
            n, o = (float(x) for x in out.split())
            new.append(n)
            old.append(o)
            print(f"run {i + 1}: new {n:.1f} ms/page, old {o:.1f} ms/page")
    best_new, best_old = statistics.median(new), statistics.median(old)
    print(f"pages: {len(list(PAGES.glob('*.html')))}; median of {args.runs} runs")
    print(f"RESULT new_ms_per_page={best_new:.1f} old_ms_per_page={best_old:.1f} ratio={best_new / best_old:.3f}")


if __name__ == "__main__":
    main()
