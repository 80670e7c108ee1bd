from submission import validate_records

SCHEMA = {
    "age": {"type": "int", "min": 18, "max": 99},
    "score": {"type": "float"},
    "member": {"type": "bool", "required": False},
    "plan": {"type": "str", "required": False, "allowed": ["free", "pro"]},
}


def test_bool_is_not_a_number() -> None:
    got = validate_records([{"age": True, "score": False}], SCHEMA)
    assert got == [(0, "age", "type"), (0, "score", "type")], f"True/False are ints in Python but not valid numbers here: got {got}"


def test_types_both_ways() -> None:
    got = validate_records([{"age": 30.0, "score": 1, "member": 1, "plan": 3}], SCHEMA)
    want = [(0, "age", "type"), (0, "member", "type"), (0, "plan", "type")]
    assert got == want, f"30.0 is not an int, 1 is fine as a float, 1 is not a bool, 3 is not a str: expected {want}, got {got}"


def test_not_finite_floats() -> None:
    got = validate_records([{"age": 20, "score": float("nan")}, {"age": 20, "score": float("-inf")}], SCHEMA)
    assert got == [(0, "score", "not_finite"), (1, "score", "not_finite")], f"nan and inf are rejected, got {got}"


def test_bounds_are_inclusive_and_optional_fields() -> None:
    records = [{"age": 18, "score": 0.5}, {"age": 99, "score": -3.0, "member": None, "plan": None}, {"age": 17, "score": 0.0}]
    got = validate_records(records, SCHEMA)
    assert got == [(2, "age", "min")], f"18 and 99 are allowed, 17 is not; optional fields may be absent or None; got {got}"


def test_one_code_per_field_in_order() -> None:
    schema = {"x": {"type": "int", "min": 5, "allowed": [1, 2, 3]}}
    got = validate_records([{"x": 2}, {"x": 7}, {"x": None}], schema)
    assert got == [(0, "x", "min"), (1, "x", "allowed"), (2, "x", "missing")], f"only the first applicable code per field: got {got}"


def test_unknown_fields_and_sorting() -> None:
    records = [{"age": 50, "score": 1.0, "zip": "1011"}, {"score": 2.0, "agee": 40}]
    got = validate_records(records, SCHEMA)
    want = [(0, "zip", "unknown"), (1, "age", "missing"), (1, "agee", "unknown")]
    assert got == want, f"unknown fields are reported; sort by index then field: expected {want}, got {got}"
    assert validate_records([], SCHEMA) == [], "no records: no problems"
