// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v4/core/compile.ts generateTemplateLiteralCheck
function emitTemplateLiteralCheck(doc: Doc, ctx: CompileContext, schema: SomeType, accessor: string): string {
  const lines = [`if (typeof ${accessor} !== "string") return INVALID;`];
  const re = (schema._zod as unknown as { pattern?: RegExp }).pattern;
  if (re) {
    const name = addConstant(ctx, re);
    lines.push(`${name}.lastIndex = 0;`, `if (!${name}.test(${accessor})) return INVALID;`);
  }
  lines.forEach((line) => doc.write(line));
  return accessor;
}
