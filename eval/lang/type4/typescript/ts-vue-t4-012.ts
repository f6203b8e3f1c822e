// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/runtime-core/src/compat/instanceEventEmitter.ts emit
function emitLegacy(
  vm: ComponentInternalInstance,
  name: string,
  payload: any[],
): ComponentPublicInstance | null {
  const registry = getRegistry(vm)
  const listeners = registry[name]
  if (!listeners) {
    return vm.proxy
  }
  const bound = listeners.map(l => l.bind(vm.proxy))
  callWithAsyncErrorHandling(bound, vm, ErrorCodes.COMPONENT_EVENT_HANDLER, payload)
  return vm.proxy
}
