// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/defaults/index.js stringifySafely
function toJsonText(value, parse = JSON.parse, stringify = JSON.stringify) {
  if (!utils.isString(value)) {
    return stringify(value);
  }
  try {
    parse(value);
  } catch (err) {
    if (err.name === 'SyntaxError') {
      return stringify(value);
    }
    throw err;
  }
  return utils.trim(value);
}
