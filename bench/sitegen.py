"""A synthetic site for the benchmarks, made from the sample site's pages.

    python bench/sitegen.py --pages 2000 --out bench/out/site

N article pages of realistic size (the sample articles' layouts and encodings — UTF-8, GB2312
declared, GBK undeclared, Big5 — with their paragraphs shuffled and their figures varied, so that
texts differ and dedup has real work), about 5% reprints of other pages, listing pages with
pagination (20 links a page), and about 1% of the links answering 500 (``_headers.json`` marks them
for ``bench/serve.py``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any

from newstrack.crawler.sampleserver import SAMPLE_SITE

PER_LISTING = 20


def _templates() -> list[tuple[str, bytes, str, str]]:
    """(path, body, content type, encoding) of every article page of the sample site."""
    manifest = json.loads((SAMPLE_SITE / "manifest.json").read_text("utf-8"))
    headers = json.loads((SAMPLE_SITE / "_headers.json").read_text("utf-8"))
    out = []
    for page in manifest:
        if page["kind"] == "article":
            body = (SAMPLE_SITE / page["path"].lstrip("/")).read_bytes()
            out.append((page["path"], body, headers[page["path"]], page["encoding"]))
    return out


@lru_cache(maxsize=1)
def _s2hk() -> Any:
    import opencc

    return opencc.OpenCC("s2hk")


_PARAGRAPH = re.compile(r"<[pP]>(.*?)</[pP]>", flags=re.S)


def _pool(templates: list[tuple[str, bytes, str, str]]) -> list[str]:
    """Every paragraph of every sample article (simplified characters)."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    pool: list[str] = []
    for _, body, _, encoding in templates:
        codec = {"gb2312": "gb18030", "gbk": "gbk", "big5": "big5hkscs"}.get(encoding, "utf-8")
        for para in _PARAGRAPH.findall(body.decode(codec, errors="replace")):
            if len(para) > 30 and "<" not in para:
                pool.append(t2s.convert(para))
    return pool


def _vary(text: str, pool: list[str], traditional: bool, rng: random.Random) -> str:
    """The page's own layout around 8-14 paragraphs drawn from every sample article, with the
    figures changed: every page is a different story, as on a real site (reprints aside)."""
    paragraphs = _PARAGRAPH.findall(text)
    if len(paragraphs) < 2:
        return text
    chosen = [
        re.sub(r"(?<![\d.])(\d{3,6})(?=[户人个万元])", lambda m: str(int(m.group(1)) + rng.randint(1, 999)), p)
        for p in rng.sample(pool, rng.randint(8, 14))
    ]
    if traditional:
        chosen = [_s2hk().convert(p) for p in chosen]
    start = text.find(paragraphs[0]) - 3
    end = text.rfind(paragraphs[-1]) + len(paragraphs[-1]) + 4
    return text[:start] + "\n".join(f"<p>{p}</p>" for p in chosen) + text[end:]


def generate(pages: int, out: Path, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 - a repeatable site, not a secret
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    templates = _templates()
    pool = _pool(templates)
    headers: dict[str, str] = {}
    links: list[str] = []
    texts: list[tuple[str, str, str]] = []
    counts = {"articles": 0, "reprints": 0, "errors": 0, "listings": 0}
    for i in range(pages):
        path, body, ctype, encoding = templates[i % len(templates)]
        codec = {"gb2312": "gb18030", "gbk": "gbk", "big5": "big5hkscs"}.get(encoding, "utf-8")
        if i > 20 and rng.random() < 0.05:
            text = texts[rng.randrange(len(texts))][0]  # a reprint of an earlier page, same layout family
            counts["reprints"] += 1
        else:
            text = _vary(body.decode(codec, errors="replace"), pool, encoding == "big5", rng)
        name = re.sub(r"\d+(?=\.html?$)", str(100000 + i), path.rsplit("/", 1)[-1])
        new_path = f"/site/a/{i // 500}/{name}"
        target = out / new_path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode(codec, errors="xmlcharrefreplace"))
        headers[new_path] = ctype
        links.append(new_path)
        texts.append((text, ctype, codec))
        counts["articles"] += 1
        if rng.random() < 0.01:
            broken = f"/site/a/{i // 500}/broken_{i}.html"
            headers[broken] = "500"
            links.append(broken)
            counts["errors"] += 1
    n_listings = (len(links) + PER_LISTING - 1) // PER_LISTING
    for n in range(n_listings):
        items = "".join(
            f'<li><a href="{href}">报道 {n}-{k}</a></li>' for k, href in enumerate(links[n * PER_LISTING : (n + 1) * PER_LISTING])
        )
        nav = f'<a href="list_{n + 1}.html">下一页</a>' if n + 1 < n_listings else ""
        html = f'<html><head><meta charset="utf-8"><title>新闻列表</title></head><body><ul>{items}</ul>{nav}</body></html>'
        path = f"/site/list_{n}.html"
        (out / path.lstrip("/")).write_text(html, "utf-8")
        headers[path] = "text/html; charset=utf-8"
        counts["listings"] += 1
    (out / "robots.txt").write_text("User-agent: *\nDisallow:\n", "utf-8")
    (out / "_headers.json").write_text(json.dumps(headers), "utf-8")
    sources = out / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "bench"\nstart_urls = ["{site}/site/list_0.html"]\nallow = ["{site}/site/"]\n'
        "article = ['/a/\\d+/']\nlisting = ['/list_\\d+\\.html$']\ndepth = 100000\n",
        "utf-8",
    )
    return counts


def servable(site: Path, out: Path) -> Path:
    """``site`` if it is a benchmark site already (its ``_headers.json`` and ``sources.toml``), else a
    copy of its pages in ``out`` as one: every ``.html``/``.htm``/``.shtml`` file under it, served as
    ``text/html`` with no charset (what its own ``<meta>`` says is what declares it), under
    ``/site/a/``, with listings of 20 links from ``/site/list_0.html``."""
    if (site / "_headers.json").exists() and (site / "sources.toml").exists():
        return site
    if out.exists():
        shutil.rmtree(out)
    headers: dict[str, str] = {}
    links: list[str] = []
    for file in sorted(site.rglob("*")):
        if file.suffix.lower() in (".html", ".htm", ".shtml") and file.is_file():
            path = f"/site/a/{len(links) // 500}/{file.relative_to(site).as_posix()}"
            target = out / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
            headers[path] = "text/html"
            links.append(path)
    write_listings(out, links, headers)
    return out


def write_listings(out: Path, links: list[str], headers: dict[str, str], label: str = "", next_word: str = "next", title: str = "list") -> int:
    """The site's listing pages (a chain of ``PER_LISTING`` links each), its robots.txt, its headers
    file and its ``sources.toml``; returns how many listings were written."""
    n_listings = (len(links) + PER_LISTING - 1) // PER_LISTING
    for n in range(n_listings):
        items = "".join(
            f'<li><a href="{href}">{label}{n}-{k}</a></li>' if label else f'<li><a href="{href}">{k}</a></li>'
            for k, href in enumerate(links[n * PER_LISTING : (n + 1) * PER_LISTING])
        )
        nav = f'<a href="list_{n + 1}.html">{next_word}</a>' if n + 1 < n_listings else ""
        html = f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><ul>{items}</ul>{nav}</body></html>'
        (out / f"site/list_{n}.html").write_text(html, "utf-8")
        headers[f"/site/list_{n}.html"] = "text/html; charset=utf-8"
    (out / "robots.txt").write_text("User-agent: *\nDisallow:\n", "utf-8")
    (out / "_headers.json").write_text(json.dumps(headers), "utf-8")
    (out / "sources.toml").write_text(
        '[[source]]\nname = "bench"\nstart_urls = ["{site}/site/list_0.html"]\nallow = ["{site}/site/"]\n'
        "article = ['/a/\\d+/']\nlisting = ['/list_\\d+\\.html$']\ndepth = 100000\n",
        "utf-8",
    )
    return n_listings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/site"))
    args = parser.parse_args()
    print(generate(args.pages, args.out))


if __name__ == "__main__":
    main()
