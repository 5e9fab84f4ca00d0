"""Vigil's version: one source of truth, read by the build and by ``vigil version``."""

__version__ = "0.1.0"
