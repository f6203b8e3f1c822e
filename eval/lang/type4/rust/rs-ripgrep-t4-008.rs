// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/cli/src/human.rs parse_human_readable_size
pub fn parse_size(text: &str) -> Result<u64, ParseSizeError> {
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (num, unit) = text.split_at(split);
    if num.is_empty() {
        return Err(ParseSizeError::format(text));
    }
    let n: u64 = num.parse().map_err(|e| ParseSizeError::int(text, e))?;
    let shift = match unit {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(ParseSizeError::format(text)),
    };
    n.checked_mul(1u64 << shift).ok_or_else(|| ParseSizeError::overflow(text))
}
