// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: apache/commons-lang d15939ef46f0bd4144994df8be95cf5a7f91eb52 src/main/java/org/apache/commons/lang3/CharSequenceUtils.java CharSequenceUtils.equalsIgnoreCase
package dedupe_eval;

class CharSequenceUtils {
    private static boolean sameIgnoringCase(final int a, final int b) {
        if (a == b) {
            return true;
        }
        final int upperA = Character.toUpperCase(a);
        final int upperB = Character.toUpperCase(b);
        if (upperA == upperB) {
            return true;
        }
        return Character.toLowerCase(upperA) == Character.toLowerCase(upperB);
    }
}
