import math

from submission import lr_at


def test_decay_phase_matches_formula() -> None:
    for step in range(5, 25):
        progress = (step - 5) / 20
        want = 0.001 + 0.5 * (0.1 - 0.001) * (1 + math.cos(math.pi * progress))
        got = lr_at(step, 0.1, 25, warmup_steps=5, min_lr=0.001)
        assert abs(got - want) < 1e-12, f"step {step}: expected {want}, got {got}"


def test_boundaries() -> None:
    assert abs(lr_at(5, 0.1, 25, warmup_steps=5) - 0.1) < 1e-15, "the first decay step (step == warmup_steps) starts at base_lr"
    assert lr_at(25, 0.1, 25, warmup_steps=5, min_lr=0.002) == 0.002, "step == total_steps returns min_lr"
    assert lr_at(1000, 0.1, 25, min_lr=0.002) == 0.002, "long after the end the rate stays at min_lr"
    assert lr_at(24, 0.1, 25, min_lr=0.002) > 0.002, "the last scheduled step is still slightly above min_lr"


def test_monotone_and_bounded() -> None:
    rates = [lr_at(s, 3e-4, 200, warmup_steps=20, min_lr=1e-5) for s in range(220)]
    assert all(b >= a for a, b in zip(rates[:20], rates[1:21])), "the rate rises during warmup"
    assert all(b <= a for a, b in zip(rates[19:], rates[20:])), "the rate never rises during decay"
    assert min(rates[20:]) >= 1e-5 - 1e-18, "the rate never drops below min_lr after warmup"
    assert all(isinstance(r, float) for r in rates), "return Python floats"


def test_integer_arguments() -> None:
    got = lr_at(1, 1, 10, warmup_steps=3)
    assert abs(got - 2 / 3) < 1e-12, f"with integer arguments: 1 * 2 / 3 = 0.667, got {got}"


def test_invalid_arguments() -> None:
    cases = [(-1, 0.1, 10, 0, 0.0), (0, 0.1, 0, 0, 0.0), (0, 0.1, 10, -1, 0.0), (0, 0.1, 10, 10, 0.0), (0, 0.1, 10, 2, 0.5)]
    for args in cases:
        try:
            lr_at(*args)
        except ValueError:
            continue
        raise AssertionError(f"lr_at{args} must raise ValueError")
