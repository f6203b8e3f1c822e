# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: python-attrs/attrs src/attr/_compat.py _AnnotationExtractor.get_first_param_type
def first_param_annotation(self):
    import inspect
    if self.sig is None:
        return None
    first = next(iter(self.sig.parameters.values()), None)
    if first is None or first.annotation is inspect.Parameter.empty:
        return None
    return first.annotation
