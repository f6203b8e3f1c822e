// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: apache/commons-lang d15939ef46f0bd4144994df8be95cf5a7f91eb52 src/main/java/org/apache/commons/lang3/time/FastDatePrinter.java FastDatePrinter.format:1142
package dedupe_eval;

class FastDatePrinter {
    @Override
    public <B extends Appendable> B format(final Calendar cal, final B out) {
        if (cal.getTimeZone().equals(timeZone)) {
            return applyRules(cal, out);
        }
        final Calendar inZone = (Calendar) cal.clone();
        inZone.setTimeZone(timeZone);
        return applyRules(inZone, out);
    }
}
