// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: serde-rs/serde 1023d077510b4aef36a41ef56fdb7798568a2654 serde_derive/src/de.rs precondition_sized
fn reject_unsized_struct(cx: &Ctxt, cont: &Container) {
    let fields = match &cont.data {
        Data::Struct(_, fields) => fields,
        _ => return,
    };
    let last_is_slice = fields
        .last()
        .map_or(false, |f| matches!(ungroup(f.ty), syn::Type::Slice(_)));
    if last_is_slice {
        cx.error_spanned_by(cont.original, "cannot deserialize a dynamically sized struct");
    }
}
