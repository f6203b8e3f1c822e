# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: python-attrs/attrs src/attr/setters.py validate
def validate_on_set(instance, attrib, new_value):
    validator = attrib.validator
    if _config._run_validators is not False and validator:
        validator(instance, attrib, new_value)
    return new_value
