"""newstrack: a scheduled news crawler and change tracker for regional reports.

The repository's folders are this package's subpackages (``pyproject.toml`` maps them):
``crawler/`` → ``newstrack.crawler``, ``store/`` → ``newstrack.store``, ``scheduler/`` →
``newstrack.scheduler``, and the data folders ``config/`` and ``seeds/`` → ``newstrack.config`` and
``newstrack.seeds``, read with :mod:`importlib.resources` (:func:`newstrack.resources.package_file`).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newstrack")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
