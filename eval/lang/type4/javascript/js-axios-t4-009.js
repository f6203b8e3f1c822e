// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/cancel/CancelToken.js CancelToken.unsubscribe
class CancelToken {
  removeListener(fn) {
    const list = this._listeners;
    if (list) {
      const at = list.findIndex((l) => l === fn);
      if (at >= 0) list.splice(at, 1);
    }
  }
}
