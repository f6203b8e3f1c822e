// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v4/core/util.ts uint8ArrayToBase64
function bytesToBase64(data: Uint8Array): string {
  const chars: string[] = [];
  data.forEach((byte) => {
    chars.push(String.fromCharCode(byte));
  });
  return btoa(chars.join(""));
}
