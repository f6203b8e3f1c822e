# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: psf/requests src/requests/cookies.py _copy_cookie_jar
def clone_jar(jar):
    if jar is not None and getattr(jar, "copy", None):
        return jar.copy()
    if jar is None:
        return None
    fresh = copy.copy(jar)
    fresh.clear()
    for c in list(jar):
        fresh.set_cookie(copy.copy(c))
    return fresh
