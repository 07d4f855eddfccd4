"""NFKC, the same result as ``unicodedata.normalize("NFKC", text)``, faster on Chinese pages.

CPython normalises a string in one pass only when its quick check finds nothing to change; one
full-width comma (，) sends a whole page through decomposition and composition, about 80 ns a
character (0.17 ms for the 2,000 characters of a report's body).  The characters that Chinese
pages mostly hold and NFKC changes — the full-width forms of ASCII (U+FF01–U+FF5E), the
ideographic and the no-break space, the ellipsis — are first replaced by their full compatibility
decompositions: a text's NFKD is its characters' full decompositions, canonically reordered, so it
is unchanged by that, and so is its NFKC.  What remains is most often normalised already and
passes the quick check (0.01–0.04 ms for the same page).
"""

from __future__ import annotations

import re
import unicodedata

_COMMON = [chr(c) for c in range(0xFF01, 0xFF5F)] + ["\u3000", "\u00a0", "\u2026"]
_DECOMPOSED = {ch: unicodedata.normalize("NFKD", ch) for ch in _COMMON}
_FIND = re.compile("[" + "".join(map(re.escape, _COMMON)) + "]")


def _decomposed(match: re.Match[str]) -> str:
    return _DECOMPOSED[match.group()]


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``."""
    return unicodedata.normalize("NFKC", _FIND.sub(_decomposed, text))
