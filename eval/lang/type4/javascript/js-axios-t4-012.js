// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/core/AxiosHeaders.js parseTokens
function tokenMap(input) {
  const out = Object.create(null);
  const re = /([^\s,;=]+)\s*(?:=\s*([^,;]+))?/g;
  for (const [, name, value] of String(input).matchAll(re)) {
    out[name] = value;
  }
  return out;
}
