# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: psf/requests src/requests/compat.py _resolve_char_detection
def find_charset_detector():
    candidates = ["chardet", "charset_normalizer"]
    for name in candidates:
        try:
            module = __import__(name)
        except ImportError:
            continue
        return module
    return None
