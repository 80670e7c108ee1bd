from submission import clean_text, top_k_words


def test_clean_simple_sentence() -> None:
    got = clean_text("  Hello, World!  It's   a TEST. ")
    assert got == "hello world its a test", f"expected 'hello world its a test', got {got!r}"


def test_top_words() -> None:
    got = top_k_words("the cat and the hat; the end. A cat!", 2)
    assert got == [("the", 3), ("cat", 2)], f"expected [('the', 3), ('cat', 2)], got {got}"
