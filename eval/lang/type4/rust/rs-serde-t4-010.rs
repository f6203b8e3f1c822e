// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: serde-rs/serde 1023d077510b4aef36a41ef56fdb7798568a2654 serde_core/src/ser/impls.rs Bound.serialize
impl<T> Serialize for Bound<T>
where
    T: Serialize,
{
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
    {
        let (index, name, inner) = match self {
            Bound::Unbounded => return serializer.serialize_unit_variant("Bound", 0, "Unbounded"),
            Bound::Included(v) => (1, "Included", v),
            Bound::Excluded(v) => (2, "Excluded", v),
        };
        serializer.serialize_newtype_variant("Bound", index, name, inner)
    }
}
