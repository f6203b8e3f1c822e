// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/shared/src/makeMap.ts makeMap
function lookupOf(list: string): (key: string) => boolean {
  const members = new Set<string>(list.split(','))
  return function has(key) {
    return members.has(key)
  }
}
