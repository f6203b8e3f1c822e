# dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
# original: pallets/jinja src/jinja2/utils.py LRUCache.__setitem__
def store(self, key, value):
    with self._wlock:
        present = key in self._mapping
        if present:
            self._remove(key)
        if not present and len(self._mapping) == self.capacity:
            oldest = self._popleft()
            self._mapping.pop(oldest)
        self._append(key)
        self._mapping[key] = value
