// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: lodash/lodash 9429a4ee03056e5b7be9a85a54571d7630f05983 lodash.js basePickBy
function pickWhere(source, keys, test) {
  const picked = {};
  keys.forEach((key) => {
    const found = baseGet(source, key);
    if (!test(found, key)) {
      return;
    }
    baseSet(picked, castPath(key, source), found);
  });
  return picked;
}
