// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1 gson/src/main/java/com/google/gson/internal/bind/TypeAdapters.java TypeAdapters.javaTimeTypeAdapterFactory
package dedupe_eval;

class TypeAdapters {
  public static TypeAdapterFactory loadJavaTimeFactory() {
    Class<?> impl;
    try {
      impl = Class.forName("com.google.gson.internal.bind.JavaTimeTypeAdapters");
      Object instance = impl.getDeclaredConstructor().newInstance();
      return ((FactorySupplier) instance).get();
    } catch (LinkageError | ReflectiveOperationException unavailable) {
      return null;
    }
  }
}
