import pandas as pd


def top_runs(runs, metric, higher_is_better=True, k=2):
    """Run ids of the k best FINISHED runs by metrics.<metric>; ties: earlier start_time, then run_id."""
    column = f"metrics.{metric}"
    if column not in runs.columns:
        raise ValueError(f"no column {column!r}; logged metrics: {[c for c in runs.columns if c.startswith('metrics.')]}")
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    eligible = runs[(runs["status"] == "FINISHED") & runs[column].notna()]
    ranked = eligible.sort_values(
        [column, "start_time", "run_id"],
        ascending=[not higher_is_better, True, True],
        kind="mergesort",
    )
    return [str(run_id) for run_id in ranked["run_id"].head(k)]
