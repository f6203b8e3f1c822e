// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/server-renderer/src/renderToString.ts unrollBufferSync
function flattenSyncBuffer(buf: SSRBuffer): string {
  const parts: string[] = []
  for (const piece of buf) {
    parts.push(isString(piece) ? piece : flattenSyncBuffer(piece as SSRBuffer))
  }
  return parts.join('')
}
