// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: serde-rs/serde 1023d077510b4aef36a41ef56fdb7798568a2654 serde_derive/src/de.rs borrowed_lifetimes
fn collect_borrowed(cont: &Container) -> BorrowedLifetimes {
    let set: BTreeSet<_> = cont
        .data
        .all_fields()
        .filter(|f| !f.attrs.skip_deserializing())
        .flat_map(|f| f.attrs.borrowed_lifetimes().iter().cloned())
        .collect();
    let has_static = set.iter().any(|lt| lt.to_string() == "'static");
    if has_static {
        return BorrowedLifetimes::Static;
    }
    BorrowedLifetimes::Borrowed(set)
}
