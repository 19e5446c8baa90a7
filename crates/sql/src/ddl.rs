//! A token-level model of DDL (CREATE TABLE, ALTER TABLE, CREATE INDEX, DROP, TRUNCATE, RENAME).
//!
//! It reads sqlparser's tokens rather than its AST because MySQL DDL is where sqlparser has the most gaps
//! (column `CHARSET x`, `PARTITION BY`, ALTER table options, `ADD COLUMN (a, b)`, sql.md §4.2): the DDL rules
//! then work the same whether or not the statement parsed, which is the token-level fallback the spec asks
//! for, and every column, index and option keeps its exact position.

use sqlparser::tokenizer::Token;

use crate::stmt::Tok;

/// An identifier as written, with its byte range in the statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub value: String,
    pub quoted: bool,
    pub start: usize,
    pub end: usize,
}

impl Name {
    pub fn lower(&self) -> String {
        self.value.to_ascii_lowercase()
    }
}

/// A column definition.
#[derive(Clone, Debug, Default)]
pub struct Column {
    pub name: Option<Name>,
    /// Lower-case base type (`varchar`, `double precision`).
    pub ty: String,
    pub ty_start: usize,
    pub ty_end: usize,
    pub args: Vec<u64>,
    pub unsigned: bool,
    pub not_null: bool,
    pub has_default: bool,
    pub auto_increment: bool,
    pub comment: Option<String>,
    pub on_update_now: bool,
    pub primary: bool,
    pub unique: bool,
    /// Column-level `CHARACTER SET x` / `CHARSET x`: the value.
    pub charset: Option<Name>,
    /// Offset of an inline `REFERENCES`.
    pub references: Option<usize>,
    /// Column-level `COLLATE x`: the value.
    pub collate: Option<Name>,
    /// Range of the `DEFAULT` clause, keyword and value.
    pub default_range: Option<(usize, usize)>,
    /// `DEFAULT NULL`.
    pub default_null: bool,
    /// `DEFAULT CURRENT_TIMESTAMP` (or `NOW()`, `LOCALTIMESTAMP`, `LOCALTIME`, `CURRENT_TIME`).
    pub default_now: bool,
    /// `DEFAULT (expr)`: an expression default (MySQL 8.0.13+), not a literal.
    pub default_expr: bool,
    /// A generated column (`GENERATED ALWAYS AS (…)` or `AS (…)`).
    pub generated: bool,
    /// Range of `FIRST` or `AFTER x` (MySQL column position).
    pub position: Option<(usize, usize)>,
    /// Range of the whole definition.
    pub start: usize,
    pub end: usize,
}

impl Column {
    /// `bigint unsigned`, `varchar`: the base type plus `unsigned`.
    pub fn full_type(&self) -> String {
        if self.unsigned { format!("{} unsigned", self.ty) } else { self.ty.clone() }
    }

    pub fn name_lower(&self) -> String {
        self.name.as_ref().map(Name::lower).unwrap_or_default()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexKind {
    Primary,
    Unique,
    Plain,
    Fulltext,
    Spatial,
}

/// An index or key.
#[derive(Clone, Debug)]
pub struct Index {
    pub kind: IndexKind,
    pub name: Option<Name>,
    /// Lower-case column names in order.
    pub columns: Vec<String>,
    /// Each column's prefix length (`name(20)`), in the order of `columns`.
    pub lengths: Vec<Option<u64>>,
    /// Offset of the defining keyword.
    pub start: usize,
    pub end: usize,
}

/// A table option (`ENGINE=InnoDB`): upper-case key, value as written and its range.
#[derive(Clone, Debug)]
pub struct TableOpt {
    pub key: String,
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// CREATE TABLE.
#[derive(Clone, Debug, Default)]
pub struct CreateTable {
    pub name: Option<Name>,
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    /// Offsets of FOREIGN KEY / REFERENCES.
    pub foreign_keys: Vec<(usize, usize)>,
    pub options: Vec<TableOpt>,
    /// Range of `PARTITION` when the table is partitioned.
    pub partition: Option<(usize, usize)>,
    /// False for `CREATE TABLE … LIKE` and `CREATE TABLE … AS SELECT` without a column list.
    pub has_body: bool,
    pub temporary: bool,
}

impl CreateTable {
    pub fn option(&self, key: &str) -> Option<&TableOpt> {
        self.options.iter().find(|o| o.key == key)
    }
}

/// One ALTER TABLE specification.
#[derive(Clone, Debug)]
pub enum AlterOp {
    AddColumn(Column),
    Modify(Column),
    Change { old: Name, col: Column },
    DropColumn(Name),
    RenameColumn { old: Name, new: Name },
    AddIndex(Index),
    DropIndex(Name),
    DropPrimary(usize, usize),
    AddForeign(usize, usize),
    AddCheck(usize, usize),
    RenameTable(Name),
    Option(TableOpt),
    Partition(usize, usize),
    Other,
}

#[derive(Clone, Debug)]
pub struct AlterTable {
    pub name: Name,
    pub ops: Vec<AlterOp>,
}

/// What a DDL statement is.
#[derive(Clone, Debug)]
pub enum Ddl {
    Create(Box<CreateTable>),
    Alter(AlterTable),
    DropTable { tables: Vec<Name> },
    Truncate { table: Option<Name>, start: usize, end: usize },
    RenameTable { pairs: Vec<(Name, Name)> },
    CreateIndex { table: Name, index: Index },
    CreateDatabase { options: Vec<TableOpt> },
    Procedure { start: usize, end: usize },
}

struct P<'a> {
    t: &'a [Tok],
    i: usize,
}

impl<'a> P<'a> {
    fn peek(&self) -> Option<&'a Tok> {
        self.t.get(self.i)
    }
    fn at(&self, kw: &str) -> bool {
        self.peek().is_some_and(|t| t.is(kw))
    }
    fn eat(&mut self, kw: &str) -> bool {
        if self.at(kw) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn eat_tok(&mut self, tok: &Token) -> bool {
        if self.peek().is_some_and(|t| &t.t == tok) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn next(&mut self) -> Option<&'a Tok> {
        let t = self.t.get(self.i);
        self.i += 1;
        t
    }
    /// A possibly qualified name (`db.t`): its last part.
    fn name(&mut self) -> Option<Name> {
        let mut last = None;
        loop {
            let t = self.peek()?;
            let Token::Word(w) = &t.t else { return last };
            last = Some(Name { value: w.value.clone(), quoted: w.quote_style.is_some(), start: t.start, end: t.end });
            self.i += 1;
            if !self.eat_tok(&Token::Period) {
                return last;
            }
        }
    }
    /// Skips a balanced parenthesised group at the cursor; returns the tokens inside.
    fn group(&mut self) -> Option<&'a [Tok]> {
        if self.peek().is_none_or(|t| t.t != Token::LParen) {
            return None;
        }
        let depth = self.t[self.i].depth;
        let open = self.i;
        self.i += 1;
        while let Some(t) = self.peek() {
            if t.t == Token::RParen && t.depth == depth {
                self.i += 1;
                return Some(&self.t[open + 1..self.i - 1]);
            }
            self.i += 1;
        }
        Some(&self.t[open + 1..])
    }
}

/// Splits tokens at commas on their own level.
fn split_commas(toks: &[Tok]) -> Vec<&[Tok]> {
    let Some(first) = toks.first() else { return Vec::new() };
    let depth = toks.iter().map(|t| t.depth).min().unwrap_or(first.depth);
    let mut out = Vec::new();
    let mut s = 0;
    for (i, t) in toks.iter().enumerate() {
        if t.t == Token::Comma && t.depth == depth {
            out.push(&toks[s..i]);
            s = i + 1;
        }
    }
    out.push(&toks[s..]);
    out
}

fn range(toks: &[Tok]) -> (usize, usize) {
    (toks.first().map_or(0, |t| t.start), toks.last().map_or(0, |t| t.end))
}

/// The DDL model of a statement, when it is DDL this module knows.
pub fn parse(toks: &[Tok]) -> Option<Ddl> {
    let mut p = P { t: toks, i: 0 };
    let first = p.next()?;
    if first.is("CREATE") {
        p.eat("OR");
        p.eat("REPLACE");
        if p.eat("TEMPORARY") || p.eat("GLOBAL") {
            p.eat("TEMPORARY");
            if p.at("TABLE") {
                return create_table(&mut p, true).map(|c| Ddl::Create(Box::new(c)));
            }
        }
        if p.at("TABLE") {
            return create_table(&mut p, false).map(|c| Ddl::Create(Box::new(c)));
        }
        if p.at("DATABASE") || p.at("SCHEMA") {
            p.i += 1;
            p.eat("IF");
            p.eat("NOT");
            p.eat("EXISTS");
            p.name();
            return Some(Ddl::CreateDatabase { options: options(&mut p) });
        }
        let kind = if p.eat("UNIQUE") {
            IndexKind::Unique
        } else if p.eat("FULLTEXT") {
            IndexKind::Fulltext
        } else if p.eat("SPATIAL") {
            IndexKind::Spatial
        } else {
            IndexKind::Plain
        };
        if p.at("INDEX") {
            let start = p.peek().map_or(0, |t| t.start);
            p.i += 1;
            let name = p.name();
            if !p.eat("ON") {
                return None;
            }
            let table = p.name()?;
            let (columns, lengths) = p.group().map(index_parts).unwrap_or_default().into_iter().unzip();
            let end = p.t.get(p.i.saturating_sub(1)).map_or(start, |t| t.end);
            return Some(Ddl::CreateIndex { table, index: Index { kind, name, columns, lengths, start, end } });
        }
        // CREATE [DEFINER = x] PROCEDURE
        while let Some(t) = p.next() {
            if t.is("PROCEDURE") {
                return Some(Ddl::Procedure { start: t.start, end: t.end });
            }
            if t.is("TABLE") || t.is("VIEW") || t.is("FUNCTION") || t.is("TRIGGER") || t.is("EVENT") || p.i > 8 {
                return None;
            }
        }
        return None;
    }
    if first.is("ALTER") {
        p.eat("ONLINE");
        p.eat("IGNORE");
        if !p.eat("TABLE") {
            return None;
        }
        let name = p.name()?;
        let rest = &toks[p.i..];
        let ops = split_commas(rest).into_iter().flat_map(alter_ops).collect();
        return Some(Ddl::Alter(AlterTable { name, ops }));
    }
    if first.is("DROP") {
        p.eat("TEMPORARY");
        if !p.eat("TABLE") {
            return None;
        }
        if p.eat("IF") {
            p.eat("EXISTS");
        }
        let mut tables = Vec::new();
        while let Some(n) = p.name() {
            tables.push(n);
            if !p.eat_tok(&Token::Comma) {
                break;
            }
        }
        return Some(Ddl::DropTable { tables });
    }
    if first.is("TRUNCATE") {
        p.eat("TABLE");
        return Some(Ddl::Truncate { table: p.name(), start: first.start, end: first.end });
    }
    if first.is("RENAME") && p.eat("TABLE") {
        let mut pairs = Vec::new();
        while let Some(a) = p.name() {
            if !p.eat("TO") {
                break;
            }
            let Some(b) = p.name() else { break };
            pairs.push((a, b));
            if !p.eat_tok(&Token::Comma) {
                break;
            }
        }
        return Some(Ddl::RenameTable { pairs });
    }
    None
}

fn create_table(p: &mut P<'_>, temporary: bool) -> Option<CreateTable> {
    p.eat("TABLE");
    if p.eat("IF") {
        p.eat("NOT");
        p.eat("EXISTS");
    }
    let mut ct = CreateTable { name: p.name(), temporary, ..CreateTable::default() };
    if let Some(body) = p.group() {
        ct.has_body = !body.first().is_some_and(|t| t.is("LIKE"));
        for def in split_commas(body) {
            table_element(def, &mut ct);
        }
    }
    ct.options = options(p);
    if let Some(t) = p.t[p.i.min(p.t.len())..].iter().find(|t| t.is("PARTITION") && t.depth == 0) {
        ct.partition = Some((t.start, t.end));
    }
    Some(ct)
}

/// Table options until the end, `PARTITION` or `AS SELECT`.
fn options(p: &mut P<'_>) -> Vec<TableOpt> {
    let mut out = Vec::new();
    while let Some(t) = p.peek() {
        if t.is("PARTITION") || t.is("AS") || t.is("SELECT") || t.t == Token::LParen {
            break;
        }
        p.i += 1;
        let Some(w) = t.word() else { continue };
        let mut key = w.to_ascii_uppercase();
        if key == "DEFAULT" {
            continue;
        }
        if key == "CHARACTER" && p.eat("SET") {
            key = "CHARSET".into();
        }
        if key == "CHARACTER SET" {
            key = "CHARSET".into();
        }
        p.eat_tok(&Token::Eq);
        let Some(v) = p.next() else { break };
        let value = match &v.t {
            Token::Word(w) => w.value.clone(),
            Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => s.clone(),
            Token::Number(n, _) => n.clone(),
            other => other.to_string(),
        };
        out.push(TableOpt { key, value, start: v.start, end: v.end });
    }
    out
}

/// Each key part of an index column list: the lower-case column and its prefix length (`name(20)`).
fn index_parts(toks: &[Tok]) -> Vec<(String, Option<u64>)> {
    split_commas(toks)
        .into_iter()
        .filter_map(|c| {
            let name = c.first().and_then(Tok::word)?.to_ascii_lowercase();
            let len = match (c.get(1).map(|t| &t.t), c.get(2).map(|t| &t.t)) {
                (Some(Token::LParen), Some(Token::Number(n, _))) => n.parse().ok(),
                _ => None,
            };
            Some((name, len))
        })
        .collect()
}

fn index_def(toks: &[Tok], kind: IndexKind, start: usize) -> Index {
    let mut p = P { t: toks, i: 0 };
    let mut name = None;
    let mut columns = Vec::new();
    let mut lengths = Vec::new();
    while let Some(t) = p.peek() {
        if t.t == Token::LParen {
            (columns, lengths) = p.group().map(index_parts).unwrap_or_default().into_iter().unzip();
            break;
        }
        if t.is("KEY") || t.is("INDEX") || t.is("USING") || t.is("BTREE") || t.is("HASH") {
            p.i += 1;
            continue;
        }
        if name.is_none() && matches!(t.t, Token::Word(_)) {
            name = p.name();
            continue;
        }
        p.i += 1;
    }
    Index { kind, name, columns, lengths, start, end: range(toks).1 }
}

fn table_element(def: &[Tok], ct: &mut CreateTable) {
    let Some(first) = def.first() else { return };
    let (s, e) = range(def);
    let mut rest = def;
    let mut cname = None;
    if first.is("CONSTRAINT") {
        let mut p = P { t: def, i: 1 };
        if !(p.at("PRIMARY") || p.at("UNIQUE") || p.at("FOREIGN") || p.at("CHECK")) {
            cname = p.name();
        }
        rest = &def[p.i..];
    }
    let Some(head) = rest.first() else { return };
    if head.is("PRIMARY") {
        let mut idx = index_def(&rest[1..], IndexKind::Primary, head.start);
        idx.name = cname.or(idx.name);
        ct.indexes.push(idx);
    } else if head.is("UNIQUE") {
        let mut idx = index_def(&rest[1..], IndexKind::Unique, head.start);
        idx.name = idx.name.or(cname);
        ct.indexes.push(idx);
    } else if head.is("KEY") || head.is("INDEX") {
        ct.indexes.push(index_def(&rest[1..], IndexKind::Plain, head.start));
    } else if head.is("FULLTEXT") || head.is("SPATIAL") {
        let kind = if head.is("FULLTEXT") { IndexKind::Fulltext } else { IndexKind::Spatial };
        ct.indexes.push(index_def(&rest[1..], kind, head.start));
    } else if head.is("FOREIGN") {
        ct.foreign_keys.push((head.start, head.end));
    } else if head.is("CHECK") || head.is("LIKE") {
    } else {
        let col = column_def(def);
        if col.primary {
            ct.indexes.push(Index {
                kind: IndexKind::Primary,
                name: None,
                columns: vec![col.name_lower()],
                lengths: vec![None],
                start: s,
                end: e,
            });
        }
        if let Some(r) = col.references {
            ct.foreign_keys.push((r, r + "REFERENCES".len()));
        }
        ct.columns.push(col);
    }
}

/// `name type[(args)] [UNSIGNED] options…`.
pub fn column_def(def: &[Tok]) -> Column {
    let (start, end) = range(def);
    let mut p = P { t: def, i: 0 };
    let mut col = Column { start, end, name: p.name(), ..Column::default() };
    // The type: one or two words (`double precision`, `character varying`) then an optional group.
    if let Some(t) = p.next() {
        col.ty_start = t.start;
        col.ty_end = t.end;
        col.ty = t.word().unwrap_or_default().to_ascii_lowercase();
        for second in ["PRECISION", "VARYING"] {
            if let Some(n) = p.peek().filter(|n| n.is(second)) {
                col.ty = format!("{} {}", col.ty, second.to_ascii_lowercase());
                col.ty_end = n.end;
                p.i += 1;
            }
        }
        if let Some(args) = p.group() {
            col.args = args
                .iter()
                .filter_map(|a| if let Token::Number(n, _) = &a.t { n.parse().ok() } else { None })
                .collect();
            col.ty_end = p.t.get(p.i - 1).map_or(col.ty_end, |t| t.end);
        }
    }
    while let Some(t) = p.next() {
        if t.is("UNSIGNED") {
            col.unsigned = true;
        } else if t.is("NOT") && p.eat("NULL") {
            col.not_null = true;
        } else if t.is("DEFAULT") {
            col.has_default = true;
            match p.next() {
                Some(v) if v.t == Token::LParen => {
                    p.i -= 1;
                    p.group();
                    col.default_expr = true;
                }
                Some(v) => {
                    col.default_null = v.is("NULL");
                    col.default_now = ["CURRENT_TIMESTAMP", "NOW", "LOCALTIMESTAMP", "LOCALTIME", "CURRENT_TIME"]
                        .iter()
                        .any(|k| v.is(k));
                    // A signed number is two tokens: `DEFAULT -1`.
                    if matches!(v.t, Token::Minus | Token::Plus) {
                        p.i += 1;
                    }
                }
                None => {}
            }
            let last = p.t.get(p.i.saturating_sub(1)).map_or(t.end, |v| v.end);
            col.default_range = Some((t.start, last.max(t.end)));
        } else if t.is("AUTO_INCREMENT") || t.is("AUTOINCREMENT") || t.is("IDENTITY") || t.is("SERIAL") {
            col.auto_increment = true;
        } else if t.is("COMMENT") {
            col.comment = p.next().and_then(|v| v.string().map(str::to_string));
        } else if t.is("ON") && p.eat("UPDATE") {
            col.on_update_now = p.peek().is_some_and(|v| {
                v.is("CURRENT_TIMESTAMP") || v.is("NOW") || v.is("LOCALTIMESTAMP") || v.is("LOCALTIME")
            });
        } else if t.is("PRIMARY") && p.eat("KEY") {
            col.primary = true;
        } else if t.is("UNIQUE") {
            col.unique = true;
        } else if t.is("CHARSET") || (t.is("CHARACTER") && p.eat("SET")) {
            col.charset = p.name();
        } else if t.is("REFERENCES") {
            col.references = Some(t.start);
        } else if t.is("COLLATE") {
            p.eat_tok(&Token::Eq);
            col.collate = p.name();
        } else if t.is("GENERATED") || (t.is("AS") && p.peek().is_some_and(|v| v.t == Token::LParen)) {
            col.generated = true;
        } else if t.is("FIRST") {
            col.position = Some((t.start, t.end));
        } else if t.is("AFTER") {
            let end = p.name().map_or(t.end, |n| n.end);
            col.position = Some((t.start, end));
        } else if t.t == Token::LParen {
            p.i -= 1;
            p.group();
        }
    }
    if col.ty == "serial" {
        col.auto_increment = true;
    }
    col
}

fn alter_op(spec: &[Tok]) -> AlterOp {
    let mut p = P { t: spec, i: 0 };
    let Some(first) = p.next() else { return AlterOp::Other };
    let (s, e) = range(spec);
    if first.is("ADD") {
        let mut cname = None;
        if p.eat("CONSTRAINT") && !(p.at("PRIMARY") || p.at("UNIQUE") || p.at("FOREIGN") || p.at("CHECK")) {
            cname = p.name();
        }
        let Some(head) = p.peek() else { return AlterOp::Other };
        let rest = &spec[p.i + 1..];
        if head.is("PRIMARY") {
            let mut idx = index_def(rest, IndexKind::Primary, head.start);
            idx.name = cname.or(idx.name);
            return AlterOp::AddIndex(idx);
        }
        if head.is("UNIQUE") {
            let mut idx = index_def(rest, IndexKind::Unique, head.start);
            idx.name = idx.name.or(cname);
            return AlterOp::AddIndex(idx);
        }
        if head.is("KEY") || head.is("INDEX") {
            return AlterOp::AddIndex(index_def(rest, IndexKind::Plain, head.start));
        }
        if head.is("FULLTEXT") || head.is("SPATIAL") {
            let kind = if head.is("FULLTEXT") { IndexKind::Fulltext } else { IndexKind::Spatial };
            return AlterOp::AddIndex(index_def(rest, kind, head.start));
        }
        if head.is("FOREIGN") {
            return AlterOp::AddForeign(head.start, head.end);
        }
        if head.is("CHECK") {
            return AlterOp::AddCheck(head.start, head.end);
        }
        if head.is("PARTITION") {
            return AlterOp::Partition(head.start, head.end);
        }
        p.eat("COLUMN");
        eat_if_not_exists(&mut p);
        return AlterOp::AddColumn(column_def(&spec[p.i..]));
    }
    if first.is("MODIFY") {
        p.eat("COLUMN");
        eat_if_not_exists(&mut p);
        return AlterOp::Modify(column_def(&spec[p.i..]));
    }
    if first.is("CHANGE") {
        p.eat("COLUMN");
        let Some(old) = p.name() else { return AlterOp::Other };
        return AlterOp::Change { old, col: column_def(&spec[p.i..]) };
    }
    if first.is("DROP") {
        if p.eat("PRIMARY") {
            return AlterOp::DropPrimary(s, e);
        }
        if p.eat("INDEX") || p.eat("KEY") {
            return p.name().map_or(AlterOp::Other, AlterOp::DropIndex);
        }
        if p.at("FOREIGN") || p.at("CHECK") || p.at("CONSTRAINT") || p.at("PARTITION") {
            return AlterOp::Other;
        }
        p.eat("COLUMN");
        return p.name().map_or(AlterOp::Other, AlterOp::DropColumn);
    }
    if first.is("RENAME") {
        if p.eat("COLUMN") {
            let Some(old) = p.name() else { return AlterOp::Other };
            p.eat("TO");
            return p.name().map_or(AlterOp::Other, |new| AlterOp::RenameColumn { old, new });
        }
        if p.at("INDEX") || p.at("KEY") {
            return AlterOp::Other;
        }
        if !p.eat("TO") {
            p.eat("AS");
        }
        return p.name().map_or(AlterOp::Other, AlterOp::RenameTable);
    }
    if first.is("PARTITION") {
        return AlterOp::Partition(first.start, first.end);
    }
    if first.is("CONVERT") {
        // CONVERT TO CHARACTER SET x
        while let Some(t) = p.next() {
            if t.is("SET") || t.is("CHARSET") {
                if let Some(v) = p.next() {
                    let value = v.word().unwrap_or_default().to_string();
                    return AlterOp::Option(TableOpt { key: "CHARSET".into(), value, start: v.start, end: v.end });
                }
            }
        }
        return AlterOp::Other;
    }
    let mut p = P { t: spec, i: 0 };
    match options(&mut p).into_iter().next() {
        Some(o) if ["ENGINE", "CHARSET", "COMMENT", "COLLATE"].contains(&o.key.as_str()) => AlterOp::Option(o),
        _ => AlterOp::Other,
    }
}

/// `IF NOT EXISTS` / `IF EXISTS` after `ADD [COLUMN]` (MariaDB, PostgreSQL): not part of the column's name.
fn eat_if_not_exists(p: &mut P<'_>) {
    if p.at("IF") && p.t.get(p.i + 1).is_some_and(|t| t.is("NOT") || t.is("EXISTS")) {
        p.eat("IF");
        p.eat("NOT");
        p.eat("EXISTS");
    }
}

/// The ops of one ALTER specification: `ADD [COLUMN] (a …, b …)` gives one op per column.
fn alter_ops(spec: &[Tok]) -> Vec<AlterOp> {
    let mut p = P { t: spec, i: 0 };
    if p.eat("ADD") {
        p.eat("COLUMN");
        if let Some(group) = p.group() {
            return split_commas(group).into_iter().map(|d| AlterOp::AddColumn(column_def(d))).collect();
        }
    }
    vec![alter_op(spec)]
}
