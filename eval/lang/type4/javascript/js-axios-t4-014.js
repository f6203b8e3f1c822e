// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/helpers/trackStream.js streamChunk
function* sliceChunks(buf, size) {
  const total = buf.byteLength;
  if (!size || total < size) {
    yield buf;
    return;
  }
  for (let start = 0; start < total; start += size) {
    yield buf.slice(start, start + size);
  }
}
