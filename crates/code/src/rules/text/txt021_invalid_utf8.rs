//! TXT021 invalid-utf8.

use precheck_core::{FileCtx, Finding, RuleMeta, Severity, Sink};

pub static RULE: RuleMeta = RuleMeta::new(
    "code",
    "TXT021",
    "invalid-utf8",
    Severity::Warning,
    "a text file that is not valid UTF-8 and declares no other encoding",
    r#"## What it does
Reports a text file (no NUL byte in its first 8 KiB, not a known binary extension) that is not valid
UTF-8 and declares no encoding of its own (no byte-order mark, no XML declaration), once, at the first
byte that does not decode. A file that declares an encoding its bytes contradict is `TXT022`.

## Why
The file is probably GBK, Latin-1 or Windows-1252. Tools and reviewers see mojibake; editors that
assume UTF-8 rewrite the bytes on save; compilers and parsers that default to UTF-8 fail on it. The rest
of precheck's text rules still ran on the file, with the bad bytes replaced.

## Example
```text
# 数据源配置   (saved as GBK: D5 FD BE DD ...)
```

## Use instead
Re-encode the file as UTF-8 (`iconv -f GBK -t UTF-8 in > out`), or, for XML, declare the encoding the
file really uses: `<?xml version="1.0" encoding="GBK"?>`.
"#,
)
.opt_in();

/// Extensions of binary formats that may happen to have no NUL byte in their first 8 KiB (code.md §8).
pub(crate) const BINARY_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "ico", "webp", "pdf", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar",
    "jar", "war", "ear", "class", "so", "dll", "exe", "dylib", "a", "o", "woff", "woff2", "ttf", "otf", "eot", "mp3",
    "mp4", "avi", "mov", "wav", "ogg", "p12", "pfx", "jks", "keystore", "der", "xls", "xlsx", "doc", "docx", "ppt",
    "pptx", "bin", "dat", "db", "sqlite", "pyc", "wasm",
];

pub(crate) fn binary_extension(cx: &FileCtx<'_>) -> bool {
    let ext = cx.info.extension().to_ascii_lowercase();
    BINARY_EXTENSIONS.contains(&ext.as_str())
}

pub fn check(cx: &FileCtx<'_>, out: &mut Sink) {
    let decoded = cx.decoded();
    let Some(at) = decoded.malformed_at else { return };
    if decoded.bom.is_some() || decoded.declared.is_some() || decoded.encoding != encoding_rs::UTF_8 {
        return;
    }
    if binary_extension(cx) {
        return;
    }
    out.emit(&RULE, || {
        let bad = cx.bytes.get(at).copied().unwrap_or(0);
        // Without a BOM the valid prefix of the lossy text is the raw bytes, so offsets agree.
        let end = (at + '\u{FFFD}'.len_utf8()).min(cx.text().len());
        Finding::new(
            &RULE,
            cx.span(at..end),
            format!("not valid UTF-8: byte `0x{bad:02X}` does not decode, and the file declares no other encoding"),
        )
        .with_help("re-encode the file as UTF-8 (e.g. `iconv -f GBK -t UTF-8`), or declare its real encoding")
    });
}
