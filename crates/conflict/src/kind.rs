//! Conflict kinds: git's `<type>` strings (merge-ort's stable short names) mapped to precheck's `kind`
//! (conflicts.md §1).

use serde::Serialize;

/// What kind of conflict a path has. The JSON names are the spec's, exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictKind {
    Content,
    AddAdd,
    ModifyDelete,
    RenameDelete,
    RenameRename,
    RenameCollision,
    FileDirectory,
    DistinctTypes,
    DistinctModes,
    Binary,
    DirectoryRename,
    Submodule,
    /// A conflict type precheck does not know; the raw git type is kept beside it.
    Other,
}

impl ConflictKind {
    /// Every kind, in the spec's order.
    pub const ALL: [ConflictKind; 13] = [
        ConflictKind::Content,
        ConflictKind::AddAdd,
        ConflictKind::ModifyDelete,
        ConflictKind::RenameDelete,
        ConflictKind::RenameRename,
        ConflictKind::RenameCollision,
        ConflictKind::FileDirectory,
        ConflictKind::DistinctTypes,
        ConflictKind::DistinctModes,
        ConflictKind::Binary,
        ConflictKind::DirectoryRename,
        ConflictKind::Submodule,
        ConflictKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::Content => "content",
            ConflictKind::AddAdd => "add-add",
            ConflictKind::ModifyDelete => "modify-delete",
            ConflictKind::RenameDelete => "rename-delete",
            ConflictKind::RenameRename => "rename-rename",
            ConflictKind::RenameCollision => "rename-collision",
            ConflictKind::FileDirectory => "file-directory",
            ConflictKind::DistinctTypes => "distinct-types",
            ConflictKind::DistinctModes => "distinct-modes",
            ConflictKind::Binary => "binary",
            ConflictKind::DirectoryRename => "directory-rename",
            ConflictKind::Submodule => "submodule",
            ConflictKind::Other => "other",
        }
    }

    /// Whether git leaves a blob with conflict markers at the path, whose head-side lines can be located.
    pub fn has_marker_lines(self) -> bool {
        matches!(self, ConflictKind::Content | ConflictKind::AddAdd)
    }

    /// When several messages name one path (`CONFLICT (binary)` is followed by `CONFLICT (contents)` for the
    /// same file), the more specific kind wins; lower is more specific.
    pub(crate) fn specificity(self) -> u8 {
        match self {
            ConflictKind::Binary | ConflictKind::Submodule => 0,
            ConflictKind::Content => 3,
            ConflictKind::Other => 4,
            _ => 1,
        }
    }
}

impl std::fmt::Display for ConflictKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one informational message of `git merge-tree --messages` means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageType {
    /// A conflict of this kind; `subkind` keeps git's type when the kind groups several (directory renames,
    /// submodules) or is unknown.
    Conflict { kind: ConflictKind, subkind: Option<String> },
    /// `Auto-merging`: both sides changed the file and it merged cleanly.
    AutoMerging,
    /// Anything else (informational notes); kept as text.
    Info,
}

/// Maps git's `<type>` (and, for `CONFLICT (contents)`, the message, which tells add/add from content).
pub fn classify(git_type: &str, message: &str) -> MessageType {
    if git_type == "Auto-merging" {
        return MessageType::AutoMerging;
    }
    let Some(inner) = git_type.strip_prefix("CONFLICT (").and_then(|t| t.strip_suffix(')')) else {
        return if git_type.starts_with("CONFLICT") {
            MessageType::Conflict { kind: ConflictKind::Other, subkind: Some(git_type.to_string()) }
        } else {
            MessageType::Info
        };
    };
    let (kind, keep) = match inner {
        // merge-ort reports add/add content conflicts with the `contents` type; the message says which.
        "contents" if message.starts_with("CONFLICT (add/add)") => (ConflictKind::AddAdd, false),
        // A gitlink that cannot be merged is reported with the `contents` type too.
        "contents" if message.starts_with("CONFLICT (submodule)") => (ConflictKind::Submodule, true),
        "contents" | "content" => (ConflictKind::Content, false),
        "add/add" => (ConflictKind::AddAdd, false),
        "modify/delete" => (ConflictKind::ModifyDelete, false),
        "rename/delete" => (ConflictKind::RenameDelete, false),
        "rename/rename" => (ConflictKind::RenameRename, false),
        "rename involved in collision" => (ConflictKind::RenameCollision, false),
        "file/directory" => (ConflictKind::FileDirectory, false),
        "distinct types" => (ConflictKind::DistinctTypes, false),
        // merge-ort (2.39–2.47 at least) uses the `distinct modes` type for a file whose type differs on each
        // side (file, symlink, submodule) and says `distinct types` in the message: the message decides.
        "distinct modes" if message.starts_with("CONFLICT (distinct types)") => (ConflictKind::DistinctTypes, false),
        "distinct modes" => (ConflictKind::DistinctModes, false),
        "binary" => (ConflictKind::Binary, false),
        "directory rename suggested"
        | "implicit dir rename"
        | "directory rename split"
        | "file in way of directory rename" => (ConflictKind::DirectoryRename, true),
        s if s == "submodule" || s.starts_with("submodule ") => (ConflictKind::Submodule, true),
        _ => (ConflictKind::Other, true),
    };
    MessageType::Conflict { kind, subkind: keep.then(|| inner.to_string()) }
}

/// The kind a path's stage pattern implies, for conflicted entries no message explains (conflicts.md §1).
pub fn from_stages(stages: &str) -> ConflictKind {
    match stages {
        "123" => ConflictKind::Content,
        "23" => ConflictKind::AddAdd,
        "12" | "13" => ConflictKind::ModifyDelete,
        _ => ConflictKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(t: &str, m: &str) -> Option<ConflictKind> {
        match classify(t, m) {
            MessageType::Conflict { kind, .. } => Some(kind),
            _ => None,
        }
    }

    #[test]
    fn maps_every_documented_type() {
        assert_eq!(kind("CONFLICT (contents)", "CONFLICT (content): Merge conflict in f"), Some(ConflictKind::Content));
        assert_eq!(kind("CONFLICT (contents)", "CONFLICT (add/add): Merge conflict in f"), Some(ConflictKind::AddAdd));
        assert_eq!(
            kind("CONFLICT (contents)", "CONFLICT (submodule): Merge conflict in s"),
            Some(ConflictKind::Submodule)
        );
        assert_eq!(kind("CONFLICT (modify/delete)", ""), Some(ConflictKind::ModifyDelete));
        assert_eq!(kind("CONFLICT (rename/delete)", ""), Some(ConflictKind::RenameDelete));
        assert_eq!(kind("CONFLICT (rename/rename)", ""), Some(ConflictKind::RenameRename));
        assert_eq!(kind("CONFLICT (rename involved in collision)", ""), Some(ConflictKind::RenameCollision));
        assert_eq!(kind("CONFLICT (file/directory)", ""), Some(ConflictKind::FileDirectory));
        assert_eq!(kind("CONFLICT (distinct types)", ""), Some(ConflictKind::DistinctTypes));
        assert_eq!(kind("CONFLICT (distinct modes)", ""), Some(ConflictKind::DistinctModes));
        let types = "CONFLICT (distinct types): t had different types on each side; renamed one of them";
        assert_eq!(kind("CONFLICT (distinct modes)", types), Some(ConflictKind::DistinctTypes));
        assert_eq!(kind("CONFLICT (binary)", ""), Some(ConflictKind::Binary));
        for t in ["directory rename suggested", "implicit dir rename", "directory rename split"] {
            assert_eq!(kind(&format!("CONFLICT ({t})"), ""), Some(ConflictKind::DirectoryRename));
        }
        assert_eq!(kind("CONFLICT (file in way of directory rename)", ""), Some(ConflictKind::DirectoryRename));
        for t in [
            "submodule",
            "submodule lacks merge base",
            "submodule history not available",
            "submodule may have rewinds",
            "submodule not initialized",
            "submodule with possible resolution",
        ] {
            assert_eq!(kind(&format!("CONFLICT ({t})"), ""), Some(ConflictKind::Submodule), "{t}");
        }
        assert_eq!(
            classify("CONFLICT (something new)", ""),
            MessageType::Conflict { kind: ConflictKind::Other, subkind: Some("something new".into()) }
        );
        assert_eq!(classify("Auto-merging", "Auto-merging f"), MessageType::AutoMerging);
        assert_eq!(classify("Path updated", "x"), MessageType::Info);
    }
}
