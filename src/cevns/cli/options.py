"""Option parsing shared by the command groups."""

from __future__ import annotations

__all__ = ["parse_pairs"]


def parse_pairs(items, what: str) -> dict[str, float]:
    """Parse repeated NAME=VALUE options into a dict of floats."""
    out = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"{what} expects NAME=VALUE, got {item!r}")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise ValueError(f"{what} {name}: not a number: {value!r}") from None
    return out
