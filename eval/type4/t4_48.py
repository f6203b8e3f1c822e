# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/utils.py object_type_repr
def type_name_of(obj):
    for singleton, label in ((None, "None"), (Ellipsis, "Ellipsis")):
        if obj is singleton:
            return label
    kind = type(obj)
    module = kind.__module__
    prefix = "" if module == "builtins" else module + "."
    return "%s%s object" % (prefix, kind.__name__)
