"""Publication dates of Chinese news pages, parsed exactly.

In order: a labelled date on the page (发布日期：2020年6月13日, 发布时间：2020-11-17 10:31, 时间：…),
the publication meta tags (PubDate, article:published_time, …), a timestamp standing alone near the
title (2020-11-17 12:43:20 转载), a date in the URL (/2020-11/12/, /2020/1117/, /20201117/), an e-paper
issue header (2018年10月18日 星期四), a bracketed date ([2020-01-15]), the date under an official
notice's signature (二〇二〇年一月十五日), and last trafilatura's (htmldate's) date, unless it is January
1st, which is how a bare year is guessed.  A page with none of these has no date: no guess is stored.
Full-width digits and punctuation (２０２０－０１－１５) are read as their ASCII forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from lxml import etree
from lxml import html as lxml_html

from newstrack.unicodeforms import nfkc

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"

_LABELLED = re.compile(
    r"(?:发布日期|发布时间|發佈日期|發布時間|发表时间|发表日期|发文日期|成文日期|日期|时间|時間|更新时间|信息时间|录入时间)"
    r"\s*[:：]?\s*" + _DATE
)
_META_NAMES = (
    "PubDate", "pubdate", "publishdate", "publish_date", "article:published_time", "og:published_time",
    "datePublished", "publishtime", "firstpublishedtime", "date", "DC.date", "dc.date",
)  # fmt: skip
#: compiled once: an XPath given as a string is compiled again at each call
_META_XPATHS = tuple(etree.XPath(f"//meta[@name='{name}' or @property='{name}' or @itemprop='{name}']") for name in _META_NAMES)
_STANDALONE = re.compile(r"(?<!\d)" + _DATE + r"\s+\d{1,2}:\d{2}")
_URL_DATES = (
    re.compile(r"/(\d{4})-(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/(\d{4})(\d{2})/(\d{2})/"),
    re.compile(r"/(\d{4})/(\d{2})(\d{2})/"),
    re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/(\d{4})-(\d{2})-(\d{2})/"),
    re.compile(r"[/_t](\d{4})(\d{2})(\d{2})[_/.]"),
)
_ISSUE = re.compile(_DATE + r"\s*(?:星期|周)[一二三四五六日天]")
_BRACKETED = re.compile(r"[\[【(（]\s*" + _DATE + r"\s*[\]】)）]")
_CN = "〇○零一二三四五六七八九"
_CN_DIGITS = dict(zip(_CN, "000123456789", strict=True))
_CN_DATE = re.compile(rf"([{_CN}]{{4}})\s*年\s*([一二三四五六七八九十]{{1,2}})\s*月\s*([一二三四五六七八九十]{{1,3}})\s*日")


def _cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十五 → 15, 二十 → 20, 二十三 → 23 (a month or a day)."""
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return int(_CN_DIGITS[text])
    return (int(_CN_DIGITS[tens]) if tens else 1) * 10 + (int(_CN_DIGITS[units]) if units else 0)


def _cn_date(text: str) -> date | None:
    """The last date in Chinese numerals in ``text``: a notice's date stands under its signature."""
    for m in reversed(list(_CN_DATE.finditer(text))):
        year = "".join(_CN_DIGITS[ch] for ch in m.group(1))
        try:
            value = _valid(year, str(_cn_number(m.group(2))), str(_cn_number(m.group(3))))
        except KeyError:
            continue
        if value:
            return value
    return None


def _valid(year: str, month: str, day: str) -> date | None:
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if 1990 <= value.year <= 2100 else None


def parse_date(text: str) -> date | None:
    """The first full date in ``text``.

    >>> parse_date("发布日期：2020年6月13日"), parse_date("2018年")
    (datetime.date(2020, 6, 13), None)
    """
    for m in re.finditer(_DATE, text):
        value = _valid(*m.groups())
        if value:
            return value
    return None


def find_published(
    page: str, tree: lxml_html.HtmlElement | None, url: str, fallback: str | Callable[[], str | None] | None = None
) -> date | None:
    """The publication date of a page (see the module docstring for the order); ``fallback``, the
    last resort, may be a function that finds it, called only when nothing else gave a date."""
    body_text = ""
    if tree is not None:
        body = tree.find("body")
        body_text = re.sub(r"\s+", " ", nfkc((body.text_content() if body is not None else "") or ""))
    for m in _LABELLED.finditer(body_text):
        value = _valid(*m.groups())
        if value:
            return value
    if tree is not None:
        for meta_xpath in _META_XPATHS:
            for el in meta_xpath(tree):
                value = parse_date(el.get("content", ""))
                if value:
                    return value
    for m in _STANDALONE.finditer(body_text[:5000]):
        value = _valid(*m.groups())
        if value:
            return value
    for pattern in _URL_DATES:
        in_url = pattern.search(url)
        if in_url:
            value = _valid(*in_url.groups())
            if value:
                return value
    issue = _ISSUE.search(body_text[:3000])
    if issue:
        value = _valid(*issue.groups())
        if value:
            return value
    for m in _BRACKETED.finditer(body_text[:5000]):
        value = _valid(*m.groups())
        if value:
            return value
    signed = _cn_date(body_text)
    if signed:
        return signed
    if callable(fallback):
        fallback = fallback()
    if fallback:
        value = parse_date(fallback)
        if value and (value.month, value.day) != (1, 1):
            return value
    return None
