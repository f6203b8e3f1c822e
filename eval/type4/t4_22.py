# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/click src/click/_compat.py _is_binary_writer
def writes_bytes(stream, default=False):
    for probe, verdict in ((b"", True), ("", False)):
        try:
            stream.write(probe)
        except Exception:
            continue
        return verdict
    return default
