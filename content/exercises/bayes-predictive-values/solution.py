import math


def predictive_values(tp: int, fn: int, fp: int, tn: int, prevalence: float) -> tuple[float, float]:
    """(P(sick | positive), P(healthy | negative)) at the given prevalence."""
    if min(tp, fn, fp, tn) < 0:
        raise ValueError("counts must be non-negative")
    if not 0.0 <= prevalence <= 1.0:
        raise ValueError(f"prevalence must be in [0, 1], got {prevalence}")
    if tp + fn == 0 or tn + fp == 0:
        raise ValueError("the table needs at least one sick and one healthy case")
    sens = tp / (tp + fn)
    spec = tn / (tn + fp)
    true_pos = sens * prevalence              # P(sick and positive)
    false_pos = (1 - spec) * (1 - prevalence)  # P(healthy and positive)
    true_neg = spec * (1 - prevalence)
    false_neg = (1 - sens) * prevalence
    ppv = true_pos / (true_pos + false_pos) if true_pos + false_pos > 0 else math.nan
    npv = true_neg / (true_neg + false_neg) if true_neg + false_neg > 0 else math.nan
    return ppv, npv
