from submission import retry


def test_succeeds_after_two_failures() -> None:
    calls, delays = [], []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionError("endpoint busy")
        return "ok"

    result = retry(flaky, max_attempts=5, base_delay=0.5, sleep=delays.append)
    assert result == "ok", f"return func's result, got {result!r}"
    assert len(calls) == 3, f"two failures then a success: 3 calls, got {len(calls)}"
    assert delays == [0.5, 1.0], f"sleep base_delay, then twice that: expected [0.5, 1.0], got {delays}"


def test_first_call_succeeds() -> None:
    delays = []
    assert retry(lambda: 42, sleep=delays.append) == 42, "return the value of a successful call"
    assert delays == [], f"no sleep when the first call succeeds, got {delays}"
