from submission import predictive_values


def test_balanced_prevalence_matches_the_table() -> None:
    # 500 sick, 500 healthy: at prevalence 0.5 the study table's own ratios are right
    ppv, npv = predictive_values(tp=450, fn=50, fp=100, tn=400, prevalence=0.5)
    assert abs(ppv - 450 / 550) < 1e-12, f"PPV at prevalence 0.5 should be 450/550, got {ppv}"
    assert abs(npv - 400 / 450) < 1e-12, f"NPV at prevalence 0.5 should be 400/450, got {npv}"


def test_medical_test_example() -> None:
    # sensitivity 0.95, specificity 0.90, prevalence 1%
    ppv, _ = predictive_values(tp=95, fn=5, fp=10, tn=90, prevalence=0.01)
    expected = 0.95 * 0.01 / (0.95 * 0.01 + 0.10 * 0.99)
    assert abs(ppv - expected) < 1e-12, f"PPV should be about 0.0876, got {ppv}"
