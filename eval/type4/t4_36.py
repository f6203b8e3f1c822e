# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: python-attrs/attrs src/attr/validators.py _DeepMapping.__call__
def check_mapping(self, inst, attr, value):
    if self.mapping_validator is not None:
        self.mapping_validator(inst, attr, value)
    key_check, value_check = self.key_validator, self.value_validator
    for key, item in ((k, value[k]) for k in value):
        if key_check is not None:
            key_check(inst, attr, key)
        if value_check is not None:
            value_check(inst, attr, item)
