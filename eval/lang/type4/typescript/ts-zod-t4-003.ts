// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v4/core/util.ts shallowClone
function copyShallow(value: any): any {
  if (value instanceof Set) {
    return new Set(value);
  }
  if (value instanceof Map) {
    return new Map(value);
  }
  if (Array.isArray(value)) {
    return value.slice();
  }
  return isPlainObject(value) ? Object.assign({}, value) : value;
}
