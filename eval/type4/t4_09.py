# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: psf/requests src/requests/sessions.py Session.mount
def register_adapter(self, prefix, adapter):
    self.adapters[prefix] = adapter
    keep = {k: v for k, v in self.adapters.items() if len(k) >= len(prefix)}
    shorter = {k: v for k, v in self.adapters.items() if len(k) < len(prefix)}
    self.adapters.clear()
    self.adapters.update(keep)
    self.adapters.update(shorter)
