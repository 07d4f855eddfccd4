"""Page chrome that survives generic extraction on Chinese news and government sites.

Each rule is a precompiled pattern over one line of extracted text; a line is dropped only when it
is short chrome (exact furniture words, label lines, credits) so that a sentence of an article that
merely mentions 举报 or 声明 stays.  ``clean_lines`` returns what is kept and what was dropped (the
dropped lines are reported by ``newstrack extract`` and by the quality gate).

The rules below are written in code; the patterns of ``config/chrome.toml`` (button rows, bylines
without a label, a site's name alone, breadcrumbs, a government document's metadata fields, journal
citation blocks, forum furniture, reprint and copyright notices, the lines that close a blog post,
the headings of related lists and comment boxes) are data, and a user adds their own in a TOML file
named by ``NEWSTRACK_CHROME``.  ``clean_lines`` also reads lines in context: a field label alone
takes its value on the next line with it, a notice's date under its signatory stays, a run of posts
ends at the first post's closing line, and a related list's heading followed by a paragraph is only
a widget inside the article.  The whole text is read in simplified characters in one OpenCC call.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newstrack.resources import package_file

if TYPE_CHECKING:
    import opencc

# Whole lines that are furniture: navigation, share/report/donate widgets, e-paper controls.
_FURNITURE = re.compile(
    r"^[\s【\[〔(（!！]*("
    r"返回|顶部|頂部|返回顶部|返回頂部|返回首页|返回主页|返回上页|返回列表|关闭|關閉|关闭窗口|关闭本页|打印|打印本页|打印此页|"
    r"举报|舉報|我要举报|我要举报这篇文章|我要纠错|提交|取消|收藏|点赞|分享|分享到|購物車|购物车|打赏|打赏捐赠|捐赠|"
    r"上一篇|下一篇|上一页|下一页|上一版|下一版|上一期|下一期|版面导航|本版标题|往期回顾|数字报|电子版|"
    r"相关推荐|相关新闻|相關新聞|相关阅读|相关文章|热点新闻|热门推荐|推荐阅读|延伸阅读|猜你喜欢|更多|查看更多|"
    r"字号|字體|字体|大|中|小|默认|扫一扫|扫码|微信|微博|QQ空间|二维码|Facebook|Twitter|"
    r"在线咨询|网站地图|联系我们|无障碍|长者模式|English|登录|注册|首页|首頁"
    r")[\s】\]〕)）:：]*$",
    re.IGNORECASE,
)

# Lines made only of furniture words separated by | or spaces: "返回主页 | 郑州日报 | 版面导航 | 郑州晚报".
_NAV_BAR = re.compile(r"^(?:[^|｜\s]{1,10}\s*[|｜]\s*){2,}[^|｜\s]{1,10}$")

# E-paper page headers: 第D18版:家国情怀 上一版3 4下一版 / 第04版：要闻.
_EPAPER_PAGE = re.compile(r"^第\s*[A-Z]?\d{1,3}\s*版\s*[:：]?.{0,20}$|^.{0,30}(上一版|下一版).{0,10}$")

# Continuation markers inside text: (上接01版) (下转05版) （上接第一版）.
CONTINUATION = re.compile(r"[(（]\s*(上接|下转|转自|接上|转下|转第|接第)[^()（）]{0,8}版\s*[)）]")

# Credit and editor lines: 【责任编辑 赵萌阳】, 编辑：王静 审核：李明, 本报记者 武建玲 文 丁友明 图,
# - 责任编辑: 小婷, 采写：南都记者 余毅菁, ◎ 图：@人民日报微博截图.
_CREDIT = re.compile(
    r"^[\s【\[(（\-–—□■●◎◇◆]*(责任编辑|本版编辑|本版责编|责编|编辑|編輯|审核|审校|校对|终审|初审|复审|签发|监制|主编|值班编辑|美编|采写|撰文|"
    r"本报记者|记者|記者|通讯员|摄影|摄|图片|图|文|来源|來源|信息来源|文章来源|稿源|作者|执笔人|执笔|发布者|信息发布者|发布人|"
    r"发布日期|发布时间|發佈日期|发表时间|更新时间|浏览次数|浏览|阅读|点击|點擊|访问量|原标题|原題|原题)"
    r"(\s*[:：/]\s*|\s+)[^。！？!?；;]{0,40}$"
)

# Statements and copyright notices.
_STATEMENT = re.compile(
    r"^[\s【\[]*(声明|聲明|免责声明|版权声明|版權聲明|特别声明|郑重声明)[\s】\]:：@]"
    r"|版权所有|版權所有|All Rights Reserved|ICP备|ICP證|公网安备|网站标识码|未经授权.{0,6}(转载|复制|使用)|不得转载",
    re.IGNORECASE,
)

# Follow/QR prompts of WeChat articles and portals: 长按识别二维码关注我们, 点击蓝字关注, 阅读原文.
_PROMPT = re.compile(r"二维码|扫码|扫一扫|点击蓝字|关注我们|阅读原文|点亮在看|分享给朋友|点个赞|在看|阅读\s*\d|^阅读$")

# Image file names left as text: 产业基地1_副本.jpg, IMG_2031.JPG.
_IMAGE_NAME = re.compile(r"^\S{0,60}\.(jpe?g|png|gif|bmp|webp|tiff?)$", re.IGNORECASE)

# Breadcrumbs: 首页 > 珠江网讯 > 正文, 当前位置：首页 >> 县区新闻.
_BREADCRUMB = re.compile(r"(当前位置|您现在的位置|您的位置|您所在的位置|所在位置|現在位置)|^(首页|首頁|网站首页)\s*(>|＞|›|»|>>|/)")

# A timestamp alone, optionally with a repost mark: 2020-11-17 12:43:20 转载.
_TIMESTAMP = re.compile(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(\s+\d{1,2}:\d{2}(:\d{2})?)?(\s*(转载|原创|來源.*|来源.*))?$")

# Headings after which everything is a related-article list.
_RELATED_HEAD = re.compile(r"^[【\[]?(相关推荐|相关新闻|相關新聞|相关阅读|相关文章|热点新闻|推荐阅读|延伸阅读|猜你喜欢|热门文章)[】\]]?$")

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"[。！？!?]")
# the signatory of a notice: an office, a government, a committee, on a line of its own
_SIGNATORY = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}(人民政府|政府|委员会|办公室|办公厅|管理局|局|厅|委|领导小组|指挥部|中心|协会|学会|公司|党委|党组|支部|法院|检察院|大学|学院)$"
)
_CLOSING = re.compile(r"^特此(通告|公告|通知|函告|函复|批复|报告|说明|证明)[。！]?$")
_SIGNED_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")

#: the chrome patterns shipped with the package; ``NEWSTRACK_CHROME`` names a file of more
CHROME_PATTERNS = package_file("config/chrome.toml")
#: the longest line tested against the [lines] patterns, and against the [notices] patterns
LINE_MAX, NOTICE_MAX = 120, 300

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChromePatterns:
    """The compiled tables of a chrome pattern file (see ``config/chrome.toml``)."""

    word: re.Pattern[str]
    line: re.Pattern[str]
    notice: re.Pattern[str]
    end: re.Pattern[str]
    signature: re.Pattern[str]
    tail: re.Pattern[str]


def _alternation(patterns: list[str], wrap: str = "{}") -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile(wrap.format("|".join(f"(?:{p})" for p in patterns)), re.IGNORECASE)


def load_patterns(*paths: Path) -> ChromePatterns:
    """The patterns of one or more pattern files, each table's lists joined."""
    tables: dict[str, list[str]] = {"words": [], "lines": [], "notices": [], "ends": [], "signatures": [], "tails": []}
    for path in paths:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"{path}: cannot read chrome patterns ({exc})") from exc
        for table, groups in data.items():
            if table not in tables or not isinstance(groups, dict):
                raise ValueError(f"{path}: [{table}] is not one of [{'], ['.join(tables)}] with lists of patterns")
            for name, patterns in groups.items():
                if not isinstance(patterns, list) or not all(isinstance(x, str) for x in patterns):
                    raise ValueError(f"{path}: [{table}] {name} must be a list of pattern strings")
                for pattern in patterns:
                    try:
                        re.compile(pattern)
                    except re.error as exc:
                        raise ValueError(f"{path}: [{table}] {name}: bad pattern {pattern!r} ({exc})") from exc
                tables[table].extend(patterns)
    return ChromePatterns(
        word=_alternation(tables["words"], r"[【\[(（<《«]*(?:{})[】\])）>》»]*"),
        line=_alternation(tables["lines"]),
        notice=_alternation(tables["notices"]),
        end=_alternation(tables["ends"]),
        signature=_alternation(tables["signatures"]),
        tail=_alternation(tables["tails"]),
    )


@lru_cache(maxsize=1)
def patterns() -> ChromePatterns:
    """The shipped patterns and those of the file ``NEWSTRACK_CHROME`` names, compiled once."""
    extra = os.environ.get("NEWSTRACK_CHROME")
    return load_patterns(CHROME_PATTERNS, *([Path(extra)] if extra else []))


# separators of a row of buttons: spaces, bars, slashes, middle dots, angle quotes, hyphens
_ROW_SPLIT = re.compile(r"[\s|｜/·•<>«»\-–—]+")
_WORDISH = re.compile(r"[\w\u4e00-\u9fff]")
_BRACKET_JOIN = re.compile(r"[】\]]\s*[【\[]")
_WIDGET_SPLIT = re.compile(r"[\s|｜/]+")


def _is_button_row(line: str) -> bool:
    """A line of furniture words only: 【打印本稿】【关闭窗口】, 第1页/共1页 << 上一页 | 下一页 >>."""
    tokens = [t for t in _ROW_SPLIT.split(_BRACKET_JOIN.sub("] [", line)) if _WORDISH.search(t)]
    word = patterns().word
    return bool(tokens) and all(_FURNITURE.match(t) or word.fullmatch(t) for t in tokens)


@lru_cache(maxsize=1)
def t2s() -> opencc.OpenCC:
    """OpenCC's traditional → simplified converter, made once per process and on first use (only
    the extraction workers convert text; the crawl process never loads OpenCC)."""
    import opencc

    if not hasattr(opencc, "clib"):
        # opencc-python-reimplemented installs the same module name: pure Python, 2.5 times the
        # extraction's CPU per page; the project depends on OpenCC's C++ binding (the opencc package)
        log.warning(
            "the opencc module at %s is not OpenCC's C++ binding (opencc-python-reimplemented?): extraction runs much slower; "
            "pip uninstall opencc-python-reimplemented && pip install --force-reinstall opencc",
            getattr(opencc, "__file__", "?"),
        )
    return opencc.OpenCC("t2s")


def _simplified(line: str) -> str:
    """The rules are written in simplified characters; a 繁體 page's 責任編輯 is read as 责任编辑."""
    return str(t2s().convert(line))


def is_chrome(line: str) -> bool:
    """Whether one line of extracted text is page chrome.

    >>> is_chrome("【责任编辑 赵萌阳】"), is_chrome("累计实现4666户、15452人脱贫。")
    (True, False)
    """
    return _is_chrome_simplified(_simplified(line.strip()))


def _is_chrome_simplified(stripped: str) -> bool:
    """``is_chrome`` of a trimmed line already read in simplified characters."""
    if not stripped:
        return True
    if len(stripped) > LINE_MAX:
        # long lines are prose; only a statement/copyright notice is chrome at that length
        if len(stripped) <= NOTICE_MAX and patterns().notice.fullmatch(stripped):
            return True
        return bool(_STATEMENT.search(stripped)) and len(stripped) < 300 and stripped.startswith(("声明", "聲明", "免责", "版权", "版權"))
    if _FURNITURE.match(stripped) or _NAV_BAR.match(stripped) or _EPAPER_PAGE.match(stripped):
        return True
    tokens = [t for t in _WIDGET_SPLIT.split(stripped) if t]
    if len(tokens) > 1 and all(_FURNITURE.match(t) for t in tokens):
        return True  # a row of widgets: "上一期 下一期", "【打印本页】 【关闭窗口】"
    if _IMAGE_NAME.match(stripped) or _BREADCRUMB.search(stripped) or _TIMESTAMP.match(stripped):
        return True
    table = patterns()
    if table.line.fullmatch(stripped) or table.notice.fullmatch(stripped) or table.end.fullmatch(stripped) or _is_button_row(stripped):
        return True
    if len(stripped) <= 24 and _PROMPT.search(stripped):
        return True
    if _STATEMENT.search(stripped) and len(stripped) < 120:
        return True
    if _CREDIT.match(stripped) and "。" not in stripped and len(stripped) <= 40:
        return True
    # debris: counters ("0"), lone punctuation, stray latin words without any Chinese
    return not _CJK.search(stripped) and len(stripped) <= 6


def _is_tail_heading(head: str, tail: re.Pattern[str]) -> bool:
    """Whether a trimmed, simplified line is the heading of a related list or a comment box."""
    return len(head) <= LINE_MAX and bool(_RELATED_HEAD.match(head) or tail.fullmatch("".join(head.split())))


def _simplified_lines(lines: list[str]) -> list[str]:
    """Each line trimmed and read in simplified characters: one OpenCC call for the whole text."""
    stripped = [line.strip() for line in lines]
    converted = _simplified("\n".join(stripped)).split("\n")
    if len(converted) != len(stripped):  # OpenCC keeps line breaks; should it not, convert line by line
        return [_simplified(line) for line in stripped]
    return converted


#: the longest value on the line after a field label (发文机关： / 吉林省人民政府)
FIELD_VALUE_MAX = 60
_FIELD_LABEL = re.compile(r"^[^:：]{1,12}[:：]$")


def is_signature(line: str, next_line: str) -> bool:
    """Whether ``line`` over ``next_line`` closes a notice: a signatory (an office, a government) or
    the closing words (特此通告。) over a date alone."""
    return bool(_SIGNED_DATE.match(next_line.strip()) and (_SIGNATORY.match(line.strip()) or _CLOSING.match(line.strip())))


#: a line of at least this many characters ending a sentence is a paragraph of prose
PARAGRAPH_CHARS = 60


def _prose_follows(lines: list[str], chrome: list[bool], i: int) -> bool:
    """Whether the first line after line ``i`` that is not chrome is a paragraph of prose (a related
    list or a comment box is followed by short titles and names, not by the article's paragraphs)."""
    for line, is_chrome_line in zip(lines[i + 1 :], chrome[i + 1 :], strict=True):
        if not is_chrome_line:
            stripped = line.strip()
            return len(stripped) >= PARAGRAPH_CHARS and bool(_SENTENCE_END.search(stripped[-3:]))
    return False


def clean_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split extracted lines into (kept, dropped); continuation markers are cut out of kept lines."""
    kept: list[str] = []
    dropped: list[str] = []
    table = patterns()
    simplified = _simplified_lines(lines)
    chrome = [_is_chrome_simplified(line) for line in simplified]
    for i in range(len(lines) - 1):
        # a chrome label alone (发文机关：, 来源：) has its value on the next line: the value goes too
        if chrome[i] and not chrome[i + 1] and _FIELD_LABEL.match(simplified[i]):
            value = simplified[i + 1]
            if len(value) <= FIELD_VALUE_MAX and not _SENTENCE_END.search(value) and not _FIELD_LABEL.match(value):
                chrome[i + 1] = True
        # a notice's date under its signatory or its closing words (吉林省人民政府 / 特此通告。 over
        # 2022年1月27日) is the notice's, not a timestamp
        if chrome[i + 1] and not chrome[i] and is_signature(simplified[i], simplified[i + 1]):
            chrome[i + 1] = False
    ends = [i for i, line in enumerate(simplified) if chrome[i] and line and table.end.fullmatch(line)]
    # a run of posts (a blog's front page): the main text is the first post
    last = ends[0] if len(ends) > 1 else len(lines)
    # a thread of signed posts: the main text ends with the first signed line, before its signature
    signed = [(i, match) for i, line in enumerate(simplified[:last]) if not chrome[i] and (match := table.signature.search(line))]
    unsigned: dict[int, str] = {}
    if len(signed) > 1:
        first = last = signed[0][0]
        original = lines[first].strip()
        match = table.signature.search(original)  # the rule is found again in the line as written
        unsigned[first] = original[: match.start()].strip() if match else original
        if not unsigned[first]:
            chrome[first] = True
    prose = sum(len(line) for line, is_chrome_line in zip(lines[:last], chrome, strict=False) if not is_chrome_line)
    before = 0
    for i, line in enumerate(lines):
        # a related list's or comment box's heading once the article is behind it: past half of the
        # lines, or past half of the text that is not chrome (a short article before a long sidebar)
        if i > last:
            dropped.extend(lines[i:])
            break
        if (i >= len(lines) * 0.5 or before >= prose * 0.5) and _is_tail_heading(simplified[i], table.tail):
            if not _prose_follows(lines, chrome, i):
                dropped.extend(lines[i:])
                break
            chrome[i] = True  # a widget's heading inside the article, a paragraph after it: only it goes
        if chrome[i]:
            dropped.append(line)
            continue
        before += len(line)
        cleaned = CONTINUATION.sub("", unsigned.get(i, line)).strip()
        if cleaned != line.strip():
            dropped.append(line)
        if cleaned:
            kept.append(cleaned)
    return kept, dropped


def strip_title_line(lines: list[str], title: str | None) -> list[str]:
    """Drop the title where the body repeats it among its first lines (e-papers, portals and forums
    do, a forum after the poster's panel), also where it is broken over consecutive lines (a
    government document's title set in two to four lines)."""
    if not title:
        return lines
    norm = re.sub(r"\s+", "", title)
    first = [line for line in lines[:TITLE_LINES] if re.sub(r"\s+", "", line) != norm]
    if len(first) < len(lines[:TITLE_LINES]):
        return first + lines[TITLE_LINES:]
    head = lines[: TITLE_LINES + 3]
    squeezed = [re.sub(r"\s+", "", line) for line in head]
    for start in range(min(TITLE_LINES, len(head))):
        joined = ""
        for end in range(start, min(start + 4, len(head))):
            joined += squeezed[end]
            if joined == norm:
                return lines[:start] + lines[end + 1 :]
            if not norm.startswith(joined):
                break
    return lines


#: how many first lines of a body may repeat the title
TITLE_LINES = 3
