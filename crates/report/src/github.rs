//! `github`: GitHub Actions workflow commands, one annotation per finding:
//! `::error file=path,line=L,col=C,endLine=L,endColumn=C,title=CODE name::message`.
//!
//! `warning` becomes `::warning` and `info` `::notice`. Positions are the finding's own: 1-based, the end
//! exclusive (as ruff writes them); a file-level finding carries only `file=`. The message is followed by the
//! help and by one `note:` line per label, as annotations have no other place for them. Property values
//! escape `%`, CR, LF, `:` and `,`; the message escapes `%`, CR and LF, as the Actions runner expects.

use std::fmt::Write as _;
use std::io::{self, Write};

use precheck_core::{Finding, Report, Severity};

use crate::{is_file_level, location};

/// Writes one workflow command per finding. There is no summary line: the runner would print it as noise.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        writeln!(out, "{}", command(f))?;
    }
    Ok(())
}

fn command(f: &Finding) -> String {
    let kind = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let p = &f.primary;
    let mut props = format!("file={}", escape_property(&p.path));
    if !is_file_level(p) {
        let _ = write!(
            props,
            ",line={},col={},endLine={},endColumn={}",
            p.start.line, p.start.column, p.end.line, p.end.column
        );
    }
    let _ = write!(props, ",title={}", escape_property(&format!("{} {}", f.code, f.name)));
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    for label in &f.labels {
        let _ = write!(message, "\nnote: {}: {}", location(&label.span), label.message);
    }
    format!("::{kind} {props}::{}", escape_data(&message))
}

/// Escapes a workflow command's message (`%`, CR, LF).
pub(crate) fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a workflow command's property value (`%`, CR, LF, `:` and `,`).
pub(crate) fn escape_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_and_properties_as_the_runner_expects() {
        assert_eq!(escape_data("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
        assert_eq!(escape_property("src/数据 源.xml"), "src/数据 源.xml");
        assert_eq!(escape_data("::error::x"), "::error::x", "a message cannot start a new command without a newline");
    }
}
