from submission import retry


class Boom(Exception):
    pass


def _always_failing(log):
    def func():
        error = Boom(f"attempt {len(log) + 1}")
        log.append(error)
        raise error
    return func


def test_delays_are_capped() -> None:
    log, delays = [], []
    try:
        retry(_always_failing(log), max_attempts=6, base_delay=0.25, max_delay=1.5, sleep=delays.append)
    except Boom:
        pass
    assert delays == [0.25, 0.5, 1.0, 1.5, 1.5], f"0.25 * 2**i capped at 1.5, with no sleep after the last attempt; got {delays}"
    assert len(log) == 6, f"max_attempts=6 means 6 calls, got {len(log)}"


def test_reraises_the_last_exception_itself() -> None:
    log = []
    try:
        retry(_always_failing(log), max_attempts=3, sleep=lambda s: None)
    except Boom as error:
        assert error is log[-1], f"re-raise the last exception object, got {error!r} instead of {log[-1]!r}"
    else:
        raise AssertionError("when every attempt fails the last exception must propagate")


def test_non_retryable_error_propagates_at_once() -> None:
    calls, delays = [], []

    def bad_input():
        calls.append(1)
        raise ValueError("invalid payload")

    try:
        retry(bad_input, max_attempts=4, retry_on=(ConnectionError, TimeoutError), sleep=delays.append)
    except ValueError:
        pass
    else:
        raise AssertionError("an exception outside retry_on must propagate")
    assert len(calls) == 1 and delays == [], f"no retry and no sleep for a non-retryable error; got {len(calls)} calls, sleeps {delays}"


def test_subclasses_are_retried() -> None:
    calls = []

    def func():
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionResetError("reset")  # a subclass of ConnectionError
        return "done"

    assert retry(func, retry_on=(ConnectionError,), sleep=lambda s: None) == "done", "isinstance check: subclasses of retry_on are retried"


def test_single_attempt_and_invalid() -> None:
    log, delays = [], []
    try:
        retry(_always_failing(log), max_attempts=1, sleep=delays.append)
    except Boom:
        pass
    assert len(log) == 1 and delays == [], f"max_attempts=1: one call, no sleep; got {len(log)} calls, sleeps {delays}"
    called = []
    try:
        retry(lambda: called.append(1), max_attempts=0, sleep=delays.append)
    except ValueError:
        assert not called, "validate max_attempts before calling func"
        return
    raise AssertionError("max_attempts=0 must raise ValueError")


def test_returns_falsy_results() -> None:
    calls = []

    def func():
        calls.append(1)
        return None

    assert retry(func, sleep=lambda s: None) is None and len(calls) == 1, "a result of None is a success, not a failure"
