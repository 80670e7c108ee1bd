class EarlyStopping:
    """Tells a training loop to stop after `patience` epochs in a row without improvement."""

    def __init__(self, patience, min_delta=0.0, mode="min"):
        self.patience = patience
        self.min_delta = min_delta
        self.mode = mode
        self.best = None
        self.best_epoch = None

    def step(self, value):
        """Record one epoch's validation metric; return True when training should stop."""
        raise NotImplementedError
