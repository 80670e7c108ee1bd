import hashlib

import numpy as np

from submission import assign_split


def _reference(ids, fraction, salt=""):
    return np.array([int.from_bytes(hashlib.sha256(f"{salt}{i}".encode()).digest()[:8], "big") / 2**64 < fraction
                     for i in ids], dtype=bool)


def test_exact_against_recipe() -> None:
    ids = [f"c{n:05d}" for n in range(500)] + list(range(500))
    got = assign_split(ids, 0.2, salt="v1:")
    assert np.array_equal(got, _reference(ids, 0.2, "v1:")), "assignments differ from sha256(f'{salt}{id}'), first 8 bytes big-endian / 2**64"


def test_new_ids_do_not_move_old_ones() -> None:
    old = [f"id{n}" for n in range(300)]
    new = old + [f"new{n}" for n in range(200)]
    a = assign_split(old, 0.3)
    b = assign_split(new, 0.3)
    assert np.array_equal(a, np.asarray(b)[:300]), "adding customers must not move existing ones between splits"


def test_repeated_ids_agree_and_salt_matters() -> None:
    got = np.asarray(assign_split(["x", "y", "x", "y", "x"], 0.5))
    assert got[0] == got[2] == got[4] and got[1] == got[3], "the same id always lands in the same split"
    ids = list(range(2000))
    assert not np.array_equal(assign_split(ids, 0.5, salt="a"), assign_split(ids, 0.5, salt="b")), "a different salt gives a different split"


def test_fraction_is_respected() -> None:
    got = np.asarray(assign_split(range(20_000), 0.25))
    share = got.mean()
    assert abs(share - 0.25) < 0.015, f"about 25 % of 20,000 ids should be in the test set, got {share:.3f}"


def test_edges_and_errors() -> None:
    assert not np.asarray(assign_split(range(100), 0.0)).any(), "test_fraction 0: nothing in the test set"
    assert np.asarray(assign_split(range(100), 1.0)).all(), "test_fraction 1: everything in the test set"
    assert np.shape(assign_split([], 0.5)) == (0,), "no ids: an empty array"
    for bad in (-0.1, 1.5):
        try:
            assign_split([1, 2], bad)
        except ValueError:
            continue
        raise AssertionError(f"test_fraction={bad} must raise ValueError")
