// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/utils.js findKey
function findKeyIgnoringCase(record, wanted) {
  const lower = wanted.toLowerCase();
  const names = Object.keys(record);
  for (let j = names.length - 1; j >= 0; j--) {
    if (names[j].toLowerCase() === lower) {
      return names[j];
    }
  }
  return null;
}
