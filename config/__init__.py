"""Package data: the default settings (``default.toml``) and the metric catalog (``metrics.toml``)."""
