# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/click src/click/_compat.py get_best_encoding
def stream_encoding(stream):
    enc = getattr(stream, "encoding", None)
    if not enc:
        enc = sys.getdefaultencoding()
    return "utf-8" if is_ascii_encoding(enc) else enc
