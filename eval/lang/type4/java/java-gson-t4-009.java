// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1 gson/src/main/java/com/google/gson/internal/GsonTypes.java GsonTypes.requiresOwnerType
package dedupe_eval;

class GsonTypes {
  public static boolean needsOwnerType(Type type) {
    if (!(type instanceof Class<?>)) {
      return false;
    }
    Class<?> cls = (Class<?>) type;
    boolean nested = cls.getDeclaringClass() != null;
    boolean isStatic = Modifier.isStatic(cls.getModifiers());
    return nested && !isStatic;
  }
}
