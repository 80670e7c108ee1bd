from submission import lr_at


def test_no_warmup_starts_at_base() -> None:
    got = lr_at(0, base_lr=0.1, total_steps=100)
    assert abs(got - 0.1) < 1e-15, f"step 0 without warmup is base_lr, got {got}"
    mid = lr_at(50, base_lr=0.1, total_steps=100)
    assert abs(mid - 0.05) < 1e-12, f"halfway through the decay the rate is (base + min) / 2 = 0.05, got {mid}"


def test_warmup_is_linear() -> None:
    got = [lr_at(s, base_lr=1.0, total_steps=10, warmup_steps=4) for s in range(4)]
    assert all(abs(g - w) < 1e-12 for g, w in zip(got, [0.25, 0.5, 0.75, 1.0])), f"warmup: base * (step + 1) / 4, got {got}"
