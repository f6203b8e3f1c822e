// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/cli/src/pattern.rs patterns_from_reader
pub fn read_patterns<R: io::Read>(reader: R) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut lineno = 0usize;
    io::BufReader::new(reader).for_byte_line(|bytes| {
        lineno += 1;
        let pat = pattern_from_bytes(bytes).map_err(|e| {
            io::Error::new(io::ErrorKind::Other, format!("{}: {}", lineno, e))
        })?;
        out.push(pat.to_string());
        Ok(true)
    })?;
    Ok(out)
}
