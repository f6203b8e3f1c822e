// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: lodash/lodash 9429a4ee03056e5b7be9a85a54571d7630f05983 lodash.js mapCacheSet
function setInMapCache(key, value) {
  const store = getMapData(this, key);
  const had = store.has(key);
  store.set(key, value);
  if (!had) {
    this.size += 1;
  }
  return this;
}
