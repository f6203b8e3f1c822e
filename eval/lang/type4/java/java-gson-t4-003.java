// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1 gson/src/main/java/com/google/gson/internal/bind/ArrayTypeAdapter.java ArrayTypeAdapter.write
package dedupe_eval;

class ArrayTypeAdapter {
  @Override
  public void write(JsonWriter writer, Object arr) throws IOException {
    if (arr != null) {
      writer.beginArray();
      int n = Array.getLength(arr);
      int k = 0;
      while (k < n) {
        @SuppressWarnings("unchecked")
        E element = (E) Array.get(arr, k++);
        componentTypeAdapter.write(writer, element);
      }
      writer.endArray();
    } else {
      writer.nullValue();
    }
  }
}
