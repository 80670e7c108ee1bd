import time


def retry(func, max_attempts=3, base_delay=0.1, max_delay=2.0, retry_on=(Exception,), sleep=time.sleep):
    """Call func() until it succeeds, sleeping base_delay * 2**(i-1) (capped) between failed attempts."""
    if max_attempts < 1:
        raise ValueError(f"max_attempts must be at least 1, got {max_attempts}")
    for attempt in range(1, max_attempts + 1):
        try:
            return func()
        except retry_on:
            if attempt == max_attempts:
                raise  # the original exception, with its traceback
            sleep(min(max_delay, base_delay * 2 ** (attempt - 1)))
