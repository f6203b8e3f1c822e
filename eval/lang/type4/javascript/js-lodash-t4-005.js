// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: lodash/lodash 9429a4ee03056e5b7be9a85a54571d7630f05983 lodash.js baseAt
function pickPaths(obj, pathList) {
  if (obj == null) {
    return pathList.map(() => undefined);
  }
  const values = [];
  for (const p of pathList) {
    values.push(get(obj, p));
  }
  return values;
}
