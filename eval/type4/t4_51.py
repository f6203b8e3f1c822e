# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/runtime.py Context.get_all
def full_context(self):
    if self.vars and self.parent:
        merged = dict(self.parent)
        merged.update(self.vars)
        return merged
    return self.vars if self.vars else self.parent
