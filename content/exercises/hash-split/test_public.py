import numpy as np

from submission import assign_split


def test_shape_and_dtype() -> None:
    got = assign_split(["alice", "bob", "carol"], 0.5)
    assert np.shape(got) == (3,), f"one flag per id, got shape {np.shape(got)}"
    assert np.asarray(got).dtype == bool, f"return a bool array, got {np.asarray(got).dtype}"


def test_known_assignments() -> None:
    # the first 8 bytes of sha256 / 2**64 are 0.776, 0.571, 0.365 and 0.036 for these ids
    got = assign_split(["user-1", "user-3", "user-5", "user-7"], 0.5)
    assert [bool(v) for v in got] == [False, False, True, True], f"test set where the hash value is below 0.5; got {list(got)}"
