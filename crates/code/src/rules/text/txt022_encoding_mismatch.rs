//! TXT022 encoding-mismatch.

use precheck_core::text::Bom;
use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink, Span};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT022",
    "encoding-mismatch",
    Severity::Warning,
    "a declared encoding (byte-order mark, XML declaration) that the bytes contradict",
    r#"## What it does
Reports a file whose declared encoding does not match its bytes:
- an XML declaration `encoding="UTF-8"` (or a UTF-8 byte-order mark) on bytes that are not UTF-8 — typically
  GBK text;
- an XML declaration of another encoding (`GBK`, `ISO-8859-1`) on bytes that do not decode in it, or that are
  UTF-8 text;
- a UTF-8 byte-order mark before a declaration of another encoding;
- a UTF-16 byte-order mark on 8-bit text.

## Why
Parsers trust the declaration: a Spring or MyBatis XML file declared UTF-8 but saved as GBK fails to load
with `Invalid byte 1 of 1-byte UTF-8 sequence`, or loads with garbled Chinese text in data that reaches
users.

## Example
```xml
<?xml version="1.0" encoding="UTF-8"?>
<desc>数据源</desc>          <!-- bytes saved as GBK -->
```

## Use instead
Make the declaration and the bytes agree: re-encode the file, or change the declaration to the encoding
the file really uses.
"#,
);

fn label(cx: &FileCtx<'_>) -> String {
    cx.decoded().declared.clone().unwrap_or_else(|| "UTF-8".into())
}

/// A span at raw byte `at`: exact for UTF-8 text, else the whole line (line breaks are ASCII in both).
fn span_at(cx: &FileCtx<'_>, at: usize) -> Span {
    let decoded = cx.decoded();
    if decoded.encoding == encoding_rs::UTF_8 {
        let at = at.saturating_sub(decoded.bom.map_or(0, Bom::byte_len));
        let end = (at + 3).min(cx.text().len());
        return cx.span(at..end);
    }
    let line = memchr::memchr_iter(b'\n', &cx.bytes[..at.min(cx.bytes.len())]).count() + 1;
    let line = u32::try_from(line).unwrap_or(u32::MAX);
    cx.lines_span(line, line)
}

pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    let decoded = cx.decoded();
    if decoded.bom.is_none() && decoded.declared.is_none() {
        return;
    }
    let body = &cx.bytes[decoded.bom.map_or(0, Bom::byte_len)..];
    let declared_encoding =
        decoded.declared.as_deref().and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes()));
    let problem: Option<(Span, String)> = match decoded.bom {
        Some(Bom::Utf16Le | Bom::Utf16Be) => {
            let eight_bit = memchr::memchr(b'\n', body).is_some() && std::str::from_utf8(body).is_ok();
            if eight_bit {
                Some((cx.span(0..0), "a UTF-16 byte-order mark on 8-bit text".into()))
            } else {
                decoded.malformed_at.map(|at| {
                    (span_at(cx, at), "a UTF-16 byte-order mark, but the bytes do not decode as UTF-16".into())
                })
            }
        }
        Some(Bom::Utf8) => match (declared_encoding, decoded.malformed_at) {
            (Some(enc), _) if enc != encoding_rs::UTF_8 => Some((
                cx.span(0..0),
                format!("a UTF-8 byte-order mark before an `encoding=\"{}\"` declaration", label(cx)),
            )),
            (_, Some(at)) => Some((span_at(cx, at), "a UTF-8 byte-order mark, but the bytes are not UTF-8".into())),
            _ => None,
        },
        None if decoded.encoding != encoding_rs::UTF_8 && !body.is_ascii() && std::str::from_utf8(body).is_ok() => {
            let at = body.iter().position(|b| !b.is_ascii()).unwrap_or(0);
            Some((span_at(cx, at), format!("declared `{}`, but the bytes are UTF-8 text", label(cx))))
        }
        None => match decoded.malformed_at {
            Some(at) if decoded.encoding == encoding_rs::UTF_8 && declared_encoding == Some(encoding_rs::UTF_8) => {
                let bad = cx.bytes.get(at).copied().unwrap_or(0);
                Some((span_at(cx, at), format!("declared `{}`, but byte `0x{bad:02X}` is not UTF-8", label(cx))))
            }
            Some(at) if decoded.encoding != encoding_rs::UTF_8 => {
                Some((span_at(cx, at), format!("declared `{}`, but the bytes do not decode in it", label(cx))))
            }
            Some(at) => Some((
                span_at(cx, at),
                format!("declared `{}`, which is not a known encoding, and the bytes are not UTF-8", label(cx)),
            )),
            None => None,
        },
    };
    let Some((span, message)) = problem else { return };
    out.emit(&RULE, || {
        Finding::new(&RULE, span, format!("encoding mismatch: {message}"))
            .with_help("make the declaration and the bytes agree: re-encode the file or fix the declaration")
    });
}
