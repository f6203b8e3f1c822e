# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: psf/requests src/requests/utils.py iter_slices
def chunked(data, size):
    if not size or size <= 0:
        size = len(data)
    for start in range(0, len(data), size or 1):
        yield data[start:start + size]
