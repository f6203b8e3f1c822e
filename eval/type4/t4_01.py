# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: psf/requests src/requests/_internal_utils.py to_native_string
def as_native_str(value, codec="ascii"):
    """Return *value* as a str, decoding bytes with *codec*."""
    if isinstance(value, str):
        return value
    text = bytes(value).decode(codec)
    return text
