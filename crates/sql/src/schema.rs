//! Schema awareness without a database (sql.md §4.5): the repository's `.sql` files replayed in migration
//! order — Flyway-versioned files first by version (parts compared numerically), then the others in natural,
//! numeric-aware path order — into a catalogue of tables and columns.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::config::Settings;
use crate::ddl::{self, AlterOp, Column, Ddl, Index, IndexKind};
use crate::split;
use crate::stmt::Stmt;

/// A table as the migrations leave it.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Lower-case column name → definition.
    pub columns: HashMap<String, Column>,
    /// Indexes (primary key included), in definition order.
    pub indexes: Vec<Index>,
}

/// Every table the replay knows, by lower-case name.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    pub tables: HashMap<String, Table>,
}

/// A type change found while replaying (SQL022): path, byte range in the file's text, message.
pub type TypeChange = (String, (usize, usize), String);

fn flyway_version(path: &str) -> Option<Vec<u64>> {
    let name = path.rsplit('/').next()?;
    let rest = name.strip_prefix('V').or_else(|| name.strip_prefix('v'))?;
    let (ver, _) = rest.split_once("__")?;
    ver.split(['.', '_']).map(|p| p.parse().ok()).collect()
}

/// Natural order: digit runs compare as numbers.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let i = x.iter().take_while(|c| c.is_ascii_digit()).count();
                let j = y.iter().take_while(|c| c.is_ascii_digit()).count();
                let (nx, ny) =
                    (std::str::from_utf8(&x[..i]).unwrap_or("0"), std::str::from_utf8(&y[..j]).unwrap_or("0"));
                let (tx, ty) = (nx.trim_start_matches('0'), ny.trim_start_matches('0'));
                let o = tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty));
                if o != Ordering::Equal {
                    return o;
                }
                x = &x[i..];
                y = &y[j..];
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

/// Sorts paths in migration order.
pub fn migration_order(paths: &mut [String]) {
    paths.sort_by(|a, b| match (flyway_version(a), flyway_version(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| natural_cmp(a, b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => natural_cmp(a, b),
    });
}

/// The DDL statements of one script, in order (everything else is skipped before parsing).
pub fn ddl_of(text: &str, settings: &Settings) -> Vec<Ddl> {
    let mut out = Vec::new();
    for piece in split::split(text, settings.dialect) {
        let (_, body) = piece.text_in(text);
        let head = body.trim_start().get(..8).unwrap_or("").to_ascii_uppercase();
        if !["CREATE", "ALTER", "DROP", "RENAME"].iter().any(|k| head.starts_with(k)) {
            continue;
        }
        let stmt = Stmt::new(body.to_string(), settings.dialect);
        out.extend(ddl::parse(&stmt.toks));
    }
    out
}

impl Catalogue {
    /// Replays `files` (path, text) in the order given. Type changes in files for which `report` says yes
    /// are returned.
    pub fn replay<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
        settings: &Settings,
        report: &dyn Fn(&str) -> bool,
    ) -> (Catalogue, Vec<TypeChange>) {
        let mut cat = Catalogue::default();
        let mut changes = Vec::new();
        for (path, text) in files {
            // A script for another database is not part of this one's schema.
            if settings.dialect_for(path) != settings.dialect {
                continue;
            }
            let rep = report(path);
            for piece in split::split(text, settings.dialect) {
                let (_, body) = piece.text_in(text);
                // Only DDL matters here: skip the parse of everything else.
                let head = body.trim_start().get(..8).unwrap_or("").to_ascii_uppercase();
                if !["CREATE", "ALTER", "DROP", "RENAME"].iter().any(|k| head.starts_with(k)) {
                    continue;
                }
                let stmt = Stmt::new(body.to_string(), settings.dialect);
                let Some(d) = ddl::parse(&stmt.toks) else { continue };
                cat.apply(&d, |old, new| {
                    if rep {
                        if let Some(m) = crate::rules::sql022_no_change_column_type::changed(old, new) {
                            changes.push((path.to_string(), (piece.start + new.ty_start, piece.start + new.ty_end), m));
                        }
                    }
                });
            }
        }
        (cat, changes)
    }

    /// Replays the DDL of one script's text (the statements of a file before the one being reviewed).
    pub fn replay_text(&mut self, text: &str, settings: &Settings) {
        for d in ddl_of(text, settings) {
            self.apply_ddl(&d);
        }
    }

    /// Applies one DDL statement to the catalogue.
    pub fn apply_ddl(&mut self, d: &Ddl) {
        self.apply(d, |_, _| {});
    }

    fn apply(&mut self, d: &Ddl, mut on_change: impl FnMut(&Column, &Column)) {
        match d {
            Ddl::Create(ct) => {
                let Some(n) = &ct.name else { return };
                let mut t = Table::default();
                for c in &ct.columns {
                    t.columns.insert(c.name_lower(), c.clone());
                }
                t.indexes.clone_from(&ct.indexes);
                self.tables.insert(n.lower(), t);
            }
            Ddl::CreateIndex { table, index } => {
                if let Some(t) = self.tables.get_mut(&table.lower()) {
                    t.indexes.push(index.clone());
                }
            }
            Ddl::Alter(a) => {
                let name = a.name.lower();
                let mut renamed = None;
                if let Some(t) = self.tables.get_mut(&name) {
                    for op in &a.ops {
                        match op {
                            AlterOp::AddColumn(c) => {
                                t.columns.insert(c.name_lower(), c.clone());
                            }
                            AlterOp::Modify(c) => {
                                if let Some(old) = t.columns.get(&c.name_lower()) {
                                    on_change(old, c);
                                }
                                t.columns.insert(c.name_lower(), c.clone());
                            }
                            AlterOp::Change { old, col } => {
                                if let Some(o) = t.columns.remove(&old.lower()) {
                                    on_change(&o, col);
                                }
                                t.columns.insert(col.name_lower(), col.clone());
                            }
                            AlterOp::DropColumn(n) => {
                                t.columns.remove(&n.lower());
                            }
                            AlterOp::RenameColumn { old, new } => {
                                if let Some(mut c) = t.columns.remove(&old.lower()) {
                                    c.name = Some(new.clone());
                                    t.columns.insert(new.lower(), c);
                                }
                            }
                            AlterOp::RenameTable(n) => renamed = Some(n.lower()),
                            AlterOp::AddIndex(i) => t.indexes.push(i.clone()),
                            AlterOp::DropIndex(n) => {
                                let n = n.lower();
                                t.indexes.retain(|i| i.name.as_ref().is_none_or(|x| x.lower() != n));
                            }
                            AlterOp::DropPrimary(..) => t.indexes.retain(|i| i.kind != IndexKind::Primary),
                            _ => {}
                        }
                    }
                }
                if let Some(new) = renamed {
                    if let Some(t) = self.tables.remove(&name) {
                        self.tables.insert(new, t);
                    }
                }
            }
            Ddl::DropTable { tables } => {
                for t in tables {
                    self.tables.remove(&t.lower());
                }
            }
            Ddl::RenameTable { pairs } => {
                for (a, b) in pairs {
                    if let Some(t) = self.tables.remove(&a.lower()) {
                        self.tables.insert(b.lower(), t);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_order_is_numeric() {
        let mut v: Vec<String> = ["V10__c.sql", "V2__b.sql", "V1.2__a.sql", "V1__init.sql", "10_x.sql", "2_x.sql"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        migration_order(&mut v);
        assert_eq!(v, ["V1__init.sql", "V1.2__a.sql", "V2__b.sql", "V10__c.sql", "2_x.sql", "10_x.sql"]);
    }

    #[test]
    fn replay_finds_type_changes() {
        let s = Settings::default();
        let files = [
            ("V1__a.sql", "CREATE TABLE t (id bigint, amount int(11));"),
            ("V2__b.sql", "ALTER TABLE t MODIFY amount bigint;"),
        ];
        let (cat, changes) = Catalogue::replay(files.iter().map(|(a, b)| (*a, *b)), &s, &|p| p == "V2__b.sql");
        assert_eq!(changes.len(), 1);
        assert_eq!(cat.tables["t"].columns["amount"].ty, "bigint");
    }

    #[test]
    fn replay_tracks_indexes() {
        let s = Settings::default();
        let files = [
            ("V1__a.sql", "CREATE TABLE t (id bigint PRIMARY KEY, a int, b int, KEY idx_a (a));"),
            ("V2__b.sql", "ALTER TABLE t DROP INDEX idx_a, ADD INDEX idx_a_b (a, b);"),
            ("V3__c.sql", "CREATE UNIQUE INDEX uk_b ON t (b); ALTER TABLE t DROP PRIMARY KEY;"),
        ];
        let (cat, _) = Catalogue::replay(files.iter().map(|(a, b)| (*a, *b)), &s, &|_| false);
        let names: Vec<String> =
            cat.tables["t"].indexes.iter().filter_map(|i| i.name.as_ref().map(|n| n.value.clone())).collect();
        assert_eq!(names, ["idx_a_b", "uk_b"]);
        assert!(cat.tables["t"].indexes.iter().all(|i| i.kind != IndexKind::Primary));
    }
}
