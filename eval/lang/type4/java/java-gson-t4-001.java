// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1 gson/src/main/java/com/google/gson/internal/Excluder.java Excluder.isExcludedByStrategy
package dedupe_eval;

class Excluder {
  private boolean skippedByStrategies(Field f, boolean forSerialization) {
    List<ExclusionStrategy> strategies =
        forSerialization ? serializationStrategies : deserializationStrategies;
    if (strategies.isEmpty()) {
      return false;
    }
    FieldAttributes attrs = new FieldAttributes(f);
    return strategies.stream().anyMatch(s -> s.shouldSkipField(attrs));
  }
}
