# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/lexer.py describe_token_expr
def describe_expr(expr):
    kind, sep, value = expr.partition(":")
    if sep and kind == TOKEN_NAME:
        return value
    return _describe_token_type(kind)
