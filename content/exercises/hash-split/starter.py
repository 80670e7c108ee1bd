import numpy as np


def assign_split(ids, test_fraction, salt=""):
    """Bool array, True where sha256(salt + id) falls below test_fraction; stable across runs.

    This version uses the built-in hash(), which changes between processes: fix it.
    """
    return np.array([(hash(f"{salt}{i}") % 10_000) / 10_000 < test_fraction for i in ids], dtype=bool)
