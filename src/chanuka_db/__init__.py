"""chanuka-db: the database module of the Chanuka civic-engagement platform."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("chanuka-db")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
