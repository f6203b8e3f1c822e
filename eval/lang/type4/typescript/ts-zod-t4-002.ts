// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v4/core/json-schema-processors.ts enumProcessor
function processEnum(schema: schemas.$ZodEnum, _ctx: unknown, out: any, _params: unknown) {
  const values = getEnumValues((schema._zod.def as schemas.$ZodEnumDef).entries);
  const kinds = new Set(values.map((v) => typeof v));
  if (kinds.size === 1) {
    const [only] = kinds;
    if (only === "number" || only === "string") out.type = only;
  }
  out.enum = values;
}
