"""hoptac: the registry of international cooperation between sub-national governments."""

__version__ = "0.1.0"
