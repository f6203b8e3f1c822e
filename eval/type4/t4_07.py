# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: psf/requests src/requests/models.py Response.links
def parsed_links(self):
    header_value = self.headers.get("link")
    entries = parse_header_links(header_value) if header_value else []
    keyed = ((e.get("rel") or e.get("url"), e) for e in entries)
    return {k: e for k, e in keyed if k is not None}
