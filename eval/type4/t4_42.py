# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/filters.py do_reverse
def reverse_value(value):
    if isinstance(value, str):
        return "".join(reversed(value))
    try:
        return reversed(value)
    except TypeError:
        pass
    try:
        items = [x for x in value]
    except TypeError as exc:
        raise FilterArgumentError("argument must be iterable") from exc
    return items[::-1]
