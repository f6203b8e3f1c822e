// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v4/core/json-schema-processors.ts inputOptin
function optinOfInput(schema: schemas.$ZodType): "optional" | "defaulted" | undefined {
  let current = schema;
  for (;;) {
    const def = current._zod.def;
    if (def.type === "catch") {
      current = (def as schemas.$ZodCatchDef).innerType;
    } else if (def.type === "pipe" && (def as schemas.$ZodPipeDef).in._zod.traits.has("$ZodTransform")) {
      current = (def as schemas.$ZodPipeDef).out;
    } else {
      return current._zod.optin;
    }
  }
}
