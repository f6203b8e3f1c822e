// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: serde-rs/serde 1023d077510b4aef36a41ef56fdb7798568a2654 serde_derive/src/deprecated.rs should_allow_deprecated
fn any_deprecated(input: &syn::DeriveInput) -> bool {
    let variants_deprecated = match &input.data {
        syn::Data::Enum(e) => e.variants.iter().any(|v| contains_deprecated(&v.attrs)),
        _ => false,
    };
    variants_deprecated || contains_deprecated(&input.attrs)
}
