// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/server-renderer/src/helpers/ssrRenderSlot.ts isComment
function isCommentChunk(chunk: SSRBufferItem) {
  if (typeof chunk === 'string' && commentTestRE.test(chunk)) {
    return chunk.length <= 8 || chunk.replace(commentRE, '').trim().length === 0
  }
  return false
}
