// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: apache/commons-lang d15939ef46f0bd4144994df8be95cf5a7f91eb52 src/main/java/org/apache/commons/lang3/text/translate/AggregateTranslator.java AggregateTranslator.translate
package dedupe_eval;

class AggregateTranslator {
    @Override
    public int translate(final CharSequence text, final int pos, final Writer writer) throws IOException {
        int consumed = 0;
        final Iterator<CharSequenceTranslator> it = Arrays.asList(translators).iterator();
        while (consumed == 0 && it.hasNext()) {
            consumed = it.next().translate(text, pos, writer);
        }
        return consumed;
    }
}
