// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/runtime-core/src/warning.ts formatProps
function describeProps(props: Data): any[] {
  const names = Object.keys(props)
  const out: any[] = names
    .slice(0, 3)
    .flatMap(name => formatProp(name, props[name]))
  return names.length > 3 ? [...out, ` ...`] : out
}
