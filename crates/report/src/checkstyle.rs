//! `checkstyle`: checkstyle XML, as reviewdog, Jenkins' warnings plugin and many CI views read it.
//!
//! `<checkstyle version="4.3">` holds one `<file name="...">` per path with findings, in path order, each with
//! one `<error line column severity message source="precheck.CODE"/>` per finding in report order. Severities
//! are `error`, `warning` and `info`; a file-level finding has `line="1"` and no column.

use std::collections::BTreeMap;
use std::io::{self, Write};

use precheck_core::{Finding, Report};

use crate::{is_file_level, xml};

/// Writes `report` as a checkstyle document.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut files: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        files.entry(&f.primary.path).or_default().push(f);
    }
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for (path, findings) in files {
        writeln!(out, r#"  <file name="{}">"#, xml::attr(path))?;
        for f in findings {
            let p = &f.primary;
            let column = if is_file_level(p) { String::new() } else { format!(r#" column="{}""#, p.start.column) };
            writeln!(
                out,
                r#"    <error line="{}"{column} severity="{}" message="{}" source="precheck.{}"/>"#,
                p.start.line,
                f.severity.as_str(),
                xml::attr(&f.message),
                xml::attr(f.code),
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}
