"""Page → article: pure functions from response bytes and URL to title, date and clean text.

The steps:

1. ``decode_html``: the charset the response declares (header, BOM, ``<meta>``), as Scrapy and w3lib
   read it; where nothing is declared, or the declaration is plainly wrong, the bytes are tried as
   UTF-8, GB18030 and Big5-HKSCS and the decoding that reads as Chinese wins.  (Scrapy's own fallback
   for undeclared pages is cp1252, which turns every undeclared GBK page into mojibake.)
2. The article body: a ``content_xpath`` from the source, else the body container of the common
   Chinese CMS and e-paper systems, else the whole page; trafilatura (precision-oriented) turns it
   into paragraphs.
3. A thread (``thread_posts``: repeated posts, each a body between a user panel, counters and
   buttons) gives the text its posts: all of them where the extractor kept only some (a topic's first
   post without the replies), and the posts alone where it found too little text (short posts).
   Copies of the article a page carries besides it go (``drop_source_copies``: Markdown or HTML source
   written as text, a second rendering); lines made only of the page's own link texts go
   (``drop_link_lines``), then ``clean_lines``:
   what trafilatura keeps on such sites goes: e-paper navigation, continuation markers, editor and
   credit lines, share/report/donate blocks, statements, image file names, related-article lists,
   and the patterns of ``config/chrome.toml`` (see ``newstrack.crawler.chrome``).
4. Title without the site-name suffix; the publication date from the page's labels, meta tags or
   URL, parsed exactly (a bare year is never turned into January 1st).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html
from trafilatura import metadata as traf_metadata
from trafilatura.settings import set_date_params
from trafilatura.utils import line_processing
from w3lib.encoding import html_body_declared_encoding, html_to_unicode, http_content_type_encoding, resolve_encoding

from newstrack.crawler.chrome import clean_lines, is_signature, strip_title_line
from newstrack.crawler.dates import find_published

log = logging.getLogger(__name__)

# Body containers of the CMS and e-paper systems common on Chinese government and newspaper sites
# (TRS WCM, Founder e-paper, Hanweb, DedeCMS, PHPCMS, the WeChat article body that sites reprint
# whole, and generic article templates), most specific first.  A match is used only when it holds a substantial share of the page's text.
CONTENT_XPATHS = (
    "//founder-content",
    "//*[@id='ozoom']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//*[@id='zoom' or @id='Zoom' or @id='UCAP-CONTENT' or @id='BodyLabel' or @id='fontzoom' or @id='js_content']",
    "//*[@id='content' or @id='Content' or @id='article-content' or @id='artibody' or @id='newsContent' or @id='vsb_content']",
    "//*[contains(@class, 'article-content') or contains(@class, 'art-content') or contains(@class, 'article-body')"
    " or contains(@class, 'ccontent') or contains(@class, 'pages_content') or contains(@class, 'news_content')"
    " or contains(@class, 'content-text') or contains(@class, 'articleContent')]",
    "//article",
)
#: the first of CONTENT_XPATHS name an article body and nothing else (ozoom, TRS_Editor, zoom, …)
SPECIFIC_CONTAINERS = 4
# CONTENT_XPATHS as sets and substrings, for ``container_candidates``: one walk over the tree finds
# what the seven XPaths would (each of them walks the whole tree)
_ZOOM_IDS = frozenset({"zoom", "Zoom", "UCAP-CONTENT", "BodyLabel", "fontzoom", "js_content"})
_CONTENT_IDS = frozenset({"content", "Content", "article-content", "artibody", "newsContent", "vsb_content"})
_CONTENT_CLASS_PARTS = (
    "article-content",
    "art-content",
    "article-body",
    "ccontent",
    "pages_content",
    "news_content",
    "content-text",
    "articleContent",
)
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what XPath's normalize-space() collapses


def container_candidates(tree: lxml_html.HtmlElement) -> list[list[lxml_html.HtmlElement]]:
    """The elements each of CONTENT_XPATHS selects, in document order, found in one walk."""
    found: list[list[lxml_html.HtmlElement]] = [[] for _ in CONTENT_XPATHS]
    # the document order XPath follows: the root, then any stray root after it (``_adopt_stray_roots``)
    for el in itertools.chain(tree.iter(), *(sibling.iter() for sibling in tree.itersiblings())):
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        if tag == "founder-content":
            found[0].append(el)
        elif tag == "article":
            found[6].append(el)
        ident = el.get("id")
        if ident is not None:
            if ident == "ozoom":
                found[1].append(el)
            if ident in _ZOOM_IDS:
                found[3].append(el)
            if ident in _CONTENT_IDS:
                found[4].append(el)
        cls = el.get("class")
        if cls is not None:
            if "TRS_Editor" in cls and "TRS_Editor" in _XML_SPACE.split(cls):
                found[2].append(el)
            if any(part in cls for part in _CONTENT_CLASS_PARTS):
                found[5].append(el)
    return found


# Common characters of Chinese prose in both scripts: a decoding that yields many of them is right.
_COMMON_HANZI = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还"
    "因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结"
    "解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
    "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质村县市镇乡户贫困脱扶"
    "們這個來時為國說過還會經與動發產對體開關進麼們種現實點從業當學應開機間樣來總將"
)


#: the least text of a page whose URL its source calls an article (a news brief of one sentence)
BRIEF_CHARS = 30
#: trafilatura's text of a body container is replaced by the container's own text below this share
CONTAINER_KEPT_MIN = 0.3
#: the least text of a page without a hint whose text is a few sentences of prose (a brief, a post)
PROSE_CHARS = 60


@dataclass(frozen=True)
class ExtractOptions:
    """How to read one source's pages."""

    content_xpath: str | None = None
    #: an article has at least this many characters of text after cleaning
    min_article_chars: int = 120


@dataclass
class Extraction:
    url: str
    encoding: str
    is_article: bool
    title: str | None = None
    published: date | None = None
    text: str = ""
    reason: str = ""  # why a page is not an article
    sitename: str | None = None
    dropped_lines: list[str] = field(default_factory=list)

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "encoding": self.encoding,
            "is_article": self.is_article,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "text": self.text,
            "reason": self.reason,
            "sitename": self.sitename,
        }


_LATIN1_HIGH = re.compile("[\u0080-\u00ff]")


def _hanzi_score(text: str) -> float:
    sample = text[:20000]
    cjk = sum(map(_COMMON_HANZI.__contains__, sample))
    bad = sample.count("\ufffd") + len(_LATIN1_HIGH.findall(sample))
    return (cjk - 5 * bad) / max(len(sample), 1)


def detect_encoding(body: bytes) -> str:
    """The encoding of undeclared bytes: UTF-8 if it decodes; else GB18030 if its reading is plainly
    Chinese (the cheap check: one decoding of the first 40 KB); else the better-reading of GB18030
    and Big5-HKSCS.

    Plainly Chinese: no replacement character, and at least a quarter of the (at least 32) non-ASCII
    characters of the first 20,000 among the common hanzi.  GBK pages read 0.44-0.61 of them, Big5
    pages read as GBK 0.01-0.07 (the benchmark sites and the sample site), so only a page that is
    neither, or has too little text to tell, pays for both decodings and their scores."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    sample = body[:40000].decode("gb18030", errors="replace")[:20000]
    wide = len(sample) - len(sample.encode("ascii", errors="ignore"))
    # (a character cut at the end of the 40 KB is no error)
    if wide >= 32 and "\ufffd" not in sample.rstrip("\ufffd") and sum(map(_COMMON_HANZI.__contains__, sample)) >= 0.25 * wide:
        return "gb18030"
    best, best_score = "gb18030", float("-inf")
    for enc in ("gb18030", "big5hkscs"):
        text = body.decode(enc, errors="replace")
        score = _hanzi_score(text)
        if score > best_score:
            best, best_score = enc, score
    return best


#: the legacy multibyte codecs (as w3lib resolves a declaration) that a UTF-8 page may still declare
_LEGACY_CJK = frozenset({"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp936"})


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a response body: ``(text, encoding)``.

    A page that declares nothing (no charset in its header or a ``<meta>``, no BOM) is decoded once,
    as ``detect_encoding`` finds; a declared page as declared, and as undeclared only when that gives
    many replacement characters; a page that declares GB2312, GBK or Big5 but is valid UTF-8 (a
    page saved from a browser keeps its declaration) as UTF-8 when that reads as more Chinese.

    >>> decode_html("<p>脱贫攻坚</p>".encode("gbk"))
    ('<p>脱贫攻坚</p>', 'gb18030')
    """
    from w3lib.encoding import read_bom, to_unicode

    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    if declared is None and read_bom(body)[0] is None:
        # what html_to_unicode would do, without looking for the declarations again
        encoding = detect_encoding(body)
        return to_unicode(body, encoding), encoding
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=detect_encoding)
    if encoding in _LEGACY_CJK and not body.isascii():
        # a page saved or re-served as UTF-8 that keeps its GB2312/GBK/Big5 declaration: the legacy
        # codec reads its bytes without an error, as mojibake.  Bytes of real GBK or Big5 text are
        # almost never valid UTF-8; when they are, the reading with more common hanzi wins.
        try:
            utf8 = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if _hanzi_score(utf8) > _hanzi_score(text):
                return utf8.removeprefix("\ufeff"), "utf-8"
    if declared and text.count("\ufffd") > 10 and text.count("\ufffd") > len(text) / 1000:
        # the declared charset is wrong (a GBK page that says utf-8 is common): read it as undeclared
        guessed = detect_encoding(body)
        if guessed != resolve_encoding(declared):
            alt = body.decode(guessed, errors="replace")
            if alt.count("\ufffd") < text.count("\ufffd"):
                return alt, guessed
    return text, encoding


def _squeeze(text: str) -> str:
    """The text without whitespace (``str.split`` splits on exactly the characters ``\\s`` matches,
    several times faster than ``re.sub``)."""
    return "".join(text.split())


def _names_a_body(node: lxml_html.HtmlElement) -> bool:
    """Whether an element is one of the first SPECIFIC_CONTAINERS of CONTENT_XPATHS, which name an
    article body and nothing else (founder-content, ozoom, TRS_Editor, zoom, UCAP-CONTENT, js_content, …)."""
    ident, cls = node.get("id"), node.get("class") or ""
    return node.tag == "founder-content" or ident == "ozoom" or ident in _ZOOM_IDS or "TRS_Editor" in _XML_SPACE.split(cls)


def _adopt_stray_roots(tree: lxml_html.HtmlElement) -> None:
    """libxml2 reads a page with a second ``<html>`` tag (a template that writes one inside its body)
    as a second root element after the first, out of reach of a walk of the first: its content is
    moved to the end of the first root's body (in place; the emptied stray root stays)."""
    strays = [sibling for sibling in tree.itersiblings() if isinstance(sibling.tag, str)]
    if not strays:
        return
    body = tree.find("body")
    target = body if body is not None else tree
    for stray in strays:
        for part in list(stray):
            if part.tag in ("head", "body"):
                target.extend(list(part))
            else:
                target.append(part)


def _content_node(tree: lxml_html.HtmlElement, content_xpath: str | None) -> lxml_html.HtmlElement | None:
    """The element holding the article body, if the page has a recognisable one."""
    if content_xpath:
        found = tree.xpath(content_xpath)
        return found[0] if found and isinstance(found[0], etree._Element) else None
    total = _visible_size(tree)
    for i, nodes in enumerate(container_candidates(tree)):
        # an article body holds a good share of the page; a 'content' div of a listing does not.  The
        # e-paper and CMS body containers name nothing else, so a short news brief in one counts too.
        least = 100 if i < SPECIFIC_CONTAINERS else 200
        for node in nodes:
            size = _visible_size(node)  # (a 'content' element holding only an ad loader's script is no body)
            if size >= least and size >= 0.25 * total:
                return node
    return _densest_paragraph_block(tree, total)


def _visible_size(tree: lxml_html.HtmlElement) -> int:
    """The characters of a page's text without its scripts and styles, the measure a body
    container's share is taken of: a page whose inline scripts hold far more characters than its
    text (a WeChat article's, a portal's ad loaders) would otherwise have no body large enough."""
    hidden = sum(len(_squeeze(el.text or "")) for el in tree.iter("script", "style"))
    return len(_squeeze(tree.text_content() or "")) - hidden


def _densest_paragraph_block(tree: lxml_html.HtmlElement, total: int) -> lxml_html.HtmlElement | None:
    """The element whose own <p> children hold the most text: the body of a page whose CMS we do
    not know, e.g. a table layout where trafilatura would read the whole table as one."""
    best, best_size = None, 0
    for parent in {p.getparent() for p in tree.iter("p") if p.getparent() is not None}:
        paragraphs = [c for c in parent if c.tag == "p"]
        if len(paragraphs) < 2 or _in_comments(parent) or _in_recommendations(parent):
            continue
        size = sum(_visible_size(p) for p in paragraphs)  # (a <p> of an ad loader's script holds no text)
        if size > best_size:
            best, best_size = parent, size
    if best is not None and best_size >= 120 and best_size >= 0.4 * total:
        return best
    return None


_COMMENTS = re.compile(r"comment|reply|feedback|评论", re.IGNORECASE)
# a box of recommended or related articles by its class or id: recommend, related-news, xgxw (相关新闻),
# tuijian (推荐), guess-you-like
_RECOMMENDED = re.compile(r"recommend|related|relate[d_-]?news|xgxw|xgwz|tuijian|guess-?you|you-?may-?like", re.IGNORECASE)


#: how many ancestors of a block of paragraphs are looked at for a comment box's name
COMMENT_BOX_DEPTH = 3


def _in_comments(el: lxml_html.HtmlElement) -> bool:
    """Whether an element is (inside) a comment box, by its or its nearest ancestors' id and class
    (not the page's: a <body class="comments-open"> holds the article too)."""
    node: lxml_html.HtmlElement | None = el
    for _ in range(COMMENT_BOX_DEPTH + 1):
        if node is None or node.tag in ("body", "html"):
            return False
        if _COMMENTS.search(f"{node.get('id') or ''} {node.get('class') or ''}"):
            return True
        node = node.getparent()
    return False


def _in_recommendations(el: lxml_html.HtmlElement) -> bool:
    """Whether an element is (inside) a box of recommended or related articles, by its or its
    nearest ancestors' id and class."""
    node: lxml_html.HtmlElement | None = el
    for _ in range(COMMENT_BOX_DEPTH + 1):
        if node is None or node.tag in ("body", "html"):
            return False
        if _RECOMMENDED.search(f"{node.get('id') or ''} {node.get('class') or ''}"):
            return True
        node = node.getparent()
    return False


_INLINE = {"a", "b", "strong", "em", "i", "u", "span", "font", "sup", "sub", "img", "small", "big", "label"}


def _paragraphs_from_breaks(tree: lxml_html.HtmlElement) -> None:
    """Old CMS templates write a body as one run of text with <br> between paragraphs, often in a
    table cell, where trafilatura would read one line.  An element of only inline content with at
    least two <br> and some prose gets its pieces between the breaks as <p> elements (in place)."""
    for el in list(tree.iter("td", "div", "font", "span", "p")):
        children = list(el)
        if sum(1 for c in children if c.tag == "br") < 2 or any(c.tag not in _INLINE and c.tag != "br" for c in children):
            continue
        if len(_squeeze(el.text_content() or "")) < 120:
            continue
        container = el if el.tag != "p" else el.getparent()
        if container is None:
            continue
        pieces: list[list[Any]] = [[el.text or ""]]
        for child in children:
            el.remove(child)
            if child.tag == "br":
                pieces.append([child.tail or ""])
            else:
                pieces[-1].append(child)
        el.text = None
        at = list(container).index(el) + 1 if container is not el else 0
        para = None
        for piece in pieces:
            if not "".join(x if isinstance(x, str) else (x.text_content() or "") for x in piece).strip():
                continue
            para = lxml_html.Element("p")
            para.text = piece[0]
            for child in piece[1:]:
                para.append(child)
            container.insert(at, para)
            at += 1
        if container is not el:
            if para is not None:
                para.tail = el.tail  # the text after the <p> that is replaced
            container.remove(el)


#: elements that end a line of a container's own text (``container_lines``)
_BLOCK_WORDS = "p div br h1 h2 h3 h4 h5 h6 li tr td th table section article blockquote pre ul ol dd dt dl center hr figure figcaption"
_BLOCK_TAGS = frozenset(f"{_BLOCK_WORDS} header footer form caption tbody thead".split())
#: elements whose text is no part of a page's visible text
_UNSEEN_WORDS = "script style noscript iframe select option textarea button svg template head title"
_UNSEEN_TAGS = frozenset(_UNSEEN_WORDS.split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def container_lines(node: lxml_html.HtmlElement) -> list[str]:
    """The visible text of an element, one line per block (paragraph, cell, list item, <br>), without
    scripts, form controls and elements styled hidden."""
    lines: list[str] = []
    run: list[str] = []

    def flush() -> None:
        text = " ".join("".join(run).split())
        if text:
            lines.append(text)
        run.clear()

    def walk(el: Any) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in _UNSEEN_TAGS or _HIDDEN_STYLE.search(el.get("style") or ""):
            if el.tail:
                run.append(el.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if el.text:
            run.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            run.append(el.tail)

    if node.text:
        run.append(node.text)
    for child in node:
        walk(child)
    flush()
    return lines


# A thread (a forum topic with its replies, a question with its answers, a list of short reviews) is
# written as repeated posts: each post a container of the same tag and class holding a user panel,
# counters, buttons and the post's body, the bodies again elements of one tag and class.
#: the tags a post's body is written in (a forum's message cell, a reply's div, a short review's span)
_POST_TAGS = ("div", "td", "span", "section", "article", "dd")
#: elements whose text is a page's furniture, never a post (nor is a link's text)
_POST_OUTSIDE = frozenset({"a", "nav", "header", "footer", "aside", *_UNSEEN_TAGS})
#: the largest share of a group of posts' text that may be in links (a list of links is no thread)
POST_LINK_MAX = 0.2
#: elements inside the posts (their bodies) stand for the posts when they are in at least this share of
#: the posts and hold at least ``POST_BODY_SHARE`` of their text, or when what the posts hold besides
#: them is only lines of at most ``PANEL_LINE`` characters (user names, ranks, dates, counters, buttons)
POST_HOLDER_SHARE, POST_BODY_SHARE, PANEL_LINE = 0.75, 0.5, 24
# a line of a post that is a date, a time or a counter: no text of the post (2021-01-01 10:34:38, 6天前)
_PANEL_FIGURES = re.compile(r"^[\d\s:：\-/.,，年月日时分秒天周前后小时钟刚昨今]*$")


@dataclass
class _Posts:
    members: list[lxml_html.HtmlElement]
    lines: list[list[str]]
    size: int  # characters of the lines that are not dates, times or counters


def _visible_post(el: lxml_html.HtmlElement) -> bool:
    if _HIDDEN_STYLE.search(el.get("style") or ""):
        return False
    return not any(a.tag in _POST_OUTSIDE or _HIDDEN_STYLE.search(a.get("style") or "") for a in el.iterancestors())


def _stands_for(inner: _Posts, outer: _Posts) -> bool:
    """Whether the elements of ``inner`` are the bodies of the posts of ``outer``."""
    posts = set(outer.members)
    holders = {next((a for a in m.iterancestors() if a in posts), None) for m in inner.members}
    if None in holders or len(holders) < POST_HOLDER_SHARE * len(posts):
        return False
    if inner.size >= POST_BODY_SHARE * outer.size:
        return True
    rest = [line for block in outer.lines for line in block]
    for line in (line for block in inner.lines for line in block):
        if line in rest:
            rest.remove(line)
    return all(len(line) <= PANEL_LINE for line in rest)


# when a post was written: a date, a time of day, or how long ago (发表于 2024-5-18 20:57, 11 天前, 刚刚)
_POST_TIME = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}:\d{2}|\d+\s*(?:秒|分钟|小时|天|周|个月|月|年)前|刚刚|昨天|前天|\bago\b",
    re.IGNORECASE,
)
#: a link outside a post's body longer than this is a title (of a listing's item), not a user's name
POST_LINK_TITLE = 16


def _posts_of(members: list[lxml_html.HtmlElement]) -> list[lxml_html.HtmlElement] | None:
    """The posts of a group of elements, ``None`` when they are no posts: the element each sits in just
    under their nearest common ancestor, when they sit alike under it (the same tags on the path down
    to each, as the items of a list do; a page's layout boxes of one class sit at different depths);
    else, for replies nested in replies, the nearest element around each that holds more text than
    it, when those sit alike around them.  Each is a post: besides the element, when it was written
    (at least half of them; all of the nested ones), and no link as long as a title (the items of a
    listing link their titles)."""
    paths = [[*reversed(list(m.iterancestors())), m] for m in members]
    common = 0
    while all(len(p) > common + 1 for p in paths) and all(p[common] is paths[0][common] for p in paths):
        common += 1
    if len({tuple(el.tag for el in p[common:]) for p in paths}) == 1:
        return _dated([p[common] for p in paths], members, 0.5)
    posts = []
    for member, path in zip(members, paths, strict=True):
        own = len(_squeeze(member.text_content() or ""))
        # (not above the common ancestor: the page's layout is no post)
        post = next((a for a in reversed(path[common:-1]) if len(_squeeze(a.text_content() or "")) > own), None)
        if post is None:
            return None
        posts.append(post)
    if len({tuple(el.tag for el in path[path.index(post) :]) for post, path in zip(posts, paths, strict=True)}) != 1:
        return None
    return _dated(posts, members, 1.0)


def _dated(posts: list[lxml_html.HtmlElement], members: list[lxml_html.HtmlElement], share: float) -> list[lxml_html.HtmlElement] | None:
    """The posts, if at least ``share`` of them say when they were written besides their element and
    none links a title."""
    dated = 0
    for post, member in zip(posts, members, strict=True):
        if post is member:
            return None
        inside = set(member.iter())
        if any(a not in inside and len(_squeeze(a.text_content() or "")) > POST_LINK_TITLE for a in post.iter("a")):
            return None
        around = " ".join(t for el in post.iter() if el not in inside and isinstance(el.tag, str) for t in (el.text, el.tail) if t)
        dated += bool(_POST_TIME.search(around))
    return posts if dated >= share * len(posts) else None


def thread_posts(tree: lxml_html.HtmlElement) -> list[_Posts]:
    """The groups of post bodies of a page, largest first: elements of one tag and class (not nested
    in one another, none in a page header, footer, navigation or hidden), two or more with text, each
    in a parent of its own (paragraphs of one article share theirs), each in a post (``_posts_of``),
    their text mostly not links, and none a CMS's article body (a TRS_Editor template may write its
    footer in one too).  A group of elements inside the members of another that are their bodies
    (``_stands_for``) stands for it: the message cell of each post, without the post's user panel and
    counters."""
    by_class: dict[tuple[str, str], list[lxml_html.HtmlElement]] = {}
    for el in tree.iter(*_POST_TAGS):
        cls = el.get("class")
        if cls and cls.strip():
            by_class.setdefault((el.tag, " ".join(sorted(cls.split()))), []).append(el)
    groups: list[_Posts] = []
    for members in by_class.values():
        if len(members) < 2:
            continue
        inside = set(members)
        outer = [m for m in members if not any(a in inside for a in m.iterancestors())]
        # the cheap measures first: the text of each (with any script in it, so at least its visible
        # text) and of its links
        rough = [_squeeze(m.text_content() or "") for m in outer]
        if sum(map(len, rough)) < BRIEF_CHARS or sum(map(bool, rough)) < 2:
            continue
        links = [sum(len(_squeeze(a.text_content() or "")) for a in m.iter("a")) for m in outer]
        # a member that is mostly links is a box of links, no post
        candidates = [
            m for m, text, linked in zip(outer, rough, links, strict=True) if text and linked <= 0.5 * len(text) and _visible_post(m)
        ]
        if len(candidates) < 2 or len({m.getparent() for m in candidates}) < len(candidates):
            continue
        if _in_recommendations(candidates[0]) or _names_a_body(candidates[0]) or _posts_of(candidates) is None:
            continue
        linked = sum(links)
        kept = [(m, block) for m in candidates if (block := container_lines(m))]
        if len(kept) < 2 or len({_squeeze("".join(block)) for _, block in kept}) < 2:
            continue
        total = sum(len(_squeeze("".join(block))) for _, block in kept)
        size = sum(len(_squeeze(line)) for _, block in kept for line in block if not _PANEL_FIGURES.match(line))
        if size < BRIEF_CHARS or linked > POST_LINK_MAX * total:
            continue
        groups.append(_Posts([m for m, _ in kept], [block for _, block in kept], size))
    # (lxml elements are compared as the proxies the groups hold: ids of passing proxies are reused)
    owner = {m: i for i, g in enumerate(groups) for m in g.members}
    replaced: set[int] = set()
    for inner in groups:
        # the group of posts the first body is in: the nearest ancestor that is a member of a group
        holder = next((owner[a] for a in inner.members[0].iterancestors() if a in owner), None)
        if holder is not None and _stands_for(inner, groups[holder]):
            replaced.add(holder)
    return sorted((g for i, g in enumerate(groups) if i not in replaced), key=lambda g: -g.size)


def _link_density(tree: lxml_html.HtmlElement, linked: int) -> float:
    """The share of the body's text inside links (``linked`` characters, see ``_anchor_texts``)."""
    body = tree.find("body")
    if body is None:
        return 0.0
    total = len(_squeeze(body.text_content() or ""))
    return linked / max(total, 1)


def _run_trafilatura(node: lxml_html.HtmlElement, url: str) -> str:
    doc = trafilatura.bare_extraction(
        node,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        with_metadata=False,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    return text or ""


_NUMERIC_CELL = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?\s*%?$")
# a header's unit: 脱贫户数（户）, 资金(万元), 贫困发生率（%）
_HEADER_UNIT = re.compile(r"\s*[(（]\s*(户|人|个|名|元|万元|亿元|万人|万户|%|％)\s*[)）]\s*$")


def _cells(line: str) -> list[str]:
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


def _table_lines(rows: list[list[str]]) -> list[str]:
    """A data table (a header row of names, rows of figures) as one line per row that says what
    each figure is: 角奎镇：脱贫户数1200户，脱贫人数4500人。  Any other table: one line per cell."""
    header = rows[0]
    numeric = [r for r in rows[1:] if len(r) == len(header) and any(_NUMERIC_CELL.match(c) for c in r[1:])]
    if len(header) >= 2 and numeric and not any(_NUMERIC_CELL.match(c) for c in header if c):
        lines: list[str] = []
        for row in rows[1:]:
            if len(row) != len(header):
                lines.extend(c for c in row if c)
                continue
            parts = []
            for name, value in zip(header[1:], row[1:], strict=True):
                if not value:
                    continue
                unit = _HEADER_UNIT.search(name)
                label = name[: unit.start()] if unit else name
                parts.append(f"{label}{value}{unit.group(1) if unit else ''}")
            if parts:
                lines.append(f"{row[0]}：{'，'.join(parts)}。" if row[0] else "，".join(parts) + "。")
            elif row[0]:
                lines.append(row[0])  # a note row (数据截至2019年底) with no figures: its text stays
        return lines
    return [c for row in rows for c in row if c]


def _untable(text: str) -> str:
    """trafilatura writes table rows as '| cell | cell |'.  A data table becomes one line per row
    (see ``_table_lines``); a layout table, one line per cell, pipes gone."""
    lines: list[str] = []
    table: list[list[str]] = []
    for line in [*text.split("\n"), ""]:
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            table.append(_cells(stripped))
            continue
        if table:
            lines.extend(_table_lines(table))
            table = []
        lines.append(line)
    return "\n".join(lines[:-1])


def normalise_space(text: str) -> str:
    """NFC, non-breaking and ideographic spaces folded, runs of blanks collapsed, per line."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u3000", " ").replace("\u200b", "")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def extract_page(
    body: bytes,
    url: str,
    content_type: str | None = None,
    options: ExtractOptions | None = None,
    article_hint: bool | None = None,
) -> Extraction:
    """Extract one fetched page.  ``article_hint`` is the source's URL-pattern verdict, if it has one."""
    options = options or ExtractOptions()
    text, encoding = decode_html(body, content_type)
    try:
        tree = lxml_html.document_fromstring(text) if text.strip() else None
    except (etree.ParserError, ValueError):
        tree = None
    if tree is None:
        return Extraction(url=url, encoding=encoding, is_article=False, reason="empty or unparseable HTML")
    _adopt_stray_roots(tree)
    # trafilatura's (htmldate's) date is the last resort of find_published: looked for only when it is needed
    meta_title, _, meta_sitename = page_metadata(tree, url, with_date=False)
    published = find_published(text, tree, url, fallback=lambda: page_metadata(tree, url)[1])
    title = pick_title(tree, meta_title, meta_sitename)
    sitename = pick_sitename(tree, title)

    _paragraphs_from_breaks(tree)
    node = _content_node(tree, options.content_xpath)
    source_node = node if node is not None else tree
    # trafilatura prunes the tree it is given: hand it a copy so the page tree stays whole
    raw_text = _run_trafilatura(_without_recommendations(_copy_as_document(source_node)), url)
    if (
        node is not None
        and (options.content_xpath or _names_a_body(node))
        and len(_squeeze(raw_text)) < CONTAINER_KEPT_MIN * len(_squeeze(node.text_content() or ""))
    ):
        own = container_lines(node)  # the container's visible text (text_content() counts its scripts too)
        if len(_squeeze(raw_text)) < CONTAINER_KEPT_MIN * len(_squeeze("".join(own))):
            # trafilatura threw away most of a container that names a body (a notice whose
            # paragraphs sit in styled divs next to a metadata table): its own text is the article
            raw_text = "\n".join(own)
    anchors, linked_chars = _anchor_texts(tree)

    def cleaned(raw: str) -> tuple[list[str], list[str]]:
        lines, copies = drop_source_copies(_untable(normalise_space(raw)).splitlines())
        lines, linked = drop_link_lines(lines, anchors)
        kept, dropped = clean_lines(lines)
        return strip_title_line(kept, title), copies + linked + dropped

    def too_short(kept: list[str], thread: bool) -> bool:
        # a URL the source calls an article may be a one-sentence brief (简讯) with the figure we want,
        # a thread's posts may be a few lines each; without a hint, a short text of a few sentences (a
        # forum post, a brief) is still one
        least = options.min_article_chars
        if article_hint or thread:
            least = min(least, BRIEF_CHARS)
        elif _is_prose(kept):
            least = min(least, PROSE_CHARS)
        return len(_squeeze("".join(kept))) < least

    posts = thread_posts(tree)
    thread = _with_replies(raw_text, posts)
    kept, dropped = cleaned(thread if thread is not None else raw_text)
    if thread is None and posts and too_short(kept, False) and not _has_prose_outside(kept, posts[0]):
        # the posts of a thread, each short, are the page's text where the extractor found too little
        # (but a short article over its comments stays what it is), after what it found above them (a
        # topic's opening lines; a footer below them goes)
        thread = "\n".join([*_above(kept, posts[0], tree), *(line for block in posts[0].lines for line in block)])
        kept, dropped = cleaned(thread)
    clean = "\n".join(kept)
    result = Extraction(
        url=url,
        encoding=encoding,
        is_article=True,
        title=title,
        published=published,
        text=clean,
        sitename=sitename,
        dropped_lines=dropped,
    )
    if article_hint is False:
        result.is_article, result.reason = False, "URL is a listing page of its source"
    elif too_short(kept, thread is not None):
        result.is_article, result.reason = False, f"too little text ({len(clean)} characters)"
    elif article_hint is None and node is None and thread is None and _link_density(tree, linked_chars) > 0.5:
        result.is_article, result.reason = False, "mostly links (a listing or index page)"
    if not result.is_article:
        result.text = clean
    return result


def _has_prose_outside(lines: list[str], posts: _Posts) -> bool:
    """Whether a text holds a sentence of prose (``BRIEF_CHARS`` or more, ending a sentence) that none
    of the posts holds: an article's, not the posts'."""
    texts = [_squeeze("".join(block)) for block in posts.lines]
    return any(
        len(line) >= BRIEF_CHARS and _SENTENCE_END.search(line) and not any(_squeeze(line) in text for text in texts) for line in lines
    )


def _above(lines: list[str], posts: _Posts, tree: lxml_html.HtmlElement) -> list[str]:
    """The lines that the page's text holds before its first post and no post holds."""
    page = _squeeze(tree.text_content() or "")
    first = page.find(_squeeze("".join(posts.lines[0])))
    texts = [_squeeze("".join(block)) for block in posts.lines]
    above = []
    for line in lines:
        at = page.find(_squeeze(line))
        if 0 <= at < first and not any(_squeeze(line) in text for text in texts):
            above.append(line)
    return above


#: a thread's posts found in the extracted text hold at least this share of it: the text is the thread's
THREAD_SHARE = 0.5


def _with_replies(raw_text: str, posts: list[_Posts]) -> str | None:
    """The extracted text with all the posts of its thread, where it holds only some (the first post
    of a forum topic, some answers of a question): the text before the first post found, then every
    post in order.  ``None`` when the text is no thread's or holds all its posts."""
    squeezed = _squeeze(raw_text)
    if not squeezed:
        return None
    for group in posts:
        # a post is in the text when most of its lines are (the extractor may leave out a caption)
        found_lines = [[_squeeze(line) for line in block if _squeeze(line) in squeezed] for block in group.lines]
        sizes = [len(_squeeze("".join(block))) for block in group.lines]
        found = [i for i, lines in enumerate(found_lines) if sum(map(len, lines)) >= THREAD_SHARE * sizes[i]]
        if not found or sum(sizes[i] for i in found) < THREAD_SHARE * len(squeezed):
            continue
        if len(found) == len(sizes):
            return None
        start = squeezed.find(found_lines[found[0]][0])
        head: list[str] = []
        seen = 0
        for line in raw_text.splitlines():
            seen += len(_squeeze(line))
            if seen > start:
                break
            head.append(line)
        return "\n".join([*head, *(line for block in group.lines for line in block)])
    return None


def page_metadata(tree: lxml_html.HtmlElement, url: str, with_date: bool = True) -> tuple[str | None, str | None, str | None]:
    """The page's title, date and site name as trafilatura's ``extract_metadata(tree, url,
    extensive=False)`` finds them, without the parts of it nothing here reads (author, which
    copies the whole tree, categories, tags, licence); the date None without ``with_date``
    (htmldate's search copies and cleans the tree)."""
    found = traf_metadata.examine_meta(tree)
    try:
        found = traf_metadata.extract_meta_json(tree, found)
    except Exception as exc:  # noqa: BLE001 - trafilatura's JSON-LD reader has bugs of its own; logged, as trafilatura does
        log.warning("error in JSON metadata extraction: %s", exc)
    title = found.title or traf_metadata.extract_title(tree)
    page_url = found.url or traf_metadata.extract_url(tree, url)
    date_config = set_date_params(False)
    date_config["url"] = page_url
    published = find_date(tree, **date_config) if with_date else None
    sitename = found.sitename or traf_metadata.extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
    elif page_url:
        match = traf_metadata.META_URL.match(page_url)
        sitename = match[1] if match else None

    def trimmed(value: str | None) -> str | None:
        # as Document.clean_and_trim: at most 10000 characters, entities resolved, spaces trimmed
        if not isinstance(value, str):
            return value
        return line_processing(html.unescape(value if len(value) <= 10000 else value[:9999] + "…"))

    return trimmed(title), trimmed(published), trimmed(sitename)


#: the longest line tested against the page's link texts (longer lines are prose)
LINK_LINE_MAX = 200
#: the longest heading of a list of links
LINK_HEADING_MAX = 12
#: link lines are not dropped when they would take more than this share of the text (a body in links)
LINK_LINES_MAX_SHARE = 0.5
_WORD_CHARS = re.compile(r"[\w\u4e00-\u9fff]")


_LINK_SPLIT = re.compile(r"[\s|｜/·•<>«»]+")
_LINK_BARS = re.compile(r"[|｜/·•<>«»]+")
# marks a link's text may end in that are no words: a close button (×, ✕), arrows, bullets
_LINK_MARKS = re.compile(r"[×✕✖✗›»>→↗\s]+$")


def _anchor_texts(tree: lxml_html.HtmlElement) -> tuple[set[str], int]:
    """The texts of the page's links without spaces, and the words of each between its spaces and
    separators (two characters or more); and how many characters of text the links hold."""
    texts: set[str] = set()
    linked = 0
    for a in tree.iter("a"):
        text = a.text_content() or ""
        squeezed = _squeeze(text)
        linked += len(squeezed)
        texts.add(squeezed)
        # a link that holds its own close button (an inline advertisement's ×) reads as its text, and
        # a link of several elements (<i>广告</i><div>title</div>) may be read as one line each
        texts.add(_LINK_MARKS.sub("", squeezed))
        if len(a):
            texts.update(_squeeze(piece) for piece in a.itertext())
        texts.update(_LINK_SPLIT.split(text))
    return {t for t in texts if len(t) >= 2}, linked


def _is_link_line(line: str, anchors: set[str]) -> bool:
    """A line made of the page's link texts and separators: navigation, a related-article title, an
    advertisement, a widget row.  A sentence with a link in it keeps its own words."""
    if len(line) > LINK_LINE_MAX:
        return False
    if _squeeze(line) in anchors:
        return True
    for tokens in (_LINK_SPLIT.split(line), [_squeeze(t) for t in _LINK_BARS.split(line)]):
        words = [t for t in tokens if _WORD_CHARS.search(t)]
        if words and all(t in anchors for t in words):
            return True  # a row of links between spaces or bars (首 页 | 帐 号 | 浏 览)
    return False


# Markup written as text: an HTML tag (<p>, </li>, <img src=…>), a Markdown heading, bold, image, link
# or quote mark (## 项目架构, **业务**, ![](…), [文字](https://…), > 引文)
_MARKUP = re.compile(
    r"</?(?:p|li|ul|ol|h[1-6]|div|span|br|strong|em|b|i|blockquote|pre|code|img|a|table|tr|td)\b[^<>]{0,200}>"
    r"|(?:^|\s)#{1,6}\s|\*\*[^*\n]{1,80}\*\*|!\[[^\]]{0,80}\]\(|\]\(https?://|(?:^|\s)>\s"
)
# the signs of markup, without the text they mark: tags, heading and bold signs, quote marks, brackets
# and link targets
_MARKUP_SIGNS = re.compile(r"</?[a-zA-Z][^<>]{0,200}>|\]\([^()\s]{0,300}\)|[#*>`\[\]]|!\[|^\s*-\s")
#: a line with markup is a copy of the source of the text (Markdown, HTML) when at least this share of
#: its text's bigrams is read in other lines
SOURCE_READ_AGAIN = 0.6
#: a marked line's text shorter than this is not judged; up to ``SOURCE_EXACT`` characters it must be
#: read whole in another line
SOURCE_MIN, SOURCE_EXACT = 6, 40
#: a run of at least this many lines, this many characters and this share of the text, repeated
#: verbatim, is a second copy of the article (a script's repeated options are not)
COPY_LINES, COPY_CHARS, COPY_SHARE = 5, 200, 0.25


def _source_lines(lines: list[str], marked: list[int]) -> list[int]:
    """Which of the ``marked`` lines (lines with markup) are source copies of the other lines."""
    if not marked:
        return []
    grams = [{line[k : k + 2] for k in range(len(line) - 1)} for line in lines]
    holders = Counter(g for line_grams in grams for g in line_grams)  # how many lines hold each bigram
    squeezed = [_squeeze(line) for line in lines]
    copies = []
    for i in marked:
        plain = _squeeze(_MARKUP_SIGNS.sub(" ", lines[i]))
        if len(plain) < SOURCE_MIN:
            continue  # too short to tell a copy (a code comment: # 测试)
        if len(plain) <= SOURCE_EXACT:
            if any(plain in squeezed[j] for j in range(len(lines)) if j != i):
                copies.append(i)
            continue
        plain_grams = {plain[k : k + 2] for k in range(len(plain) - 1)}
        if sum(holders[g] > (g in grams[i]) for g in plain_grams) >= SOURCE_READ_AGAIN * len(plain_grams):
            copies.append(i)
    return copies


def drop_source_copies(lines: list[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped): the copies of the article a page carries besides the article: a line of its
    Markdown or HTML source written as text (an editor's source pane, an escaped copy) whose text is
    mostly read again in the other lines, and a run of lines repeated verbatim (an editor's preview and
    its read view), whose first copy is kept."""
    drop = [False] * len(lines)
    marked = [i for i, line in enumerate(lines) if _MARKUP.search(line)]
    for i in _source_lines(lines, marked):
        drop[i] = True
    first: dict[str, int] = {}
    total = sum(len(line) for line, source in zip(lines, drop, strict=True) if not source)
    j = 0
    while j < len(lines):
        i = first.setdefault(lines[j], j)
        run = 0
        while i < j and j + run < len(lines) and i + run < j and lines[i + run] == lines[j + run]:
            run += 1
        if run >= COPY_LINES and sum(len(line) for line in lines[j : j + run]) >= max(COPY_CHARS, COPY_SHARE * total):
            for k in range(j, j + run):
                drop[k] = True
            j += run
            continue
        j += 1
    return [line for line, d in zip(lines, drop, strict=True) if not d], [line for line, d in zip(lines, drop, strict=True) if d]


def drop_link_lines(lines: list[str], anchors: set[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped): lines of extracted text that are the page's links.  trafilatura keeps whole
    link columns of old table layouts, blogs and forums (a portal's channel bar, 相关报道, ads); none of
    their lines is prose of the article.  When links would take most of the text, nothing is dropped."""
    if not anchors:
        return lines, []
    linked = [_is_link_line(line, anchors) for line in lines]
    for i in range(len(lines) - 1):
        if linked[i] and is_signature(lines[i], lines[i + 1]):
            linked[i] = False  # a notice's signatory over its date, though the site links its own name
    words = [i for i, line in enumerate(lines) if _WORD_CHARS.search(line)]
    for before, i, after in zip(words, words[1:], words[2:], strict=False):
        # the heading of a list of links (人事任免, 旅游文化 between two lists of a sidebar)
        if not linked[i] and len(lines[i]) <= LINK_HEADING_MAX and "。" not in lines[i]:
            linked[i] = linked[before] and linked[after]
    total = sum(len(line) for line in lines)
    if sum(len(line) for line, is_link in zip(lines, linked, strict=True) if is_link) > LINK_LINES_MAX_SHARE * total:
        return lines, []
    kept = [line for line, is_link in zip(lines, linked, strict=True) if not is_link]
    return kept, [line for line, is_link in zip(lines, linked, strict=True) if is_link]


_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]?$")


def _is_prose(lines: list[str]) -> bool:
    """Whether a short text is written in sentences: two or more, and most of it in lines of at least
    ``BRIEF_CHARS`` characters that end a sentence, as a brief or a forum post is and a listing's
    leftovers are not (one sentence alone is too little to tell from a stub)."""
    total = sum(len(line) for line in lines)
    sentences = sum(len(line) for line in lines if len(line) >= BRIEF_CHARS and _SENTENCE_END.search(line))
    return total > 0 and sentences >= 0.6 * total and len(re.findall(r"[。！？!?]", "".join(lines))) >= 2


#: a recommendation box is pruned only when it holds less than this share of the text handed on
RECOMMENDED_MAX_SHARE = 0.5


def _without_recommendations(doc: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The document without its boxes of recommended and related articles (a portal that shows a
    whole recommended article under a short news flash, a 相关新闻 list inside the body's parent);
    in place.  A box that holds most of the text is kept: the page may name its body so."""
    total = len(_squeeze(doc.text_content() or ""))
    boxes = [el for el in doc.iter() if isinstance(el.tag, str) and _RECOMMENDED.search(f"{el.get('class') or ''} {el.get('id') or ''}")]
    for box in boxes:
        parent = box.getparent()
        if parent is None or box.tag in ("html", "body"):
            continue
        if len(_squeeze(box.text_content() or "")) < RECOMMENDED_MAX_SHARE * total:
            box.drop_tree()
    return doc


def _copy_as_document(node: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    if node.tag == "html":
        return lxml_html.document_fromstring(etree.tostring(node, encoding="unicode"))
    fragment = etree.tostring(node, encoding="unicode", with_tail=False)
    return lxml_html.document_fromstring(f"<html><body><article>{fragment}</article></body></html>")


_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|\s[-–—]+\s|——|--)\s*")
_HEADING_XPATH = etree.XPath(
    "//h1 | //h2 | //h3 | //*[contains(@class, 'title') or contains(@class, 'font01') or contains(@class, 'bt')"
    " or contains(@class, 'headline') or contains(@id, 'title')]"
)


_TITLE_METAS = etree.XPath("//meta[@name='ArticleTitle' or @property='og:title' or @name='title']")
_SITENAME_METAS = etree.XPath("//meta[@name='SiteName' or @property='og:site_name' or @name='application-name' or @name='site']")


def pick_title(tree: lxml_html.HtmlElement, meta_title: str | None, sitename: str | None) -> str | None:
    """The article title: the heading that agrees with <title>, else the best candidate, without site names."""
    head_title = tree.findtext(".//title") or ""
    segments = [s.strip() for s in _TITLE_SPLIT.split(head_title.strip()) if s.strip()]
    metas = [
        m.get("content", "").strip()
        for m in _TITLE_METAS(tree)
        if m.get("content", "").strip()
    ]
    headings = []
    for el in _HEADING_XPATH(tree):
        raw = el.text_content() or ""
        if len(raw) > 240 and len(_squeeze(raw)) > 240:
            continue  # a container of headings: longer than 80 characters even after NFC (at most 3:1)
        text = normalise_space(raw).replace("\n", " ")
        if 5 <= len(text) <= 80 and text not in headings:
            headings.append(text)
    for heading in headings:
        for seg in (*metas, *segments):
            if len(seg) >= 4 and (seg in heading or heading in seg):
                return heading
    if metas:
        return _strip_site_suffix(metas[0])
    site_like = {s for s in (sitename, *(segments[1:] if len(segments) > 1 else [])) if s}
    if segments and len(segments) > 1 and segments[0] not in site_like:
        return _strip_site_suffix(segments[0])
    if headings:
        return headings[0]
    if segments:
        return _strip_site_suffix(segments[0])
    return meta_title


def pick_sitename(tree: lxml_html.HtmlElement, title: str | None) -> str | None:
    """The site's name: its SiteName/og:site_name meta, else the part of <title> that is not the title."""
    for m in _SITENAME_METAS(tree):
        if m.get("content", "").strip():
            return str(m.get("content").strip())
    head_title = (tree.findtext(".//title") or "").strip()
    segments = [s.strip() for s in re.split(r"\s*(?:[_|｜]|\s[-–—]+\s|——|--|-)\s*", head_title) if s.strip()]
    rest = [s for s in segments if not title or (s not in title and title not in s)]
    return rest[-1] if rest else None


_SITE_SUFFIX = re.compile(r"(?:\s*[-－_|｜]\s*[^-－_|｜\d]{1,15}){1,3}$")


def _strip_site_suffix(title: str) -> str:
    """'标题-南阳网-县区新闻' → '标题' (site and column names glued on with bare hyphens)."""
    stripped = _SITE_SUFFIX.sub("", title)
    return stripped if len(stripped) >= 6 else title
