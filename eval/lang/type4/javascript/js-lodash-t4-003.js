// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: lodash/lodash 9429a4ee03056e5b7be9a85a54571d7630f05983 lodash.js baseIsNative
function isNativeCode(fn) {
  if (isMasked(fn) || !isObject(fn)) {
    return false;
  }
  const source = toSource(fn);
  return isFunction(fn) ? reIsNative.test(source) : reIsHostCtor.test(source);
}
