// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/pcre2/src/matcher.rs has_uppercase_literal
fn contains_upper_literal(pat: &str) -> bool {
    let mut escaped = false;
    for ch in pat.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        if ch == '\\' {
            escaped = true;
        } else if ch.is_uppercase() {
            return true;
        }
    }
    false
}
