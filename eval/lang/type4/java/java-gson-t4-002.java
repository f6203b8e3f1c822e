// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1 gson/src/main/java/com/google/gson/internal/bind/JsonTreeWriter.java JsonTreeWriter.name
package dedupe_eval;

class JsonTreeWriter {
  @Override
  public JsonWriter name(String propertyName) throws IOException {
    if (propertyName == null) {
      throw new NullPointerException("name == null");
    }
    boolean expectingName = !stack.isEmpty() && pendingName == null;
    if (!expectingName) {
      throw new IllegalStateException("Did not expect a name");
    }
    if (!(peek() instanceof JsonObject)) {
      throw new IllegalStateException("Please begin an object before writing a name.");
    }
    pendingName = propertyName;
    return this;
  }
}
