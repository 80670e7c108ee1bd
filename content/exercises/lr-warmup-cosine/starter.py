import math


def lr_at(step, base_lr, total_steps, warmup_steps=0, min_lr=0.0):
    """Learning rate at a 0-based step: linear warmup, then cosine decay to min_lr.

    This version forgets the warmup, the end of the schedule and min_lr: fix it.
    """
    return base_lr * 0.5 * (1 + math.cos(math.pi * step / total_steps))
