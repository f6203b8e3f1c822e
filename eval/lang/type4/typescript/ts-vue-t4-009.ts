// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/runtime-test/src/triggerEvent.ts triggerEvent
function fireEvent(target: TestElement, name: string, args: any[] = []): void {
  const handlers = target.eventListeners && target.eventListeners[name]
  if (!handlers) return
  const list = isArray(handlers) ? handlers : [handlers]
  list.forEach(h => h(...args))
}
