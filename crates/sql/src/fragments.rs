//! The `<sql id>` fragments every mapper of the repository defines, read once a run: an `<include>` of one
//! file may name another file's fragment, and one that no mapper defines is a statement MyBatis cannot build.

use std::collections::HashSet;

use precheck_core::RepoCtx;
use precheck_core::text::decode;

/// The fragment ids (the part after the last `.` of a qualified refid) defined anywhere.
#[derive(Debug, Default)]
pub struct Fragments {
    ids: HashSet<String>,
}

impl Fragments {
    /// Every mapper (`.xml` with a `<mapper`/`<sqlMap` root) of the revision, read for its `<sql id="…">`.
    pub fn of(repo: &RepoCtx<'_>) -> Fragments {
        let mut ids = HashSet::new();
        for f in repo.source.paths() {
            if !f.extension().eq_ignore_ascii_case("xml") {
                continue;
            }
            let Ok(bytes) = repo.source.read(&f.path) else { continue };
            if memchr::memmem::find(&bytes, b"<sql").is_none() {
                continue;
            }
            let text = decode(&bytes).text;
            if !crate::mapper::sniff(&text) {
                continue;
            }
            ids.extend(sql_ids(&text));
        }
        Fragments { ids }
    }

    /// Whether some mapper defines the fragment `refid` names (qualified or not). A refid built from
    /// properties (`${…}`) is taken as defined: its value is not known here.
    pub fn defines(&self, refid: &str) -> bool {
        refid.contains("${") || self.ids.contains(refid.rsplit('.').next().unwrap_or(refid))
    }
}

/// The `id` of each `<sql …>` element of a mapper text, by a linear scan of its tags.
pub(crate) fn sql_ids(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), b"<sql") {
        let rest = text.get(at + 4..).unwrap_or_default();
        // `<sql ` or `<sql\n`, not `<sqlMap`.
        if !rest.starts_with(|c: char| c.is_whitespace()) {
            continue;
        }
        let tag = rest.split('>').next().unwrap_or_default();
        let Some(pos) = tag.find("id") else { continue };
        let after = tag.get(pos + 2..).unwrap_or_default().trim_start();
        let Some(value) = after.strip_prefix('=').map(str::trim_start) else { continue };
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        if let Some(id) = value.get(1..).and_then(|v| v.split(quote).next()) {
            out.push(id.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sql_ids;

    #[test]
    fn sql_element_ids() {
        let text =
            "<mapper><sql id=\"cols\">a</sql><sql\n  id='where'>b</sql><sqlMap id=\"no\"/><select id=\"x\"/></mapper>";
        assert_eq!(sql_ids(text), ["cols", "where"]);
    }
}
