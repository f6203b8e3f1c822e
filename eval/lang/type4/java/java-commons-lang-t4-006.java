// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: apache/commons-lang d15939ef46f0bd4144994df8be95cf5a7f91eb52 src/main/java/org/apache/commons/lang3/StringUtils.java StringUtils.unwrap:9122
package dedupe_eval;

class StringUtils {
    public static String stripWrapping(final String text, final char ch) {
        if (text == null || text.length() < 2 || ch == '\0') {
            return text;
        }
        final int last = text.length() - 1;
        final boolean wrapped = text.charAt(0) == ch && text.charAt(last) == ch;
        return wrapped ? text.substring(1, last) : text;
    }
}
