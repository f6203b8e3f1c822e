# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: python-attrs/attrs src/attr/_make.py _is_class_var
def is_classvar_annotation(annot):
    text = str(getattr(annot, "__forward_arg__", annot))
    quotes = ("'", '"')
    if text[:1] in quotes and text[-1:] in quotes:
        text = text[1:-1]
    return any(text.startswith(p) for p in _CLASSVAR_PREFIXES)
