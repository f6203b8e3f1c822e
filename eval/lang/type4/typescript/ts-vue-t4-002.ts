// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/runtime-dom/src/modules/class.ts patchClass
function setElementClass(el: Element, cls: string | null, svg: boolean): void {
  const pending = (el as ElementWithTransition)[vtcKey]
  let next = cls
  if (pending) {
    const all = [...pending]
    if (cls) all.unshift(cls)
    next = all.join(' ')
  }
  if (next == null) {
    return el.removeAttribute('class')
  }
  if (svg) el.setAttribute('class', next)
  else el.className = next
}
