import math

from submission import predictive_values


def _raises(**kwargs) -> bool:
    try:
        predictive_values(**kwargs)
    except ValueError:
        return True
    return False


def test_low_prevalence() -> None:
    ppv, npv = predictive_values(tp=980, fn=20, fp=30, tn=970, prevalence=0.001)
    sens, spec = 0.98, 0.97
    exp_ppv = sens * 0.001 / (sens * 0.001 + (1 - spec) * 0.999)
    exp_npv = spec * 0.999 / (spec * 0.999 + (1 - sens) * 0.001)
    assert abs(ppv - exp_ppv) < 1e-12, f"at 0.1% prevalence PPV is about {exp_ppv:.4f}, got {ppv} (tp/(tp+fp) ignores prevalence)"
    assert abs(npv - exp_npv) < 1e-12, f"NPV should be {exp_npv:.6f}, got {npv}"


def test_prevalence_zero_and_one() -> None:
    ppv, npv = predictive_values(tp=8, fn=2, fp=1, tn=9, prevalence=0.0)
    assert ppv == 0.0 and npv == 1.0, f"nobody is sick: PPV 0.0 and NPV 1.0, got {(ppv, npv)}"
    ppv, npv = predictive_values(tp=8, fn=2, fp=1, tn=9, prevalence=1.0)
    assert ppv == 1.0 and npv == 0.0, f"everybody is sick: PPV 1.0 and NPV 0.0, got {(ppv, npv)}"


def test_undefined_values_are_nan() -> None:
    # a test that never says positive: sensitivity 0 and specificity 1
    ppv, npv = predictive_values(tp=0, fn=10, fp=0, tn=10, prevalence=0.2)
    assert math.isnan(ppv), f"nobody tests positive, so P(sick | positive) is undefined (nan), got {ppv}"
    assert abs(npv - 0.8) < 1e-12, f"every negative: NPV equals 1 - prevalence = 0.8, got {npv}"
    ppv, npv = predictive_values(tp=10, fn=0, fp=10, tn=0, prevalence=0.3)
    assert math.isnan(npv), f"nobody tests negative, so NPV is undefined (nan), got {npv}"
    assert abs(ppv - 0.3) < 1e-12, f"every positive: PPV equals the prevalence, got {ppv}"


def test_invalid_inputs_raise() -> None:
    assert _raises(tp=-1, fn=5, fp=1, tn=5, prevalence=0.1), "a negative count must raise ValueError"
    assert _raises(tp=5, fn=5, fp=1, tn=5, prevalence=1.5), "a prevalence above 1 must raise ValueError"
    assert _raises(tp=5, fn=5, fp=1, tn=5, prevalence=-0.1), "a negative prevalence must raise ValueError"
    assert _raises(tp=0, fn=0, fp=1, tn=5, prevalence=0.1), "no sick people: sensitivity is undefined, raise ValueError"
    assert _raises(tp=3, fn=1, fp=0, tn=0, prevalence=0.1), "no healthy people: specificity is undefined, raise ValueError"
