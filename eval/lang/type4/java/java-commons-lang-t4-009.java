// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: apache/commons-lang d15939ef46f0bd4144994df8be95cf5a7f91eb52 src/main/java/org/apache/commons/lang3/ObjectUtils.java ObjectUtils.requireNonEmpty:1208
package dedupe_eval;

class ObjectUtils {
    public static <T> T nonEmptyOrThrow(final T value, final String msg) {
        if (value == null) {
            throw new NullPointerException(msg);
        }
        if (!isNotEmpty(value)) {
            throw new IllegalArgumentException(msg);
        }
        return value;
    }
}
