// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: google/gson 9835b6f90192f79cdf5300c528fc6212455fb6c1 gson/src/main/java/com/google/gson/stream/JsonWriter.java JsonWriter.newline
package dedupe_eval;

class JsonWriter {
  private void writeNewlineAndIndent() throws IOException {
    if (!usesEmptyNewlineAndIndent) {
      StringBuilder sb = new StringBuilder(formattingStyle.getNewline());
      for (int depth = stackSize - 1; depth > 0; depth--) {
        sb.append(formattingStyle.getIndent());
      }
      out.write(sb.toString());
    }
  }
}
