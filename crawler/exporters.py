"""Feed exporters for ``scrapy crawl news -O items.json[l]``: Scrapy's own, with an encoder that
can write the bytes an item carries (the text's MinHash signature) as hex.  The raw page body is
left out altogether by ``FEED_EXPORT_FIELDS`` (settings)."""

from __future__ import annotations

from typing import Any

from scrapy.exporters import JsonItemExporter, JsonLinesItemExporter
from scrapy.utils.serialize import ScrapyJSONEncoder


class ItemJSONEncoder(ScrapyJSONEncoder):
    """Scrapy's encoder (dates, decimals, sets, items) and bytes as a hex string."""

    def default(self, o: Any) -> Any:
        if isinstance(o, (bytes, bytearray, memoryview)):
            return bytes(o).hex()
        return super().default(o)


class NewsJsonLinesItemExporter(JsonLinesItemExporter):
    """One JSON object per line (``-O items.jsonl``)."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self.encoder = ItemJSONEncoder(**self._kwargs)


class NewsJsonItemExporter(JsonItemExporter):
    """One JSON array (``-O items.json``)."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self.encoder = ItemJSONEncoder(**self._kwargs)
