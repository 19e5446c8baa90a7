//! `concise`: one line per finding, `path:line:col: CODE message`, then the summary line. The default when
//! the output is not a terminal; editors and `grep` read it.

use std::io::{self, Write};

use precheck_core::Report;

use crate::{one_line, summary_line};

/// Writes `report` as `path:line:col: CODE message` lines and a closing summary line.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        let p = &f.primary;
        writeln!(out, "{}:{}:{}: {} {}", p.path, p.start.line, p.start.column, f.code, one_line(&f.message))?;
    }
    writeln!(out, "{}", summary_line(&report.summary()))
}
