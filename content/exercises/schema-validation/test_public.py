from submission import validate_records

SCHEMA = {
    "age": {"type": "int", "min": 0, "max": 120},
    "income": {"type": "float", "min": 0},
    "country": {"type": "str", "allowed": ["FR", "DE", "NL"]},
}


def test_clean_batch() -> None:
    records = [{"age": 30, "income": 2500.0, "country": "FR"}, {"age": 0, "income": 0, "country": "NL"}]
    got = validate_records(records, SCHEMA)
    assert got == [], f"valid records give no problems (an int is fine for a float field), got {got}"


def test_reports_each_problem() -> None:
    records = [{"age": 130, "income": 10.0, "country": "FR"}, {"age": 40, "country": "US"}]
    got = validate_records(records, SCHEMA)
    want = [(0, "age", "max"), (1, "country", "allowed"), (1, "income", "missing")]
    assert got == want, f"expected {want}, got {got}"
