//! `package.json` reading: the fields module resolution needs, with object keys kept in
//! document order (the order of `exports` conditions is significant).

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::BundleError;

/// A JSON value whose objects keep their keys in document order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool,
    Number,
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Json, E> {
        Ok(Json::Bool)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Json, E> {
        Ok(Json::Number)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Json, E> {
        Ok(Json::Number)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Json, E> {
        Ok(Json::Number)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            // Like JSON.parse: a repeated key keeps its first position and its last value.
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key, value)),
            }
        }
        Ok(Json::Object(entries))
    }
}

/// The fields of a `package.json` that bundling uses.
#[derive(Debug, Clone, Default)]
pub(crate) struct PackageJson {
    /// `name`, when it is a string.
    pub name: Option<String>,
    /// `main`, when it is a non-empty string.
    pub main: Option<String>,
    /// `"type": "module"`: `.js` files under this package are ES modules.
    pub type_module: bool,
    /// `exports`, as written.
    pub exports: Option<Json>,
}

impl PackageJson {
    /// Reads and parses `path`.
    pub fn read(path: &Path) -> Result<Self, BundleError> {
        let text = std::fs::read_to_string(path).map_err(|source| BundleError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text).map_err(|message| BundleError::PackageJson {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses the text of a `package.json`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Json = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let Json::Object(fields) = value else {
            return Err("expected a JSON object at the top level".to_string());
        };
        let mut pkg = PackageJson::default();
        for (key, value) in fields {
            match (key.as_str(), value) {
                ("name", Json::String(s)) => pkg.name = Some(s),
                ("main", Json::String(s)) if !s.is_empty() => pkg.main = Some(s),
                ("type", Json::String(s)) => pkg.type_module = s == "module",
                ("exports", Json::Null) => {}
                ("exports", value) => pkg.exports = Some(value),
                _ => {}
            }
        }
        Ok(pkg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_object_key_order() {
        let pkg = PackageJson::parse(
            r#"{"name":"p","main":"lib/x.js","type":"module",
                "exports":{"default":"./d.js","require":"./r.cjs","import":"./i.mjs"}}"#,
        )
        .unwrap();
        assert_eq!(pkg.name.as_deref(), Some("p"));
        assert_eq!(pkg.main.as_deref(), Some("lib/x.js"));
        assert!(pkg.type_module);
        let Some(Json::Object(entries)) = pkg.exports else {
            panic!("exports not an object")
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["default", "require", "import"]);
    }

    #[test]
    fn rejects_non_objects_and_bad_json() {
        assert!(PackageJson::parse("[1]")
            .unwrap_err()
            .contains("JSON object"));
        assert!(PackageJson::parse("{\"main\": }")
            .unwrap_err()
            .contains("line 1"));
    }
}
