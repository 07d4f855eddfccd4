"""Files shipped inside the package: the default settings, the metric catalog, the sample sources and site.

They are found through :mod:`importlib.resources`, so an installed wheel works from any folder and
an editable install reads the repository's own ``config/`` and ``seeds/``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: the package-data folders, by the name a relative path in the default settings starts with
DATA_PACKAGES = {"config": "newstrack.config", "seeds": "newstrack.seeds"}


def package_dir(name: str) -> Path:
    """The folder of one data package (``config`` or ``seeds``) on disk."""
    return Path(str(resources.files(DATA_PACKAGES[name])))


def package_file(relative: str | Path) -> Path:
    """A path such as ``config/metrics.toml`` or ``seeds/sources.toml`` inside the installed package."""
    first, *rest = Path(relative).parts
    if first not in DATA_PACKAGES:
        raise ValueError(f"{relative}: not under one of the package's data folders ({', '.join(DATA_PACKAGES)})")
    return package_dir(first).joinpath(*rest)
