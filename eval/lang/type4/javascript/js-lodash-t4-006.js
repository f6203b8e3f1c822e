// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: lodash/lodash 9429a4ee03056e5b7be9a85a54571d7630f05983 lodash.js toKey
function asPropertyKey(input) {
  const kind = typeof input;
  if (kind === 'string' || isSymbol(input)) {
    return input;
  }
  if (input === 0 && 1 / input === -INFINITY) {
    return '-0';
  }
  return `${input}`;
}
