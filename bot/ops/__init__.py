"""Operations endpoints (SPEC §9): health, readiness and Prometheus metrics of a process."""
