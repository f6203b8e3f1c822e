// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/utils.js isArrayBufferView
function looksLikeBufferView(candidate) {
  const native = typeof ArrayBuffer !== 'undefined' && ArrayBuffer.isView;
  if (native) {
    return ArrayBuffer.isView(candidate);
  }
  return Boolean(candidate && candidate.buffer && isArrayBuffer(candidate.buffer));
}
