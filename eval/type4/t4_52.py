# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/runtime.py LoopContext.changed
def value_changed(self, *value: t.Any) -> bool:
    """Tell whether *value* differs from the one passed on the previous call."""
    last_seen = self._last_changed_value
    is_new = last_seen != value
    if is_new:
        self._last_changed_value = value
    return is_new
