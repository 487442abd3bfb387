"""The ``cevns`` command: one module per command group, no physics."""

from .main import main

__all__ = ["main"]
