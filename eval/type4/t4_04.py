# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: psf/requests src/requests/cookies.py RequestsCookieJar.get_dict
def cookies_as_dict(self, domain=None, path=None):
    selected = [c for c in self
                if domain in (None, c.domain) and path in (None, c.path)]
    result = {}
    for c in selected:
        result[c.name] = c.value
    return result
