# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: python-attrs/attrs src/attr/validators.py _OrValidator.__call__
def any_of(self, inst, attr, value):
    failures = 0
    for validator in self.validators:
        try:
            validator(inst, attr, value)
            return
        except Exception:
            failures += 1
    raise ValueError("None of %r satisfied for value %r" % (self.validators, value))
