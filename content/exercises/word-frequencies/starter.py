import unicodedata
from collections import Counter


def clean_text(text: str) -> str:
    """Strip accents, lowercase, drop apostrophes, other non-alphanumerics to spaces, collapse spaces."""
    return " ".join(text.lower().split())


def top_k_words(text: str, k: int) -> list[tuple[str, int]]:
    """The k most frequent words of clean_text(text): count descending, ties alphabetical."""
    return Counter(clean_text(text).split()).most_common(k)
