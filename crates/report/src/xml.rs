//! XML text and attribute escaping for the JUnit and checkstyle renderers.
//!
//! Besides the five predefined entities, XML 1.0 cannot carry most control characters at all, not even as
//! character references: they are written as the visible replacement `\u{..}` so the document stays
//! well-formed and the reader still sees what was there. In attributes, tab, line feed and carriage return are
//! written as character references, since a parser would otherwise normalise them to spaces.

use std::fmt::Write;

/// Escapes `text` for element content.
pub(crate) fn text(text: &str) -> String {
    escape(text, false)
}

/// Escapes `text` for an attribute value in double quotes.
pub(crate) fn attr(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, in_attr: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' if in_attr => out.push_str("&#9;"),
            '\n' if in_attr => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document (the `Char` production; Rust strings hold no surrogates).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_entities_and_control_characters() {
        assert_eq!(text(r#"a<b>&"c"'d'"#), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
        assert_eq!(attr(r#"<x y="1">"#), "&lt;x y=&quot;1&quot;&gt;");
        assert_eq!(text("tab\tline\nret\r"), "tab\tline\nret&#13;");
        assert_eq!(attr("tab\tline\nret\r"), "tab&#9;line&#10;ret&#13;");
        assert_eq!(text("nul\0bell\u{7}esc\u{1b}"), "nul\\u{0}bell\\u{7}esc\\u{1b}");
        assert_eq!(text("\u{FFFE}\u{FFFF}"), "\\u{fffe}\\u{ffff}");
        assert_eq!(text("数据库 ✓ 🚀"), "数据库 ✓ 🚀");
        assert_eq!(attr("src/a b&c.xml"), "src/a b&amp;c.xml");
    }
}
