//! TXT016 invalid-yaml.

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};
use yaml_rust2::parser::{Event, Parser};

use crate::config::Settings;

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT016",
    "invalid-yaml",
    Severity::Error,
    "a `.yaml`/`.yml` file that does not parse",
    r#"## What it does
Parses every `.yaml` and `.yml` file with a YAML 1.2 parser and reports the first syntax error at the
parser's position. Several `---` documents in one file are valid (Spring Boot's profile documents in
`application.yml`, Kubernetes manifests); `yaml-multi-document = false` in `[code]` refuses them. A document
nested too deeply for the parser is reported at warning level as not checked. Helm chart templates
(`templates/` files with `{{ }}`) are not YAML until rendered and are not checked, and Maven resource
filtering's `@property@` tokens (Spring Boot's default delimiter) are read as the plain values they become.

## Why
A YAML mistake — a tab for indentation, a missing space after `:`, an unclosed quote — breaks the
deploy or CI pipeline that reads it, often only in the environment that uses that file.

## Example
```yaml
server:
  port: 8080
   host: localhost
```

## Use instead
```yaml
server:
  port: 8080
  host: localhost
```
"#,
);

pub fn check(cx: &FileCtx<'_>, settings: &Settings, out: &mut Sink) {
    let ext = cx.info.extension();
    if !(ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml")) || !out.enabled(&RULE) {
        return;
    }
    let text = cx.text();
    if cx.decoded().malformed_at.is_some() || (cx.path().contains("templates/") && text.contains("{{")) {
        return;
    }
    let filtered = without_maven_tokens(text);
    let mut parser = Parser::new_from_str(filtered.as_deref().unwrap_or(text));
    let mut documents = 0usize;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => return,
            Ok((Event::DocumentStart, mark)) => {
                documents += 1;
                if documents == 2 && !settings.config.yaml_multi_document {
                    let line = u32::try_from(mark.line()).unwrap_or(u32::MAX).max(1);
                    out.emit(&RULE, || {
                        Finding::new(&RULE, cx.lines_span(line, line), "a second YAML document in one file")
                            .with_help("split the documents into files, or set `yaml-multi-document = true` in [code]")
                    });
                    return;
                }
            }
            Ok(_) => {}
            Err(err) if err.info().contains("recursion limit") => {
                let at = char_offset(text, err.marker().index());
                out.emit(&RULE, || {
                    Finding::new(&RULE, cx.span(at..at), "YAML nested too deeply for the parser: not checked")
                        .with_severity(Severity::Warning)
                        .with_help("flatten the document, or exclude the file in precheck.toml")
                });
                return;
            }
            Err(err) => {
                let mark = err.marker();
                let at = char_offset(text, mark.index());
                let end = text.get(at..).and_then(|t| t.chars().next()).map_or(at, |c| at + c.len_utf8());
                out.emit(&RULE, || {
                    Finding::new(&RULE, cx.span(at..end), format!("invalid YAML: {}", err.info()))
                        .with_help("fix the syntax at this position")
                });
                return;
            }
        }
    }
}

/// `text` with each Maven resource-filtering token `@name@` (letters, digits, `.`, `_`, `-`) replaced by as many
/// `x`: YAML reserves `@` at the start of a plain scalar, but the build substitutes these before anyone parses
/// the file. Lengths are kept, so error positions stay right. `None` when there is none.
fn without_maven_tokens(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let token = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'@', &bytes[i..]) {
        let start = i + k;
        let len = bytes[start + 1..].iter().take_while(|&&b| token(b)).count();
        let end = start + 1 + len;
        if len > 0 && bytes.get(end) == Some(&b'@') {
            out.get_or_insert_with(|| bytes.to_vec())[start..=end].fill(b'x');
            i = end + 1;
        } else {
            i = start + 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    out.map(|o| String::from_utf8(o).unwrap_or_default())
}

/// The byte offset of the `index`-th character of `text`.
fn char_offset(text: &str, index: usize) -> usize {
    if text.is_ascii() {
        return index.min(text.len());
    }
    text.char_indices().nth(index).map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::without_maven_tokens;

    #[test]
    fn maven_tokens_become_plain_values_of_the_same_length() {
        assert_eq!(without_maven_tokens("a: @x.y-z@\n").as_deref(), Some("a: xxxxxxx\n"));
        assert_eq!(without_maven_tokens("mail: a@b.c\n"), None);
        assert_eq!(without_maven_tokens("a: @ b@\n"), None);
        assert_eq!(without_maven_tokens("名: '@p@@q@'\n").as_deref(), Some("名: 'xxxxxx'\n"));
    }
}
