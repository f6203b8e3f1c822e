// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/runtime-core/src/components/BaseTransition.ts useTransitionState
function createTransitionState(): TransitionState {
  const state = {} as TransitionState
  state.isMounted = false
  state.isLeaving = false
  state.isUnmounting = false
  state.leavingVNodes = new Map()
  onMounted(() => (state.isMounted = true))
  onBeforeUnmount(() => (state.isUnmounting = true))
  return state
}
