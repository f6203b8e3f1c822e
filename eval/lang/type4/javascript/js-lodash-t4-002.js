// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: lodash/lodash 9429a4ee03056e5b7be9a85a54571d7630f05983 lodash.js concat
function concatAll(first, ...rest) {
  if (arguments.length === 0) {
    return [];
  }
  const head = Array.isArray(first) ? first.slice() : [first];
  for (const item of rest) {
    if (Array.isArray(item)) {
      head.push(...item);
    } else {
      head.push(item);
    }
  }
  return head;
}
