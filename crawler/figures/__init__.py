"""Figures: every catalog figure a report states, as observations with region, date, kind and quote.

The extractor runs in stages, each a module: :mod:`.text` (analysis form, sentences, clauses),
:mod:`newstrack.crawler.numbers` (quantities), :mod:`.wording` (the metric), :mod:`.regions`,
:mod:`.times`, :mod:`.kinds`, joined in :mod:`.extractor`. Its word lists are data
(``config/words.toml``, :mod:`.words`), beside the metric catalog (``config/metrics.toml``).
"""

from newstrack.crawler.figures.extractor import explain, extract_observations
from newstrack.crawler.figures.model import DocumentContext, ExtractionStats, Figure, FigureNote
from newstrack.crawler.figures.text import analysis_form
from newstrack.crawler.figures.words import Words, load_words

__all__ = [
    "DocumentContext",
    "ExtractionStats",
    "Figure",
    "FigureNote",
    "Words",
    "analysis_form",
    "explain",
    "extract_observations",
    "load_words",
]
