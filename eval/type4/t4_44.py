# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/lexer.py Token.test
def matches(self, expr):
    if expr == self.type:
        return True
    kind, sep, value = expr.partition(":")
    return bool(sep) and kind == self.type and value == self.value
