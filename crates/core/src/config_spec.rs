//! A check's configuration section as data: its keys, each written once ([`config_section!`](crate::config_section))
//! with its type, default, one-line documentation and kind (a value, or a path allow-list). Core and the runner derive
//! from it what every check used to write by hand: the keys an unknown-key error lists, the type errors that name the
//! key, the commented section of `precheck init`, and PC004 for allow-list entries that match no file (cargo-deny's
//! "unvalidated config → valid config", ruff's options metadata).

use globset::GlobBuilder;

use crate::check::FileInfo;

/// One key of a section.
#[derive(Debug)]
pub struct ConfigKey {
    /// The key as written in precheck.toml (`max-kb`).
    pub name: &'static str,
    /// What it does, for `precheck init` (a `\n` continues the comment on the next line).
    pub doc: &'static str,
    /// How `precheck init` shows the default where the default is no TOML value (an unset option).
    pub shown: Option<&'static str>,
    /// A path allow-list: globs of paths exempted from rules (`*` crosses `/`); an entry that matches no file
    /// in a full run is stale (PC004).
    pub paths: bool,
}

/// A check's section: `[<section>]` with `keys`.
#[derive(Debug)]
pub struct ConfigSpec {
    pub section: &'static str,
    pub keys: &'static [ConfigKey],
    /// Lines `precheck init` writes after the keys, commented (an example sub-table), or `""`.
    pub example: &'static str,
    /// The section's defaults as TOML values (keys whose default is unset are absent).
    pub defaults: fn() -> toml::Table,
    /// Parses a section as the check will (type errors name the key) and applies the check's own validation
    /// (ranges, globs, regexes): the message names the key and the section.
    pub validate: fn(&toml::Table) -> Result<(), String>,
}

impl ConfigSpec {
    /// The names of the keys, in order.
    pub fn key_names(&self) -> Vec<&'static str> {
        self.keys.iter().map(|k| k.name).collect()
    }

    /// The commented section `precheck init` writes: every key at its default, with its documentation.
    pub fn init_text(&self) -> String {
        let defaults = (self.defaults)();
        let assignments: Vec<String> = self
            .keys
            .iter()
            .map(|k| {
                let value = defaults.get(k.name).map(inline_toml).or_else(|| k.shown.map(str::to_string));
                format!("# {} = {}", k.name, value.unwrap_or_default())
            })
            .collect();
        let width = assignments.iter().map(|a| a.chars().count()).max().unwrap_or(0).max(24) + 2;
        let mut out = format!("[{}]\n", self.section);
        for (assignment, key) in assignments.iter().zip(self.keys) {
            let mut lines = key.doc.trim().lines();
            let first = lines.next().unwrap_or("");
            let pad = width.saturating_sub(assignment.chars().count());
            out.push_str(&format!("{assignment}{:pad$}# {first}\n", ""));
            for more in lines {
                out.push_str(&format!("#{:w$}# {}\n", "", more.trim(), w = width - 1));
            }
        }
        for line in self.example.lines().filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!("# {}\n", line.trim()));
        }
        out
    }

    /// The entries of the section's path allow-lists that match none of `files` (a full run's files), as
    /// (key, entry).
    pub fn stale_entries(&self, section: Option<&toml::Table>, files: &[FileInfo]) -> Vec<(&'static str, String)> {
        let Some(section) = section else { return Vec::new() };
        let mut out = Vec::new();
        for key in self.keys.iter().filter(|k| k.paths) {
            let Some(toml::Value::Array(entries)) = section.get(key.name) else { continue };
            for entry in entries.iter().filter_map(toml::Value::as_str) {
                let Ok(glob) = GlobBuilder::new(entry).literal_separator(false).build() else { continue };
                let matcher = glob.compile_matcher();
                if !files.iter().any(|f| matcher.is_match(&*f.path)) {
                    out.push((key.name, entry.to_string()));
                }
            }
        }
        out
    }
}

/// A TOML value on one line, as it would follow `key = `.
fn inline_toml(value: &toml::Value) -> String {
    match value {
        toml::Value::Table(t) if t.is_empty() => "{}".to_string(),
        toml::Value::Table(t) => {
            let parts: Vec<String> = t.iter().map(|(k, v)| format!("{k} = {}", inline_toml(v))).collect();
            format!("{{ {} }}", parts.join(", "))
        }
        toml::Value::Array(a) => format!("[{}]", a.iter().map(inline_toml).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// Parses `section` into `T` one key at a time, so that a type error names the key; then the whole section.
pub fn parse_typed<T: serde::de::DeserializeOwned>(section_name: &str, section: &toml::Table) -> Result<T, String> {
    for (key, value) in section {
        let mut one = toml::Table::new();
        one.insert(key.clone(), value.clone());
        toml::Value::Table(one)
            .try_into::<T>()
            .map_err(|e| format!("invalid `{key}` in [{section_name}]: {}", e.message().trim()))?;
    }
    toml::Value::Table(section.clone())
        .try_into::<T>()
        .map_err(|e| format!("invalid [{section_name}] section: {}", e.message().trim()))
}

/// Declares a check's configuration section once: the typed struct (serde, defaults), and its
/// [`ConfigSpec`] as `<Struct>::SPEC`. Each key is one line: its documentation, an optional `[paths]` marker
/// (a path allow-list), the key as written in precheck.toml, the field, its type and its default, and
/// optionally `shown "…"` (how `precheck init` shows a default that is no TOML value). After the struct,
/// `validate: path,` names a `fn(&Struct) -> Result<(), String>` with the check's own checks, and
/// `example: "…",` adds commented lines to `precheck init`'s section.
///
/// ```
/// precheck_core::config_section! {
///     /// The `[demo]` section.
///     pub struct DemoConfig in "demo" {
///         /// how many
///         "max-items" max_items: u32 = 3,
///         /// globs of paths left alone
///         [paths] "allow-paths" allow_paths: Vec<String> = Vec::new(),
///     }
/// }
/// assert_eq!(DemoConfig::default().max_items, 3);
/// assert!(DemoConfig::SPEC.init_text().starts_with("[demo]\n# max-items = 3"));
/// ```
#[macro_export]
macro_rules! config_section {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident in $section:literal {
            $(
                $(#[doc = $doc:literal])*
                $([$flag:ident])? $key:literal $field:ident : $ty:ty = $default:expr $(, shown $shown:literal)?
            ),* $(,)?
        }
        $(validate: $validate:path,)?
        $(example: $example:literal,)?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, ::serde::Deserialize, ::serde::Serialize)]
        #[serde(deny_unknown_fields, default)]
        $vis struct $name {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $key)]
                pub $field: $ty,
            )*
        }

        impl Default for $name {
            fn default() -> Self {
                $name { $($field: $default,)* }
            }
        }

        impl $name {
            /// The section as data: keys, defaults, validation (see [`precheck_core::config_spec`]).
            pub const SPEC: $crate::config_spec::ConfigSpec = $crate::config_spec::ConfigSpec {
                section: $section,
                keys: &[$(
                    $crate::config_spec::ConfigKey {
                        name: $key,
                        doc: concat!($($doc, "\n",)* ""),
                        shown: $crate::__config_shown!($($shown)?),
                        paths: $crate::__config_paths!($($flag)?),
                    },
                )*],
                example: concat!($($example)?),
                defaults: || {
                    ::toml::Table::try_from(&$name::default()).unwrap_or_default()
                },
                validate: |table| {
                    let _parsed: $name = $crate::config_spec::parse_typed($section, table)?;
                    $($validate(&_parsed)?;)?
                    Ok(())
                },
            };
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __config_shown {
    () => {
        None
    };
    ($shown:literal) => {
        Some($shown)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __config_paths {
    () => {
        false
    };
    (paths) => {
        true
    };
}

#[cfg(test)]
mod tests {
    use crate::check::{FileInfo, FileMode};

    crate::config_section! {
        /// A section for the tests.
        pub struct TestConfig in "test" {
            /// a number
            /// on two lines
            "max-kb" max_kb: u64 = 500,
            /// where
            [paths] "allow" allow: Vec<String> = Vec::new(),
            /// which program
            "program" program: Option<String> = None, shown "\"git\"",
            /// a table
            "prefixes" prefixes: std::collections::BTreeMap<String, String> =
                [("index".to_string(), "idx_".to_string())].into_iter().collect(),
        }
        validate: positive,
        example: "[test.sub]\nx = 1",
    }

    fn positive(c: &TestConfig) -> Result<(), String> {
        if c.max_kb == 0 { Err("invalid `max-kb` in [test]: must be positive".into()) } else { Ok(()) }
    }

    #[test]
    fn one_declaration_gives_the_struct_the_init_text_and_the_validation() {
        assert_eq!(TestConfig::default().max_kb, 500);
        assert_eq!(TestConfig::SPEC.key_names(), ["max-kb", "allow", "program", "prefixes"]);
        assert_eq!(
            TestConfig::SPEC.init_text(),
            "[test]\n\
             # max-kb = 500                   # a number\n\
             #                                # on two lines\n\
             # allow = []                     # where\n\
             # program = \"git\"                # which program\n\
             # prefixes = { index = \"idx_\" }  # a table\n\
             # [test.sub]\n\
             # x = 1\n"
        );
        let table = |text: &str| text.parse::<toml::Table>().expect("toml");
        assert_eq!((TestConfig::SPEC.validate)(&table("max-kb = 3\nallow = [\"a/**\"]")), Ok(()));
        let err = (TestConfig::SPEC.validate)(&table("max-kb = \"x\"")).expect_err("type");
        assert!(err.starts_with("invalid `max-kb` in [test]:"), "{err}");
        assert_eq!(
            (TestConfig::SPEC.validate)(&table("max-kb = 0")),
            Err("invalid `max-kb` in [test]: must be positive".into())
        );
        let files = [FileInfo::new("src/a/b.rs", FileMode::Regular, 1)];
        let section = table("allow = [\"src/**\", \"gone/**\"]");
        assert_eq!(TestConfig::SPEC.stale_entries(Some(&section), &files), vec![("allow", "gone/**".to_string())]);
    }
}
