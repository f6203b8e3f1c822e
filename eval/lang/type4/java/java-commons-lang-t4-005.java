// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: apache/commons-lang d15939ef46f0bd4144994df8be95cf5a7f91eb52 src/main/java/org/apache/commons/lang3/ClassUtils.java ClassUtils.getAllSuperclasses
package dedupe_eval;

class ClassUtils {
    public static List<Class<?>> superclassesOf(final Class<?> type) {
        if (type == null) {
            return null;
        }
        final List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type.getSuperclass(); c != null; c = c.getSuperclass()) {
            chain.add(c);
        }
        return chain;
    }
}
