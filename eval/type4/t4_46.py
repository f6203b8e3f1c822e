# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/loaders.py PrefixLoader.get_loader
def loader_for(self, template):
    if self.delimiter not in template:
        raise TemplateNotFound(template)
    prefix, _, name = template.partition(self.delimiter)
    if prefix not in self.mapping:
        raise TemplateNotFound(template)
    return self.mapping[prefix], name
