// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: lodash/lodash 9429a4ee03056e5b7be9a85a54571d7630f05983 lodash.js lazyClone
function cloneLazy() {
  const copy = new LazyWrapper(this.__wrapped__);
  for (const key of ['__actions__', '__iteratees__', '__views__']) {
    copy[key] = copyArray(this[key]);
  }
  for (const key of ['__dir__', '__filtered__', '__takeCount__']) {
    copy[key] = this[key];
  }
  return copy;
}
