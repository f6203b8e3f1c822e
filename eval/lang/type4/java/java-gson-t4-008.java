// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1 metrics/src/main/java/com/google/gson/metrics/NonUploadingCaliperRunner.java NonUploadingCaliperRunner.concat
package dedupe_eval;

class NonUploadingCaliperRunner {
  private static String[] prepend(String head, String... tail) {
    List<String> all = new ArrayList<>(tail.length + 1);
    all.add(head);
    all.addAll(Arrays.asList(tail));
    return all.toArray(new String[0]);
  }
}
