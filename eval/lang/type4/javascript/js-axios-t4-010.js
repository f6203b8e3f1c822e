// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/utils.js matchAll
function collectMatches(pattern, text) {
  const found = [];
  for (;;) {
    const m = pattern.exec(text);
    if (m === null) {
      return found;
    }
    found.push(m);
  }
}
