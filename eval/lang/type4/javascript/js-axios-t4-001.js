// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/helpers/toFormData.js renderKey
function keyPath(prefix, name, useDots) {
  if (!prefix) {
    return name;
  }
  const parts = [...prefix, name];
  let out = '';
  for (let n = 0; n < parts.length; n++) {
    const part = removeBrackets(parts[n]);
    if (useDots) {
      out += (n > 0 ? '.' : '') + part;
    } else {
      out += n === 0 ? part : `[${part}]`;
    }
  }
  return out;
}
