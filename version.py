"""The version of cqdt, in the foundation layer so every layer can name it."""

__version__ = "0.1.0"
