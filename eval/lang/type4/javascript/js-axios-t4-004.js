// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/core/dispatchRequest.js throwIfCancellationRequested
function assertNotCancelled(cfg) {
  const { cancelToken, signal } = cfg;
  cancelToken && cancelToken.throwIfRequested();
  if (signal != null && signal.aborted === true) {
    throw new CanceledError(null, cfg);
  }
}
