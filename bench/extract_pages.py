"""Page extraction time per page on the real pages of tests/pages/: the working tree's extractor
against an earlier commit's, in the same run.

    python bench/extract_pages.py --old REV [--rounds 5]

The earlier commit's package (``newstrack/`` with ``crawler/``, ``config/``, ``store/``, ``scheduler/``
and ``seeds/``) is unpacked with ``git archive`` into a temporary folder; each round runs both
extractors in fresh child processes, in alternating order, over every page of the corpus (after one
untimed pass that loads trafilatura, OpenCC and the patterns), timed in CPU seconds of the child
process (this machine is shared: wall time drifts with its load).  The best round of each is kept.
Prints `RESULT new_ms_per_page=… old_ms_per_page=… ratio=…` as its last line (ratio < 1: faster).
"""

from __future__ import annotations

import argparse
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
import newstrack
from newstrack.crawler.extract import extract_page
assert newstrack.__file__.startswith(sys.argv[1]), newstrack.__file__
bodies = [(p.name, p.read_bytes()) for p in sorted(Path(sys.argv[2]).glob("*.html"))]
for name, body in bodies:
    extract_page(body, "http://example.org/" + name)
start = time.process_time()
for name, body in bodies:
    extract_page(body, "http://example.org/" + name)
print((time.process_time() - start) / len(bodies) * 1000)
"""


def unpack(rev: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "newstrack", "crawler", "config", "store", "scheduler", "seeds"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def time_once(root: Path) -> float:
    out = subprocess.run([sys.executable, "-c", WORKER, str(root), str(PAGES)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="the commit to compare with (e.g. HEAD~3)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old_root = Path(tmp)
        unpack(args.old, old_root)
        new, old = [], []
        for i in range(args.rounds):
            order = [("new", ROOT), ("old", old_root)]
            for name, root in order if i % 2 == 0 else order[::-1]:
                (new if name == "new" else old).append(time_once(root))
            print(f"round {i + 1}: new {new[-1]:.1f} ms/page, old {old[-1]:.1f} ms/page")
    best_new, best_old = min(new), min(old)
    print(f"pages: {len(list(PAGES.glob('*.html')))}; best of {args.rounds} rounds")
    print(f"RESULT new_ms_per_page={best_new:.1f} old_ms_per_page={best_old:.1f} ratio={best_new / best_old:.3f}")


if __name__ == "__main__":
    main()
