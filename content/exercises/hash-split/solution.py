import hashlib

import numpy as np


def _unit_interval(key: str) -> float:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def assign_split(ids, test_fraction, salt=""):
    """Bool array, True where sha256(salt + id) falls below test_fraction; stable across runs."""
    if not 0 <= test_fraction <= 1:
        raise ValueError(f"test_fraction must be in [0, 1], got {test_fraction}")
    return np.array([_unit_interval(f"{salt}{i}") < test_fraction for i in ids], dtype=bool)
