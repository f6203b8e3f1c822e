# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/nodes.py Node.iter_child_nodes
def child_nodes(self, exclude=None, only=None):
    for _field, value in self.iter_fields(exclude, only):
        candidates = value if isinstance(value, list) else [value]
        yield from (c for c in candidates if isinstance(c, Node))
