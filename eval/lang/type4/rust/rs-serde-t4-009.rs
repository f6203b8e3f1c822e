// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: serde-rs/serde 1023d077510b4aef36a41ef56fdb7798568a2654 serde_core/src/de/value.rs MapAccessDeserializer.variant_seed
impl<'de, A> de::EnumAccess<'de> for MapAccessDeserializer<A>
where
    A: de::MapAccess<'de>,
{
    fn variant_seed<T>(mut self, seed: T) -> Result<(T::Value, Self::Variant), Self::Error>
    where
        T: de::DeserializeSeed<'de>,
    {
        let key = tri!(self.map.next_key_seed(seed));
        if let Some(k) = key {
            let variant = private::map_as_enum(self.map);
            return Ok((k, variant));
        }
        Err(de::Error::invalid_type(de::Unexpected::Map, &"enum"))
    }
}
