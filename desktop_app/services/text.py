from __future__ import annotations


def normalise_search(text: str) -> str:
    """Case-fold and treat «ё» as «е», as people type it."""
    return " ".join(text.casefold().replace("ё", "е").split())


def like_pattern(token: str) -> str:
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
