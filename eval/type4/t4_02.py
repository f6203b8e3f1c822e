# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: psf/requests src/requests/_internal_utils.py unicode_is_ascii
def is_pure_ascii(text):
    assert isinstance(text, str)
    for ch in text:
        if ord(ch) > 127:
            return False
    return True
