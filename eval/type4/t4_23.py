# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/click src/click/_compat.py should_strip_ansi
def strip_colors(stream=None, color=None):
    if color is not None:
        return not color
    if stream is None:
        stream = sys.stdin
    elif hasattr(stream, "color"):
        return False
    interactive = isatty(stream) or _is_jupyter_kernel_output(stream)
    return not interactive
