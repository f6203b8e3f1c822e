# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: psf/requests src/requests/sessions.py Session.get_adapter
def adapter_for(self, url):
    lowered = url.lower()
    matches = [a for p, a in self.adapters.items() if lowered.startswith(p.lower())]
    if not matches:
        raise InvalidSchema("No connection adapters were found for {!r}".format(url))
    return matches[0]
