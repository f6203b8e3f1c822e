// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: serde-rs/serde 1023d077510b4aef36a41ef56fdb7798568a2654 serde_derive/src/fragment.rs Stmts.to_tokens
impl ToTokens for Stmts {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Stmts(fragment) = self;
        if let Fragment::Block(b) = fragment {
            b.to_tokens(tokens);
        } else if let Fragment::Expr(e) = fragment {
            e.to_tokens(tokens);
        }
    }
}
