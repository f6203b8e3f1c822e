// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: serde-rs/serde 1023d077510b4aef36a41ef56fdb7798568a2654 serde_derive/src/internals/ctxt.rs Ctxt.check
impl Ctxt {
    pub fn finish(self) -> syn::Result<()> {
        let all = self.errors.borrow_mut().take().unwrap();
        let merged = all.into_iter().reduce(|mut acc, e| {
            acc.combine(e);
            acc
        });
        match merged {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}
