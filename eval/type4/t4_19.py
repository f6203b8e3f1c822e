# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/flask src/flask/sansio/scaffold.py Scaffold.static_url_path
def static_prefix(self):
    explicit = self._static_url_path
    if explicit is None and self.static_folder is None:
        return None
    if explicit is not None:
        return explicit
    tail = os.path.basename(self.static_folder)
    return ("/" + tail).rstrip("/")
