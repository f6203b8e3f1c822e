// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: BurntSushi/ripgrep 3fce3b5bb0236da2df6d99672afb8a719642eca7 crates/cli/src/process.rs CommandReader.read
impl io::Read for CommandReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = if let Some(ref mut pipe) = self.child.stdout {
            pipe.read(out)?
        } else {
            return Ok(0);
        };
        if n > 0 {
            return Ok(n);
        }
        self.eof = true;
        self.close()?;
        Ok(0)
    }
}
