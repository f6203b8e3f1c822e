# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/click src/click/core.py _format_deprecated_label
def deprecation_tag(deprecated):
    word = _("deprecated").upper()
    suffix = f": {deprecated}" if isinstance(deprecated, str) else ""
    return "(" + word + suffix + ")"
