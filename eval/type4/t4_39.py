# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: python-attrs/attrs src/attr/_make.py _CountingAttr.validator
def add_validator(self, meth):
    current = self._validator
    self._validator = meth if current is None else and_(current, meth)
    return meth
