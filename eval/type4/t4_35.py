# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: python-attrs/attrs src/attr/validators.py _InValidator.__call__
def check_membership(self, inst, attr, value):
    allowed = False
    with contextlib.suppress(TypeError):
        allowed = value in self.options
    if allowed:
        return
    raise ValueError(
        "'{}' must be in {!r} (got {!r})".format(attr.name, self._original_options, value),
        attr,
        self._original_options,
        value,
    )
