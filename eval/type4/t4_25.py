# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/click src/click/_termui_impl.py _translate_ch_to_exc
def raise_for_control_char(ch):
    if ch == "\x03":
        raise KeyboardInterrupt()
    eof_char = "\x1a" if WIN else "\x04"
    if ch == eof_char:
        raise EOFError()
