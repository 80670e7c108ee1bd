from submission import EarlyStopping


def test_stops_after_patience_bad_epochs() -> None:
    stopper = EarlyStopping(patience=2)
    decisions = [stopper.step(v) for v in [1.0, 0.8, 0.9, 0.85]]
    assert decisions == [False, False, False, True], f"two epochs without beating 0.8: stop at the fourth call; got {decisions}"
    assert stopper.best == 0.8 and stopper.best_epoch == 1, f"best 0.8 at epoch 1, got {stopper.best} at {stopper.best_epoch}"


def test_improvement_resets_the_count() -> None:
    stopper = EarlyStopping(patience=2)
    decisions = [stopper.step(v) for v in [1.0, 1.1, 0.9, 1.2, 1.3]]
    assert decisions == [False, False, False, False, True], f"0.9 at epoch 2 resets the count; got {decisions}"
