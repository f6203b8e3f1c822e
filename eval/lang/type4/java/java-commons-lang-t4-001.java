// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: apache/commons-lang d15939ef46f0bd4144994df8be95cf5a7f91eb52 src/main/java/org/apache/commons/lang3/EnumUtils.java EnumUtils.getEnum:219
package dedupe_eval;

class EnumUtils {
    public static <E extends Enum<E>> E enumOrDefault(final Class<E> type, final String name, final E fallback) {
        if (type != null && name != null) {
            for (final E constant : type.getEnumConstants()) {
                if (constant.name().equals(name)) {
                    return constant;
                }
            }
        }
        return fallback;
    }
}
