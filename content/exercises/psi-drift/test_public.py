import numpy as np

from submission import psi


def test_same_distribution_is_stable() -> None:
    rng = np.random.default_rng(0)
    value = psi(rng.normal(size=5000), rng.normal(size=5000))
    assert 0 <= value < 0.02, f"two samples of the same distribution: PSI near 0, got {value}"


def test_shift_is_detected() -> None:
    rng = np.random.default_rng(1)
    value = psi(rng.normal(size=5000), rng.normal(loc=1.0, size=5000))
    assert value > 0.25, f"a shift of one standard deviation is a significant drift (PSI > 0.25), got {value}"
