// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: serde-rs/serde 1023d077510b4aef36a41ef56fdb7798568a2654 serde_derive/src/internals/respan.rs respan_token
fn with_span(tree: TokenTree, span: Span) -> TokenTree {
    let mut out = match tree {
        TokenTree::Group(group) => {
            let inner = respan(group.stream(), span);
            TokenTree::Group(Group::new(group.delimiter(), inner))
        }
        other => other,
    };
    out.set_span(span);
    out
}
