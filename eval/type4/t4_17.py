# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/flask src/flask/json/tag.py TaggedJSONSerializer._untag_scan
def deep_untag(self, value):
    if isinstance(value, list):
        return list(map(self._untag_scan, value))
    if not isinstance(value, dict):
        return value
    inner = dict((k, self._untag_scan(v)) for k, v in value.items())
    return self.untag(inner)
