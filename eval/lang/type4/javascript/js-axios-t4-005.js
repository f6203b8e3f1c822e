// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/core/buildFullPath.js buildFullPath
function resolveRequestUrl(base, url, absoluteAllowed) {
  const absolute = isAbsoluteURL(url);
  const mustJoin = absoluteAllowed == false || (base && !absolute);
  if (!mustJoin) {
    return url;
  }
  return combineURLs(base, url);
}
