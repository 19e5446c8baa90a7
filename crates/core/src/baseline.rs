//! Baseline files: findings accepted as they are, dropped from later runs.
//!
//! The format is DESIGN.md's: `{"version":1,"findings":[{"fingerprint","code","path","message"}]}`. A finding
//! is in the baseline when its fingerprint, code and path match an entry; the message is kept for people
//! reading the file. Secrets' messages are already redacted and their fingerprints are keyed hashes, so a
//! baseline never holds a secret.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    fingerprint: String,
    code: String,
    path: String,
    message: String,
}

/// A loaded baseline.
#[derive(Debug, Default)]
pub struct Baseline {
    keys: HashSet<(String, String, String)>,
}

impl Baseline {
    /// Parses a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("invalid baseline: {e}"))?;
        // The version decides how the rest reads, so it is checked first.
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(1) => {}
            Some(v) => return Err(format!("baseline version {v} is not supported (expected 1)")),
            None => return Err("invalid baseline: no `version`".to_string()),
        }
        let file: File = serde_json::from_value(value).map_err(|e| format!("invalid baseline: {e}"))?;
        Ok(Baseline { keys: file.findings.into_iter().map(|e| (e.fingerprint, e.code, e.path)).collect() })
    }

    /// Whether `finding` is accepted by the baseline.
    pub fn contains(&self, finding: &Finding) -> bool {
        // Owned lookups are fine: baselines are consulted once per finding, not per line.
        self.keys.contains(&(finding.fingerprint.clone(), finding.code.to_string(), finding.primary.path.to_string()))
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Writes the baseline of `findings` (pretty JSON, one entry per finding), sorted by path, code and
/// fingerprint so the file does not churn when findings move within a file.
pub fn write(findings: &[Finding], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut entries: Vec<Entry> = findings
        .iter()
        .map(|f| Entry {
            fingerprint: f.fingerprint.clone(),
            code: f.code.to_string(),
            path: f.primary.path.to_string(),
            message: f.message.clone(),
        })
        .collect();
    entries.sort_by(|a, b| (&a.path, &a.code, &a.fingerprint).cmp(&(&b.path, &b.code, &b.fingerprint)));
    let file = File { version: 1, findings: entries };
    serde_json::to_writer_pretty(&mut *out, &file)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Span;
    use crate::rule::RuleMeta;

    static RULE: RuleMeta = RuleMeta::new("conflict", "CF001", "conflict-marker", crate::Severity::Error, "", "");

    #[test]
    fn round_trip() {
        let mut f = Finding::new(&RULE, Span::file("a.txt"), "leftover");
        f.fingerprint = "00ff".into();
        let mut out = Vec::new();
        write(std::slice::from_ref(&f), &mut out).unwrap_or_default();
        let text = String::from_utf8_lossy(&out);
        let baseline = Baseline::parse(&text).unwrap_or_default();
        assert_eq!(baseline.len(), 1);
        assert!(baseline.contains(&f));
        f.fingerprint = "00fe".into();
        assert!(!baseline.contains(&f));
        assert!(Baseline::parse("{\"version\":2,\"findings\":[]}").is_err());
        assert!(Baseline::parse("nope").is_err());
    }
}
