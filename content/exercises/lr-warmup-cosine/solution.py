import math


def lr_at(step, base_lr, total_steps, warmup_steps=0, min_lr=0.0):
    """Learning rate at a 0-based step: linear warmup, then cosine decay to min_lr."""
    if step < 0:
        raise ValueError(f"step must be non-negative, got {step}")
    if total_steps < 1:
        raise ValueError(f"total_steps must be at least 1, got {total_steps}")
    if not 0 <= warmup_steps < total_steps:
        raise ValueError(f"warmup_steps must be in [0, total_steps), got {warmup_steps}")
    if min_lr > base_lr:
        raise ValueError(f"min_lr {min_lr} is above base_lr {base_lr}")
    if step < warmup_steps:
        return float(base_lr * (step + 1) / warmup_steps)
    if step >= total_steps:
        return float(min_lr)
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return float(min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress)))
