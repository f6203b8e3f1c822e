// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages-private/template-explorer/src/index.ts debounce
function debounced<T extends (...args: any[]) => any>(callback: T, wait: number = 300): T {
  let handle: number | null = null
  const wrapper = (...params: any[]) => {
    if (handle !== null) clearTimeout(handle)
    handle = window.setTimeout(() => {
      handle = null
      callback(...params)
    }, wait)
  }
  return wrapper as T
}
