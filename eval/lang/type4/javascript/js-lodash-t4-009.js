// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: lodash/lodash 9429a4ee03056e5b7be9a85a54571d7630f05983 lodash.js rest
function restArgs(fn, from) {
  if (typeof fn !== 'function') {
    throw new TypeError(FUNC_ERROR_TEXT);
  }
  const begin = from !== undefined ? toInteger(from) : undefined;
  return baseRest(fn, begin);
}
