// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/utils.js toArray
function arrayFrom(listLike) {
  if (!listLike) {
    return null;
  }
  if (isArray(listLike)) {
    return listLike;
  }
  const size = listLike.length;
  if (!isNumber(size)) {
    return null;
  }
  return Array.from({ length: size }, (_, k) => listLike[k]);
}
