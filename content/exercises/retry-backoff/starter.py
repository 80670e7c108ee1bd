import time


def retry(func, max_attempts=3, base_delay=0.1, max_delay=2.0, retry_on=(Exception,), sleep=time.sleep):
    """Call func() until it succeeds, sleeping base_delay * 2**(i-1) (capped) between failed attempts."""
    raise NotImplementedError
