// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/core/AxiosHeaders.js AxiosHeaders.clear
class AxiosHeaders {
  removeMatching(filter) {
    let removedAny = false;
    for (const name of Object.keys(this).reverse()) {
      const hit = filter ? matchHeaderValue(this, this[name], name, filter, true) : true;
      if (hit) {
        delete this[name];
        removedAny = true;
      }
    }
    return removedAny;
  }
}
