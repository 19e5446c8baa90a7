//! Liquibase changelog clashes (conflicts.md §11, CF008 and CF010): a changeSet is identified by its id, its
//! author and its changelog file. Two sides that each add a changeSet with one identity and different content
//! merge cleanly when they add it at different places of the file, and Liquibase then refuses the changelog
//! ("duplicate change set identifiers"); a changeSet already on the target that the head edits no longer
//! matches the checksum DATABASECHANGELOG recorded wherever the target was deployed ("Validation Failed: change
//! sets check sum"), unless it runs on change or declares a valid checksum.
//!
//! Read: XML changelogs (`<changeSet id=… author=…>…</changeSet>`) and formatted SQL (`--changeset
//! author:id`), under the `[conflict] migrations` globs. The checksum is approximated by the changeSet's text
//! with whitespace collapsed: Liquibase's own normalises whitespace too, and a pure reformatting is not an edit.

use std::collections::BTreeMap;

use globset::GlobSet;
use precheck_git::Repo;

/// One changeSet of a changelog file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeSet {
    pub path: String,
    pub id: String,
    pub author: String,
    /// Its text, whitespace collapsed (what the checksum stands for here).
    pub content: String,
    /// 1-based line of its opening tag or comment.
    pub line: u32,
    /// `runOnChange="true"` or a `<validCheckSum>`: editing it is expected.
    pub may_change: bool,
}

/// What the head did to changeSets, against the target.
#[derive(Debug, Default)]
pub struct Clashes {
    /// A changeSet the head added whose identity the target added too, with other content: (head, target).
    pub duplicated: Vec<(ChangeSet, ChangeSet)>,
    /// A changeSet the base and the target have as they were, which the head edited.
    pub edited: Vec<ChangeSet>,
}

fn is_changelog(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".sql")
}

/// The changeSets of a changelog file (XML or formatted SQL); none for other files.
pub fn parse(path: &str, text: &str) -> Vec<ChangeSet> {
    if path.to_ascii_lowercase().ends_with(".sql") { parse_sql(path, text) } else { parse_xml(path, text) }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn line_of(text: &str, at: usize) -> u32 {
    text.get(..at).map_or(1, |t| t.matches('\n').count() as u32 + 1)
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest.get(..at).and_then(|b| b.chars().last());
        let after = rest.get(at + name.len()..).unwrap_or_default().trim_start();
        if before.is_some_and(char::is_whitespace) {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start();
                let quote = value.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let inner = value.get(1..)?;
                    return inner.find(quote).and_then(|end| inner.get(..end)).map(str::to_string);
                }
            }
        }
        rest = rest.get(at + name.len()..)?;
    }
    None
}

fn parse_xml(path: &str, text: &str) -> Vec<ChangeSet> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|t| t.find("<changeSet")) {
        let start = from + rel;
        let Some(tag_end) = text.get(start..).and_then(|t| t.find('>')).map(|e| start + e) else { break };
        let tag = text.get(start..tag_end).unwrap_or_default();
        let self_closing = tag.ends_with('/');
        let (body, next) = if self_closing {
            ("", tag_end + 1)
        } else {
            match text.get(tag_end..).and_then(|t| t.find("</changeSet>")) {
                Some(e) => (text.get(tag_end + 1..tag_end + e).unwrap_or_default(), tag_end + e + "</changeSet>".len()),
                None => (text.get(tag_end + 1..).unwrap_or_default(), text.len()),
            }
        };
        if let (Some(id), Some(author)) = (attribute(tag, "id"), attribute(tag, "author")) {
            let may_change = attribute(tag, "runOnChange").is_some_and(|v| v.eq_ignore_ascii_case("true"))
                || body.contains("<validCheckSum");
            out.push(ChangeSet {
                path: path.to_string(),
                id,
                author,
                content: collapse(&format!("{tag}>{body}")),
                line: line_of(text, start),
                may_change,
            });
        }
        from = next.max(start + 1);
    }
    out
}

fn parse_sql(path: &str, text: &str) -> Vec<ChangeSet> {
    let mut out: Vec<ChangeSet> = Vec::new();
    let mut body = String::new();
    let mut offset = 0;
    let flush = |out: &mut Vec<ChangeSet>, body: &mut String| {
        if let Some(last) = out.last_mut() {
            last.content = collapse(&format!("{} {body}", last.content));
        }
        body.clear();
    };
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("--changeset").or_else(|| trimmed.strip_prefix("-- changeset")) {
            flush(&mut out, &mut body);
            let mut words = rest.split_whitespace();
            let Some((author, id)) = words.next().and_then(|w| w.split_once(':')) else {
                offset += line.len();
                continue;
            };
            let attrs: Vec<&str> = words.collect();
            out.push(ChangeSet {
                path: path.to_string(),
                id: id.to_string(),
                author: author.to_string(),
                content: collapse(&attrs.join(" ")),
                line: line_of(text, offset),
                may_change: attrs.iter().any(|a| a.eq_ignore_ascii_case("runOnChange:true")),
            });
        } else if trimmed.starts_with("--validCheckSum") || trimmed.starts_with("-- validCheckSum") {
            if let Some(last) = out.last_mut() {
                last.may_change = true;
            }
        } else if !out.is_empty() {
            body.push_str(line);
        }
        offset += line.len();
    }
    flush(&mut out, &mut body);
    out
}

type Key = (String, String);

fn by_key(sets: Vec<ChangeSet>) -> BTreeMap<Key, ChangeSet> {
    sets.into_iter().map(|c| ((c.id.clone(), c.author.clone()), c)).collect()
}

/// Compares the changelogs the head changed with the target's, against their merge base. `None` when git
/// cannot say.
pub fn compare(repo: &Repo, target: &str, head: &str, globs: &GlobSet) -> Option<Clashes> {
    repo.with_git2(|git| {
        let commit = |id: &str| git2::Oid::from_str(id).ok().and_then(|o| git.find_commit(o).ok());
        let (t, h) = (commit(target)?, commit(head)?);
        let base = git.find_commit(git.merge_base(t.id(), h.id()).ok()?).ok()?;
        let (bt, tt, ht) = (base.tree().ok()?, t.tree().ok()?, h.tree().ok()?);
        let read = |tree: &git2::Tree<'_>, path: &str| -> Vec<ChangeSet> {
            let Ok(entry) = tree.get_path(std::path::Path::new(path)) else { return Vec::new() };
            let Ok(blob) = git.find_blob(entry.id()) else { return Vec::new() };
            parse(path, &String::from_utf8_lossy(blob.content()))
        };
        let diff = git.diff_tree_to_tree(Some(&bt), Some(&ht), None).ok()?;
        let mut clashes = Clashes::default();
        for d in diff.deltas() {
            if !matches!(d.status(), git2::Delta::Added | git2::Delta::Modified) {
                continue;
            }
            let Some(path) = d.new_file().path().and_then(|p| p.to_str()) else { continue };
            if !globs.is_match(path) || !is_changelog(path) {
                continue;
            }
            let head_sets = read(&ht, path);
            if head_sets.is_empty() {
                continue;
            }
            let (base_sets, target_sets) = (by_key(read(&bt, path)), by_key(read(&tt, path)));
            for c in head_sets {
                let key = (c.id.clone(), c.author.clone());
                match (base_sets.get(&key), target_sets.get(&key)) {
                    (None, Some(theirs)) if theirs.content != c.content => {
                        clashes.duplicated.push((c, theirs.clone()));
                    }
                    (Some(before), Some(theirs))
                        if theirs.content == before.content && c.content != before.content && !c.may_change =>
                    {
                        clashes.edited.push(c);
                    }
                    _ => {}
                }
            }
        }
        Some(clashes)
    })
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_and_sql_changelogs_give_identities_lines_and_content() {
        let xml = "<databaseChangeLog>\n  <changeSet id=\"1\" author=\"ann\">\n    <createTable tableName=\"t\"/>\n  </changeSet>\n  <changeSet author='bob' id='2' runOnChange=\"true\"><sql>select 1</sql></changeSet>\n</databaseChangeLog>\n";
        let sets = parse("db/changelog/master.xml", xml);
        let got: Vec<(&str, &str, u32, bool)> =
            sets.iter().map(|c| (c.id.as_str(), c.author.as_str(), c.line, c.may_change)).collect();
        assert_eq!(got, [("1", "ann", 2, false), ("2", "bob", 5, true)]);
        assert_eq!(sets[0].content, "<changeSet id=\"1\" author=\"ann\"> <createTable tableName=\"t\"/>");
        let sql = "--liquibase formatted sql\n\n--changeset ann:1\ncreate table t (id int);\n--changeset bob:2 runOnChange:true\nselect 1;\n";
        let sets = parse("db/changelog/a.sql", sql);
        let got: Vec<(&str, &str, u32, bool, &str)> =
            sets.iter().map(|c| (c.id.as_str(), c.author.as_str(), c.line, c.may_change, c.content.as_str())).collect();
        assert_eq!(
            got,
            [("1", "ann", 3, false, "create table t (id int);"), ("2", "bob", 5, true, "runOnChange:true select 1;")]
        );
        // `author` inside another attribute's name is not the author.
        assert_eq!(attribute("<changeSet id=\"x\" xauthor=\"no\" author=\"yes\"", "author").as_deref(), Some("yes"));
    }
}
