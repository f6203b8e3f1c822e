// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1 gson/src/main/java/com/google/gson/internal/UnsafeAllocator.java UnsafeAllocator.assertInstantiable
package dedupe_eval;

class UnsafeAllocator {
  private static void requireInstantiable(Class<?> type) {
    String problem = ConstructorConstructor.checkInstantiable(type);
    if (problem == null) {
      return;
    }
    String message = "UnsafeAllocator is used for non-instantiable type: " + problem;
    throw new AssertionError(message);
  }
}
