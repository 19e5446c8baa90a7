//! TXT015 invalid-json.

use std::collections::HashSet;
use std::fmt;

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT015",
    "invalid-json",
    Severity::Error,
    "a `.json` file that does not parse, or an object with a duplicate key",
    r#"## What it does
Parses every `.json` file and reports the first syntax error at the parser's position, with the parser's
own message. An object that repeats a key is an error too, and so is a file that is not UTF-8 (RFC 8259
§8.1: JSON exchanged between systems is UTF-8). Files that are JSON-with-comments by
convention (`tsconfig*.json`, `jsconfig*.json`, `.vscode/`, `.devcontainer/`) are not checked. A document
nested deeper than 128 levels is reported at warning level as not checked.

## Why
A broken JSON file fails at load time, usually far from the change that broke it. A duplicate key is
worse: most parsers keep the last value silently, so one of the two settings is lost without an error.

## Example
```json
{"timeout": 30, "retries": 3, "timeout": 60,}
```

## Use instead
```json
{"timeout": 60, "retries": 3}
```
"#,
);

/// Walks a JSON document without keeping it, failing on the first duplicate object key.
struct Walk;

struct DuplicateKey(String);

impl<'de> DeserializeSeed<'de> for Walk {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(WalkVisitor)
    }
}

struct WalkVisitor;

impl<'de> Visitor<'de> for WalkVisitor {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Walk)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys: HashSet<String> = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if keys.contains(&key) {
                return Err(de::Error::custom(DuplicateKey(key)));
            }
            map.next_value_seed(Walk)?;
            keys.insert(key);
        }
        Ok(())
    }
}

impl fmt::Display for DuplicateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\u{0}duplicate key `{}`", self.0)
    }
}

fn is_jsonc(path: &str, name: &str) -> bool {
    (name.starts_with("tsconfig") || name.starts_with("jsconfig"))
        || path.starts_with(".vscode/")
        || path.contains("/.vscode/")
        || path.starts_with(".devcontainer/")
        || path.contains("/.devcontainer/")
}

pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    if !cx.info.extension().eq_ignore_ascii_case("json") || !out.enabled(&RULE) {
        return;
    }
    if is_jsonc(cx.path(), cx.info.file_name()) {
        return;
    }
    // JSON text is UTF-8 (RFC 8259 §8.1): bytes that do not decode make it invalid JSON as well (TXT021 says
    // the same of the bytes).
    let decoded = cx.decoded();
    if let Some(at) = decoded.malformed_at {
        // Read as UTF-8 (no BOM, no declaration): the valid prefix of the text is the raw bytes, so offsets agree,
        // and the bad bytes are one U+FFFD. A file decoded in another encoding is TXT022's.
        let utf8 = decoded.bom.is_none() && decoded.declared.is_none() && decoded.encoding == encoding_rs::UTF_8;
        if !utf8 {
            return;
        }
        let at = precheck_core::text::floor_char_boundary(cx.text(), at.min(cx.text().len()));
        let end = (at + '\u{FFFD}'.len_utf8()).min(cx.text().len());
        out.emit(&RULE, || {
            Finding::new(&RULE, cx.span(at..end), "invalid JSON: the text is not UTF-8")
                .with_help("save the file as UTF-8 (RFC 8259: JSON exchanged between systems must be UTF-8)")
        });
        return;
    }
    let text = cx.text();
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Walk.deserialize(&mut de).and_then(|()| de.end());
    let Err(err) = result else { return };
    let line_start = cx.lines().line_range(u32::try_from(err.line()).unwrap_or(u32::MAX)).start;
    // serde_json counts columns in bytes: the error may sit inside a multi-byte character.
    let offset =
        precheck_core::text::floor_char_boundary(text, (line_start + err.column().saturating_sub(1)).min(text.len()));
    let full = err.to_string();
    let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m);
    if let Some(dup) = message.strip_prefix('\u{0}') {
        // Point at the repeated key itself: the parser stops right after it.
        let key = dup.trim_start_matches("duplicate key `").trim_end_matches('`');
        let quoted = format!("\"{key}\"");
        let upto = (offset + 1).min(text.len());
        let at = text.get(..upto).and_then(|t| t.rfind(&quoted)).map_or(offset..offset, |s| s..s + quoted.len());
        out.emit(&RULE, || {
            Finding::new(&RULE, cx.span(at), format!("duplicate key `{key}` in a JSON object"))
                .with_help("keep one of the two entries: parsers silently use the last one")
        });
        return;
    }
    if message.contains("recursion limit exceeded") {
        out.emit(&RULE, || {
            Finding::new(&RULE, cx.span(offset..offset), "JSON nested deeper than 128 levels: not checked")
                .with_severity(Severity::Warning)
                .with_help("flatten the document, or exclude the file in precheck.toml")
        });
        return;
    }
    let end = text.get(offset..).and_then(|t| t.chars().next()).map_or(offset, |c| offset + c.len_utf8());
    out.emit(&RULE, || {
        Finding::new(&RULE, cx.span(offset..end), format!("invalid JSON: {message}"))
            .with_help("fix the syntax at this position")
    });
}
