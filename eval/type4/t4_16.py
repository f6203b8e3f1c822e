# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/flask src/flask/json/tag.py TaggedJSONSerializer.untag
def remove_tag(self, value):
    if len(value) == 1:
        ((key, payload),) = value.items()
        tag = self.tags.get(key)
        if tag is not None:
            return tag.to_python(payload)
    return value
