# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/runtime.py markup_join
def join_escaped(seq):
    parts = [soft_str(x) for x in seq]
    if any(hasattr(p, "__html__") for p in parts):
        return Markup("").join(parts)
    return concat(parts)
