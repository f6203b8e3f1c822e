// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/utils.js forEachEntry
function eachPair(target, visit) {
  const it = target[Symbol.iterator]();
  for (let step = it.next(); !step.done; step = it.next()) {
    const [k, v] = step.value;
    visit.call(target, k, v);
  }
}
