// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v3/types.ts floatSafeRemainder
function remainderOfDecimals(value: number, divisor: number) {
  const decimals = (x: number) => {
    const s = String(x);
    const dot = s.indexOf(".");
    return dot < 0 ? 0 : s.length - dot - 1;
  };
  const places = Math.max(decimals(value), decimals(divisor));
  const scale = 10 ** places;
  const a = Number.parseInt(value.toFixed(places).replace(".", ""));
  const b = Number.parseInt(divisor.toFixed(places).replace(".", ""));
  return (a % b) / scale;
}
