import math

_TYPES = {"int": (int,), "float": (int, float), "str": (str,), "bool": (bool,)}


def _problem(value, spec):
    """The first problem with one present, non-None value, or None."""
    kind = spec["type"]
    if not isinstance(value, _TYPES[kind]) or (kind in ("int", "float") and isinstance(value, bool)):
        return "type"
    if kind == "float" and not math.isfinite(value):
        return "not_finite"
    if "min" in spec and value < spec["min"]:
        return "min"
    if "max" in spec and value > spec["max"]:
        return "max"
    if "allowed" in spec and value not in spec["allowed"]:
        return "allowed"
    return None


def validate_records(records, schema):
    """Sorted (record_index, field, code) problems; codes: missing, type, not_finite, min, max,
    allowed, unknown."""
    problems = []
    for i, record in enumerate(records):
        for field in record.keys() - schema.keys():
            problems.append((i, field, "unknown"))
        for field, spec in schema.items():
            value = record.get(field)
            if value is None:
                if spec.get("required", True):
                    problems.append((i, field, "missing"))
                continue
            code = _problem(value, spec)
            if code:
                problems.append((i, field, code))
    return sorted(problems)
