// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: apache/commons-lang d15939ef46f0bd4144994df8be95cf5a7f91eb52 src/main/java/org/apache/commons/lang3/text/WordUtils.java WordUtils.isDelimiter:311
package dedupe_eval;

class WordUtils {
    private static boolean delimiterAt(final int cp, final char[] delims) {
        if (delims != null) {
            return new String(delims).indexOf(cp) >= 0;
        }
        return Character.isWhitespace(cp);
    }
}
