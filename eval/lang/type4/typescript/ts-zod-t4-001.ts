// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v4/classic/from-json-schema.ts getTupleRest
function restOfTuple(rest: JSONSchema._JSONSchema | undefined, context: ConversionContext): ZodType | undefined {
  switch (rest) {
    case false:
      return undefined;
    case true:
    case undefined:
      return z.any();
    default:
      return convertSchema(rest, context);
  }
}
