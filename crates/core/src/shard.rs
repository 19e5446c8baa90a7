//! Sharding a run over several machines (`precheck check --shard I/N`) and what each shard's report carries
//! so that `precheck report merge` rebuilds exactly the report of the unsharded run.
//!
//! Who does what:
//!
//! - a **file** belongs to shard `⌊fnv1a64(path) × N / 2⁶⁴⌋ + 1`: FNV-1a 64 of its repo-relative UTF-8 path,
//!   reduced to `0..N` by its high bits (the low bits of FNV-1a mix poorly: modulo 2 is the parity of the
//!   bytes); only that shard runs the per-file checks on it and counts it in the summary;
//! - the **repository-level work** of the k-th check of the registry (`precheck_checks::builtin()`:
//!   conflict, code, antx, zdal, sql, jar; `check_repo`, and its second pass on the merge base for the
//!   `added` diff filter) belongs to shard `k mod N + 1`: round robin, so three shards share six checks two
//!   each (a hash of six short ids would leave some shard most of them);
//! - **PC003** for a path the listing could not enter belongs to the path's shard, **PC004** (stale
//!   configuration entries, full runs only) to the shard of precheck.toml's path;
//! - **PC001** (unused suppressions) and the grouping of repeated findings are decided at merge time: every
//!   shard says which suppression comments it used and which it saw unused ([`UnusedSuppression`]), and a
//!   suppression is unused when no shard used it.
//!
//! Every shard still lists the whole revision (repository checks see every file), so a shard's findings are
//! the unsharded run's findings that it owns, with the same fingerprints.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::finding::Finding;

/// One shard of a run: `index` of `total`, 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shard {
    index: u32,
    total: u32,
}

impl Shard {
    /// Shard `index` of `total` (1-based), or why not.
    pub fn new(index: u32, total: u32) -> Result<Shard, String> {
        if total == 0 {
            return Err("the number of shards must be at least 1".to_string());
        }
        if index == 0 || index > total {
            return Err(format!("the shard index must be between 1 and {total}"));
        }
        Ok(Shard { index, total })
    }

    /// The 1-based index.
    pub fn index(self) -> u32 {
        self.index
    }

    pub fn total(self) -> u32 {
        self.total
    }

    /// Whether this shard runs the per-file checks on `path` (repo-relative, `/`-separated).
    pub fn owns_path(self, path: &str) -> bool {
        // Lemire's reduction: the high bits of the product, uniform over 0..total.
        let slot = (u128::from(fnv1a64(path.as_bytes())) * u128::from(self.total)) >> 64;
        slot == u128::from(self.index - 1)
    }

    /// Whether this shard runs the repository-level work of the `nth` check of the registry (0-based).
    pub fn owns_check(self, nth: usize) -> bool {
        nth % self.total as usize == (self.index - 1) as usize
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.total)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// Parses `I/N`; the error is one line saying what is wrong.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = |why: &str| format!("`--shard {s}`: {why}");
        let (i, n) = s.split_once('/').ok_or_else(|| bad("expected I/N, e.g. 2/3 (the second of three shards)"))?;
        let number = |t: &str| t.trim().parse::<u32>().ok();
        let (Some(i), Some(n)) = (number(i), number(n)) else {
            return Err(bad("expected I/N with whole numbers, e.g. 2/3"));
        };
        Shard::new(i, n).map_err(|why| bad(&why))
    }
}

/// FNV-1a, 64 bits: a hash that is the same on every platform, in every version and in every run (unlike
/// Rust's randomised `HashMap` hasher), so the same path always lands on the same shard.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// What a shard's report carries beyond its findings, for `precheck report merge`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardPart {
    pub shard: Shard,
    /// Whether the merged report groups a finding repeated on many lines of a file (`group-findings`,
    /// `--no-group`): grouping waits for the merge, so a shard's findings are every line.
    pub group: bool,
    /// For each finding of the report, in order, what the merge needs to know about it.
    pub notes: Vec<FindingNote>,
    /// The suppression comments this shard used: (path, byte offset of the directive).
    pub used: Vec<(Arc<str>, usize)>,
    /// The suppression comments this shard saw suppress nothing, each ready to become a PC001 finding.
    pub unused: Vec<UnusedSuppression>,
}

/// What the merge needs to know about one finding of a shard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FindingNote {
    /// Whether it may be grouped with the same finding on other lines (no labels, nothing masked, no fix).
    pub groupable: bool,
    /// For a fingerprint made from the finding's lines: a hash of those lines (whitespace-normalised). Two
    /// shards reporting the same code on the same lines of one file would have counted their occurrences
    /// apart, which the merge refuses rather than guess.
    pub text_key: Option<u128>,
}

/// A suppression comment a shard saw suppress nothing: the PC001 finding it becomes if no other shard used it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnusedSuppression {
    /// Byte offset of the directive in its file (the finding's path).
    pub at: usize,
    /// The PC001 finding, without its fingerprint.
    pub finding: Finding,
    /// A hash of the finding's lines: PC001 findings on the same text count their occurrences together.
    pub text_key: u128,
    /// The fingerprint for each occurrence index the finding can have (0 up to its rank among the shard's
    /// unused suppressions with the same text); `None` where the baseline holds that fingerprint.
    pub fingerprints: Vec<Option<String>>,
    /// Whether the diff filter keeps it.
    pub in_diff: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses_in_one_line() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, total: 3 }));
        assert_eq!("1/1".parse::<Shard>().map(|s| s.to_string()), Ok("1/1".to_string()));
        for bad in ["3/2", "0/0", "0/3", "x", "1/x", "2", "-1/2", "1/2/3", ""] {
            let err = bad.parse::<Shard>().expect_err(bad);
            assert!(err.starts_with(&format!("`--shard {bad}`")), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn fnv1a64_is_the_reference_function() {
        // Test vectors of the FNV reference implementation.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn every_path_has_exactly_one_owner() {
        for total in 1..=5 {
            let shards: Vec<Shard> = (1..=total).map(|i| Shard::new(i, total).expect("valid")).collect();
            for path in ["a.txt", "src/main.rs", "配置/数据源.xml", ""] {
                assert_eq!(shards.iter().filter(|s| s.owns_path(path)).count(), 1, "{path} of {total}");
            }
            for nth in 0..7 {
                assert_eq!(shards.iter().filter(|s| s.owns_check(nth)).count(), 1, "check {nth} of {total}");
            }
        }
    }

    #[test]
    fn paths_spread_over_the_shards() {
        // Names that differ only in a digit: modulo 2 of FNV-1a would be the parity of that digit.
        let paths: Vec<String> = (0..1000).map(|i| format!("src/module{i}/file{}.rs", i % 10)).collect();
        for total in [2, 3, 4, 8] {
            for index in 1..=total {
                let shard = Shard::new(index, total).expect("valid");
                let owned = paths.iter().filter(|p| shard.owns_path(p)).count();
                let fair = paths.len() / total as usize;
                assert!(owned.abs_diff(fair) < fair / 4, "shard {shard} owns {owned} of {} paths", paths.len());
            }
        }
    }
}
