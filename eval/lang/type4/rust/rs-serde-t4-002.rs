// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: serde-rs/serde 1023d077510b4aef36a41ef56fdb7798568a2654 serde_core/src/ser/impls.rs format_u8
fn write_u8_decimal(value: u8, buf: &mut [u8]) -> usize {
    let digits = [value / 100, (value / 10) % 10, value % 10];
    let skip = if value >= 100 {
        0
    } else if value >= 10 {
        1
    } else {
        2
    };
    let mut len = 0;
    for d in &digits[skip..] {
        buf[len] = b'0' + *d;
        len += 1;
    }
    len
}
