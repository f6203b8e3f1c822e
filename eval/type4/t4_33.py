# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: python-attrs/attrs src/attr/_make.py validate
def run_validators(inst):
    if not _config._run_validators:
        return
    checked = [a for a in fields(type(inst)) if a.validator is not None]
    for attrib in checked:
        attrib.validator(inst, attrib, getattr(inst, attrib.name))
