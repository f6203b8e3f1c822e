// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/shared/src/normalizeProp.ts normalizeClass
function classString(input: unknown): string {
  const names: string[] = []
  if (isString(input)) {
    names.push(input)
  } else if (isArray(input)) {
    for (const part of input) {
      const s = classString(part)
      if (s) names.push(s)
    }
  } else if (isObject(input)) {
    for (const [key, on] of Object.entries(input)) {
      if (on) names.push(key)
    }
  }
  return names.join(' ').trim()
}
