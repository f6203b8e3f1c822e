# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/click src/click/_termui_impl.py Editor.get_editor
def pick_editor(self):
    if self.editor is not None:
        return self.editor
    from_env = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if from_env:
        return from_env
    if WIN:
        return "notepad"
    from shutil import which
    found = [e for e in ("sensible-editor", "vim", "nano") if which(e) is not None]
    return found[0] if found else "vi"
