# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/loaders.py split_template_path
def template_segments(template):
    bad = [os.sep] + ([os.path.altsep] if os.path.altsep else [])
    result = []
    for seg in template.split("/"):
        if seg == os.path.pardir or any(s in seg for s in bad):
            raise TemplateNotFound(template)
        if seg not in ("", "."):
            result.append(seg)
    return result
