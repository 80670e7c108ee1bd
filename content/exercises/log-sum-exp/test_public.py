import math

import numpy as np

from submission import log_posterior, logsumexp


def test_logsumexp_small_values() -> None:
    got = logsumexp(np.array([0.0, math.log(2.0), math.log(3.0)]))
    assert math.isclose(float(got), math.log(6.0), rel_tol=1e-12), f"log(1 + 2 + 3) = log 6, got {got}"


def test_posterior_two_hypotheses() -> None:
    # prior 0.5 / 0.5, likelihoods 0.2 and 0.6: posterior 0.25 / 0.75
    got = log_posterior(np.log([0.5, 0.5]), np.log([0.2, 0.6]))
    np.testing.assert_allclose(np.exp(got), [0.25, 0.75], rtol=1e-12, err_msg="posterior is prior x likelihood, normalised")
