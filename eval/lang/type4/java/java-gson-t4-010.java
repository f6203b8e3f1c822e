// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1 gson/src/main/java/com/google/gson/stream/JsonReader.java JsonReader.nextBoolean
package dedupe_eval;

class JsonReader {
  public boolean nextBoolean() throws IOException {
    int token = peeked == PEEKED_NONE ? doPeek() : peeked;
    if (token != PEEKED_TRUE && token != PEEKED_FALSE) {
      throw unexpectedTokenError("a boolean");
    }
    peeked = PEEKED_NONE;
    pathIndices[stackSize - 1] += 1;
    return token == PEEKED_TRUE;
  }
}
