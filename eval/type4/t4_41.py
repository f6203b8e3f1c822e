# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/filters.py _prepare_attribute_parts
def split_attribute(attr):
    if attr is None:
        return []
    if not isinstance(attr, str):
        return [attr]
    parts = []
    for piece in attr.split("."):
        parts.append(int(piece) if piece.isdigit() else piece)
    return parts
