# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: psf/requests src/requests/models.py RequestHooksMixin.deregister_hook
def remove_hook(self, event, hook):
    registered = self.hooks[event]
    if hook not in registered:
        return False
    registered.remove(hook)
    return True
