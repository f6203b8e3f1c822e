// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v3/types.ts cleanParams
function normalizeParams(raw: unknown, input: unknown) {
  let resolved = raw;
  if (typeof resolved === "function") {
    resolved = resolved(input);
  }
  if (typeof resolved === "string") {
    return { message: resolved };
  }
  return resolved;
}
