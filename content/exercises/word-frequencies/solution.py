import unicodedata
from collections import Counter

APOSTROPHES = {"'", "\u2019"}


def clean_text(text: str) -> str:
    """Strip accents, lowercase, drop apostrophes, other non-alphanumerics to spaces, collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    no_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = no_accents.lower()
    kept = "".join(
        "" if ch in APOSTROPHES else ch if ch.isalnum() else " "
        for ch in lowered
    )
    return " ".join(kept.split())


def top_k_words(text: str, k: int) -> list[tuple[str, int]]:
    """The k most frequent words of clean_text(text): count descending, ties alphabetical."""
    if k <= 0:
        return []
    counts = Counter(clean_text(text).split())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:k]
