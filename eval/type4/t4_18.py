# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/flask src/flask/app.py Flask.make_shell_context
def shell_namespace(self):
    namespace = dict(app=self, g=g)
    extras = [proc() for proc in self.shell_context_processors]
    for extra in extras:
        namespace.update(extra)
    return namespace
