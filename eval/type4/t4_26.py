# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/click src/click/_textwrap.py TextWrapper.indent_only
def indent_lines(self, text):
    lines = text.splitlines()
    if not lines:
        return ""
    first = self.initial_indent + lines[0]
    rest = [self.subsequent_indent + line for line in lines[1:]]
    return "\n".join([first] + rest)
