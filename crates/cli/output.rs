//! Where a command's report goes: `--output FILE`, else standard output; buffered either way (standard
//! output is line-buffered, which would cost a write per line of a report).

use std::io::Write;
use std::path::Path;

use crate::Fatal;

/// Runs `write` on `output` (created or truncated), or on standard output when there is none.
pub fn write_to(output: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Fatal> {
    match output {
        Some(path) => {
            let file =
                std::fs::File::create(path).map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
            let mut out = std::io::BufWriter::new(file);
            write(&mut out)?;
            out.flush()?;
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
