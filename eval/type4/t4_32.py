# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: python-attrs/attrs src/attr/_make.py __ne__
def not_equal(self, other):
    """Negate __eq__, passing NotImplemented through unchanged."""
    equal = self.__eq__(other)
    if equal is NotImplemented:
        result = NotImplemented
    elif equal:
        result = False
    else:
        result = True
    return result
