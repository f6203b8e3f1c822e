# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/flask src/flask/json/tag.py TaggedJSONSerializer.tag
def apply_tag(self, value):
    matching = next((t for t in self.order if t.check(value)), None)
    if matching is None:
        return value
    return matching.tag(value)
