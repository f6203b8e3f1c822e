// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: apache/commons-lang d15939ef46f0bd4144994df8be95cf5a7f91eb52 src/main/java/org/apache/commons/lang3/reflect/ConstructorUtils.java ConstructorUtils.isAccessible
package dedupe_eval;

class ConstructorUtils {
    private static boolean publicAllTheWayOut(final Class<?> start) {
        for (Class<?> c = start; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }
}
