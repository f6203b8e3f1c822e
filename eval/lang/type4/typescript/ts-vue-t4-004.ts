// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: vuejs/core e2bede96134f757aad5c5b33ac9be055022dbfc8 packages/compiler-core/src/babelUtils.ts isInDestructureAssignment
function insideDestructuringAssignment(parent: Node, stack: Node[]): boolean {
  if (!parent) return false
  if (parent.type !== 'ObjectProperty' && parent.type !== 'ArrayPattern') return false
  for (const ancestor of [...stack].reverse()) {
    if (ancestor.type === 'AssignmentExpression') return true
    const keepsGoing = ancestor.type === 'ObjectProperty' || ancestor.type.endsWith('Pattern')
    if (!keepsGoing) return false
  }
  return false
}
