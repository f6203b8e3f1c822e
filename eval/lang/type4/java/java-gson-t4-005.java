// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1 gson/src/main/java/com/google/gson/JsonPrimitive.java JsonPrimitive.isIntegral
package dedupe_eval;

class JsonPrimitive {
  private static boolean holdsIntegralNumber(JsonPrimitive p) {
    Object v = p.value;
    if (!(v instanceof Number)) {
      return false;
    }
    Class<?> type = v.getClass();
    return type == BigInteger.class
        || type == Long.class
        || type == Integer.class
        || type == Short.class
        || type == Byte.class;
  }
}
