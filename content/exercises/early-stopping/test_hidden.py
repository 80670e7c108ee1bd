import math

from submission import EarlyStopping


def test_min_delta_is_strict() -> None:
    stopper = EarlyStopping(patience=1, min_delta=0.25)
    assert stopper.step(1.0) is False, "the first value never stops training"
    assert stopper.step(0.75) is True, "0.75 is exactly min_delta better than 1.0: not an improvement, so stop"
    assert stopper.best == 1.0, f"best should still be 1.0, got {stopper.best}"


def test_mode_max() -> None:
    stopper = EarlyStopping(patience=3, mode="max", min_delta=0.125)
    decisions = [stopper.step(v) for v in [0.25, 0.5, 0.5625, 0.625, 0.375]]
    assert decisions == [False, False, False, False, True], f"in mode 'max' only gains above min_delta = 0.125 count; got {decisions}"
    assert (stopper.best, stopper.best_epoch) == (0.5, 1), f"best 0.5 at epoch 1, got {stopper.best} at {stopper.best_epoch}"


def test_nan_is_not_an_improvement() -> None:
    stopper = EarlyStopping(patience=2)
    decisions = [stopper.step(v) for v in [0.5, float("nan"), float("nan")]]
    assert decisions == [False, False, True], f"a diverged (nan) loss counts as a bad epoch; got {decisions}"
    assert stopper.best == 0.5, f"nan must never become the best, got {stopper.best}"


def test_nan_first_then_numbers() -> None:
    stopper = EarlyStopping(patience=3)
    stopper.step(float("nan"))
    stopper.step(2.0)
    assert stopper.best == 2.0 and stopper.best_epoch == 1, f"the first real value becomes the best: got {stopper.best} at {stopper.best_epoch}"


def test_keeps_saying_stop_and_initial_state() -> None:
    stopper = EarlyStopping(patience=1)
    assert stopper.best is None and stopper.best_epoch is None, "before any call best and best_epoch are None"
    stopper.step(1.0)
    assert stopper.step(1.0) is True, "an equal value is not an improvement"
    assert stopper.step(0.5) is True, "after stopping, step keeps returning True, even for a better value"


def test_invalid_arguments() -> None:
    for kwargs in ({"patience": 0}, {"patience": 2, "min_delta": -0.1}, {"patience": 2, "mode": "maximum"}):
        try:
            EarlyStopping(**kwargs)
        except ValueError:
            continue
        raise AssertionError(f"EarlyStopping(**{kwargs}) must raise ValueError")
