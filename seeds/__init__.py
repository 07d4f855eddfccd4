"""Package data: the sample sources (``sources.toml``), the five sample documents and the sample site built from them."""
