// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v3/types.ts ZodLazy._parse
class ZodLazy {
  _parse(input: ParseInput): ParseReturnType<this["_output"]> {
    const inner = this._def.getter();
    const { ctx: context } = this._processInputParams(input);
    const { data, path } = context;
    return inner._parse({ parent: context, path, data });
  }
}
