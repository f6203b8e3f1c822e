# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/click src/click/core.py Context.find_object
def nearest_obj(self, object_type):
    ctx = self
    while ctx is not None and not isinstance(ctx.obj, object_type):
        ctx = ctx.parent
    return None if ctx is None else ctx.obj
