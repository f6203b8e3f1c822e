// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: lodash/lodash 9429a4ee03056e5b7be9a85a54571d7630f05983 lodash.js negate
function complement(pred) {
  if (typeof pred !== 'function') {
    throw new TypeError(FUNC_ERROR_TEXT);
  }
  return function (...args) {
    const verdict = pred.apply(this, args);
    return !verdict;
  };
}
