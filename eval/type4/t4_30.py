# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/click src/click/core.py Command.get_short_help_str
def short_help_text(self, limit=45):
    if self.short_help:
        summary = inspect.cleandoc(self.short_help)
    else:
        summary = _make_default_short_help(self.help, limit) if self.help else ""
    label = _format_deprecated_label(self.deprecated) if self.deprecated else None
    if label is not None:
        summary = " ".join((_(summary), label))
    return summary.strip()
