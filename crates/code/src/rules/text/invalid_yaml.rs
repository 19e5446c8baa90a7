//! TXT016 invalid-yaml.

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};
use yaml_rust2::parser::{Event, Parser};

use crate::config::Settings;
use crate::rules::meta;

pub static RULE: RuleMeta = meta(
    "TXT016",
    "invalid-yaml",
    Severity::Error,
    "a `.yaml`/`.yml` file that does not parse, or holds several documents",
    r#"## What it does
Parses every `.yaml` and `.yml` file with a YAML 1.2 parser and reports the first syntax error at the
parser's position. A file with several `---` documents is an error too, unless `yaml-multi-document = true`
in `[code]` (Kubernetes manifests). A document nested too deeply for the parser is reported at warning level
as not checked. Helm chart templates (`templates/` files with `{{ }}`) are not YAML
until rendered and are not checked.

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
    let mut parser = Parser::new_from_str(text);
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
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                out.emit(&RULE, || {
                    Finding::new(&RULE, cx.span(at..end), format!("invalid YAML: {}", err.info()))
                        .with_help("fix the syntax at this position")
                });
                return;
            }
        }
    }
}

/// The byte offset of the `index`-th character of `text`.
fn char_offset(text: &str, index: usize) -> usize {
    if text.is_ascii() {
        return index.min(text.len());
    }
    text.char_indices().nth(index).map_or(text.len(), |(i, _)| i)
}
