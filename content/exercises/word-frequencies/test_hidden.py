from submission import clean_text, top_k_words


def test_accents_and_curly_apostrophe() -> None:
    got = clean_text("Café CRÈME — naïve user’s résumé")
    assert got == "cafe creme naive users resume", f"accents stripped, apostrophe removed, dash to space; got {got!r}"


def test_digits_underscores_and_whitespace() -> None:
    got = clean_text("model_v2\tscored 0.93\non\r\n2024-01-05!!")
    assert got == "model v2 scored 0 93 on 2024 01 05", f"got {got!r}"
    assert clean_text("") == "", "empty text cleans to ''"
    assert clean_text(" ?! ... ") == "", "text with no letters or digits cleans to ''"


def test_ties_are_alphabetical() -> None:
    text = "pear apple pear fig apple banana fig"
    got = top_k_words(text, 3)
    assert got == [("apple", 2), ("fig", 2), ("pear", 2)], f"equal counts go in alphabetical order, got {got}"
    got = top_k_words(text, 4)
    assert got[-1] == ("banana", 1), f"the fourth word is ('banana', 1), got {got}"


def test_k_edge_cases() -> None:
    assert top_k_words("a b a", 10) == [("a", 2), ("b", 1)], "fewer distinct words than k: return them all"
    assert top_k_words("a b a", 0) == [], "k = 0 gives []"
    assert top_k_words("a b a", -2) == [], "negative k gives [] (a negative slice would not)"
    assert top_k_words("   ", 3) == [], "no words gives []"


def test_cleaning_is_applied_before_counting() -> None:
    got = top_k_words("Don't stop. DONT! dont? Café, cafe.", 2)
    assert got == [("dont", 3), ("cafe", 2)], f"counting must use clean_text's words, got {got}"
    assert all(isinstance(w, str) and isinstance(c, int) for w, c in got), "pairs are (str, int)"
