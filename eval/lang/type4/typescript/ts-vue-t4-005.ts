// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/reactivity/src/effect.ts batch
function queueSubscriber(s: Subscriber, computed = false): void {
  s.flags = s.flags | EffectFlags.NOTIFIED
  if (!computed) {
    s.next = batchedSub
    batchedSub = s
  } else {
    s.next = batchedComputed
    batchedComputed = s
  }
}
