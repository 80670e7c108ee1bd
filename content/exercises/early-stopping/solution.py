import math


class EarlyStopping:
    """Tells a training loop to stop after `patience` epochs in a row without improvement."""

    def __init__(self, patience, min_delta=0.0, mode="min"):
        if patience < 1:
            raise ValueError(f"patience must be at least 1, got {patience}")
        if min_delta < 0:
            raise ValueError(f"min_delta must be non-negative, got {min_delta}")
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
        self.patience = patience
        self.min_delta = min_delta
        self.mode = mode
        self.best = None
        self.best_epoch = None
        self._epoch = -1
        self._bad_epochs = 0
        self._stopped = False

    def _improves(self, value: float) -> bool:
        if math.isnan(value):
            return False
        if self.best is None:
            return True
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def step(self, value):
        """Record one epoch's validation metric; return True when training should stop."""
        self._epoch += 1
        value = float(value)
        if self._improves(value):
            self.best = value
            self.best_epoch = self._epoch
            self._bad_epochs = 0
        else:
            self._bad_epochs += 1
        if self._bad_epochs >= self.patience:
            self._stopped = True
        return self._stopped
