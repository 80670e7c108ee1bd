import math


def validate_records(records, schema):
    """Sorted (record_index, field, code) problems; codes: missing, type, not_finite, min, max,
    allowed, unknown."""
    raise NotImplementedError
