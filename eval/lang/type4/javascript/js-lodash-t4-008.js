// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: lodash/lodash 9429a4ee03056e5b7be9a85a54571d7630f05983 lodash.js getFuncName
function realFunctionName(fn) {
  const own = String(fn.name);
  if (!hasOwnProperty.call(realNames, own)) {
    return own;
  }
  const entries = realNames[own];
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const candidate = entries[i].func;
    if (candidate == null || candidate == fn) {
      return entries[i].name;
    }
  }
  return own;
}
