// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v4/core/doc.ts Doc.write
class Doc {
  write(arg: any) {
    if (typeof arg !== "function") {
      const rows = String(arg).split("\n").filter((r) => r.length > 0);
      const indents = rows.map((r) => r.length - r.trimStart().length);
      const cut = Math.min(...indents);
      const pad = " ".repeat(this.indent * 2);
      this.content.push(...rows.map((r) => pad + r.slice(cut)));
      return;
    }
    for (const execution of ["sync", "async"] as const) {
      (arg as ModeWriter)(this, { execution });
    }
  }
}
