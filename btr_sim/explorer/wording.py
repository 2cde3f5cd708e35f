"""Small pieces of wording the page's texts share: counts with the right plural."""

from __future__ import annotations

__all__ = ["count"]


def count(n: int, one: str, many: str) -> str:
    """``n`` with the noun in the right number: ``1 month``, ``0 months``, ``2 months``."""
    return f"{n} {one if n == 1 else many}"
