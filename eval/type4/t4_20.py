# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/flask src/flask/templating.py DispatchingJinjaLoader.list_templates
def all_template_names(self):
    sources = [self.app.jinja_loader]
    sources.extend(bp.jinja_loader for bp in self.app.iter_blueprints())
    names = set()
    for src in sources:
        if src is not None:
            names.update(src.list_templates())
    return list(names)
