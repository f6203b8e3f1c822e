# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/click src/click/core.py Command.get_help_option_names
def help_flags(self, ctx):
    taken = set()
    for p in self.params:
        taken.update(p.opts)
        taken.update(p.secondary_opts)
    seen = []
    for name in ctx.help_option_names:
        if name not in taken and name not in seen:
            seen.append(name)
    return seen
