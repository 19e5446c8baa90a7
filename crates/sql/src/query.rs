//! Query structure read from a statement's significant tokens, for the query-shape rules of the further
//! catalogue (sql.md §3): each SELECT level with its extent, the tables of a FROM (or UPDATE) clause with
//! their aliases, comma joins and JOIN constraints. Every function is one pass (or a bounded number of passes)
//! over the tokens, and nothing recurses, so a statement of 100,000 tokens or 3,000 chained operators costs
//! linear time.

use sqlparser::tokenizer::Token;

use crate::stmt::Tok;

/// For every `(`, the index just past its matching `)` (the token count when unmatched); `usize::MAX` for
/// every other token. One pass with a stack.
pub fn matching(toks: &[Tok]) -> Vec<usize> {
    let mut out = vec![usize::MAX; toks.len()];
    let mut open = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.t {
            Token::LParen => open.push(i),
            Token::RParen => {
                if let Some(o) = open.pop() {
                    out[o] = i + 1;
                }
            }
            _ => {}
        }
    }
    for o in open {
        out[o] = toks.len();
    }
    out
}

/// For every token, the index of the `(` that directly encloses it (`None` at the top level).
pub fn enclosing(toks: &[Tok]) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(toks.len());
    let mut open: Vec<usize> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.t == Token::RParen {
            open.pop();
        }
        out.push(open.last().copied());
        if t.t == Token::LParen {
            open.push(i);
        }
    }
    out
}

/// Whether the `(` at `i` opens a subquery (`(SELECT …`, `(WITH …`, `((SELECT …`).
pub fn opens_subquery(toks: &[Tok], i: usize) -> bool {
    let mut j = i;
    while toks.get(j).is_some_and(|t| t.t == Token::LParen) {
        j += 1;
    }
    j > i && toks.get(j).is_some_and(|t| t.is("SELECT") || t.is("WITH"))
}

/// Words that end a FROM (or UPDATE table) clause on its own level.
const FROM_END: &[&str] = &[
    "WHERE",
    "GROUP",
    "ORDER",
    "LIMIT",
    "HAVING",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "FOR",
    "WINDOW",
    "SET",
    "LOCK",
    "RETURNING",
    "INTO",
    "CONNECT",
    "START",
    "PROCEDURE",
];

/// Words that may follow a table without being its alias.
const NOT_ALIAS: &[&str] = &[
    "LEFT",
    "RIGHT",
    "INNER",
    "OUTER",
    "FULL",
    "CROSS",
    "NATURAL",
    "JOIN",
    "STRAIGHT_JOIN",
    "ON",
    "USING",
    "USE",
    "FORCE",
    "IGNORE",
    "PARTITION",
    "AS",
    "WITH",
    "TABLESAMPLE",
    "VALUES",
    "SELECT",
    "DUPLICATE",
    "KEY",
];

/// A table (or derived table) of a FROM clause.
#[derive(Debug, Clone)]
pub struct TableRef {
    /// Token range of the name (`db . t`), or of the parenthesised derived table.
    pub first: usize,
    pub last: usize,
    /// Whether it is a derived table or a parenthesised join rather than a name.
    pub derived: bool,
    /// The alias token, if any.
    pub alias: Option<usize>,
    /// Whether the alias was introduced by `AS`.
    pub alias_as: bool,
}

impl TableRef {
    /// The qualifier (`db` of `db.t`), lower case, for a named table.
    pub fn qualifier(&self, toks: &[Tok]) -> Option<String> {
        if self.derived || self.last < self.first + 2 {
            return None;
        }
        toks.get(self.last - 2).and_then(Tok::word).map(str::to_ascii_lowercase)
    }

    /// The table's own name, lower case.
    pub fn name(&self, toks: &[Tok]) -> Option<String> {
        if self.derived {
            return None;
        }
        toks.get(self.last).and_then(Tok::word).map(str::to_ascii_lowercase)
    }
}

/// A JOIN of a FROM clause.
#[derive(Debug, Clone)]
pub struct Join {
    /// The `JOIN` (or `STRAIGHT_JOIN`) token.
    pub at: usize,
    /// Written `CROSS JOIN` or `NATURAL … JOIN`: no constraint is expected.
    pub cross: bool,
    /// Has an `ON` or `USING`.
    pub constrained: bool,
}

/// A FROM clause (or the table clause of a multi-table UPDATE) on one level.
#[derive(Debug, Default, Clone)]
pub struct From {
    pub tables: Vec<TableRef>,
    /// The commas that join tables (implicit joins).
    pub commas: Vec<usize>,
    pub joins: Vec<Join>,
    /// Token index just past the clause.
    pub end: usize,
}

/// Whether token `t` ends a FROM clause of depth `d`.
fn ends_from(toks: &[Tok], j: usize, d: u32) -> bool {
    let u = &toks[j];
    u.depth < d
        || (u.depth == d
            && (u.t == Token::SemiColon
                || FROM_END.iter().any(|k| u.is(k))
                || (u.is("ON") && toks.get(j + 1).is_some_and(|n| n.is("DUPLICATE")))))
}

/// The FROM clause whose keyword (`FROM`, or `UPDATE`) is token `kw`.
pub fn from_clause(toks: &[Tok], close: &[usize], kw: usize) -> From {
    let mut f = From::default();
    let Some(d) = toks.get(kw).map(|t| t.depth) else { return f };
    let mut i = kw + 1;
    // Skip UPDATE modifiers.
    while toks.get(i).is_some_and(|t| t.is("LOW_PRIORITY") || t.is("IGNORE")) {
        i += 1;
    }
    let mut expect_table = true;
    while i < toks.len() && !ends_from(toks, i, d) {
        let t = &toks[i];
        if t.depth != d {
            i += 1;
            continue;
        }
        if expect_table {
            expect_table = false;
            let first = i;
            let (last, derived) = if t.t == Token::LParen {
                let c = close.get(i).copied().filter(|&c| c != usize::MAX).unwrap_or(toks.len());
                (c.saturating_sub(1).max(i), true)
            } else if t.word().is_some() {
                let mut l = i;
                while toks.get(l + 1).is_some_and(|p| p.t == Token::Period)
                    && toks.get(l + 2).is_some_and(|w| w.word().is_some())
                {
                    l += 2;
                }
                (l, false)
            } else {
                i += 1;
                continue;
            };
            let mut j = last + 1;
            let alias_as = toks.get(j).is_some_and(|a| a.is("AS"));
            if alias_as {
                j += 1;
            }
            let alias = toks
                .get(j)
                .filter(|a| a.depth == d && a.word().is_some() && !NOT_ALIAS.iter().any(|k| a.is(k)))
                .filter(|a| !FROM_END.iter().any(|k| a.is(k)))
                .map(|_| j);
            f.tables.push(TableRef { first, last, derived, alias, alias_as: alias_as && alias.is_some() });
            i = alias.map_or(j, |a| a + 1);
            continue;
        }
        if t.t == Token::Comma {
            f.commas.push(i);
            expect_table = true;
        } else if t.is("JOIN") || t.is("STRAIGHT_JOIN") {
            let prev =
                |k: usize| i >= k && toks[i - k].depth == d && (toks[i - k].is("CROSS") || toks[i - k].is("NATURAL"));
            let cross = prev(1) || prev(2) || prev(3);
            f.joins.push(Join { at: i, cross, constrained: false });
            expect_table = true;
        } else if t.is("ON") || t.is("USING") {
            if let Some(j) = f.joins.last_mut() {
                j.constrained = true;
            }
        } else if (t.is("USE") || t.is("FORCE") || t.is("IGNORE"))
            && toks.get(i + 1).is_some_and(|n| n.is("INDEX") || n.is("KEY"))
        {
            // An index hint's list: skip it.
            let mut j = i + 2;
            while toks
                .get(j)
                .is_some_and(|n| n.is("FOR") || n.is("JOIN") || n.is("ORDER") || n.is("GROUP") || n.is("BY"))
            {
                j += 1;
            }
            if toks.get(j).is_some_and(|n| n.t == Token::LParen) {
                i = close.get(j).copied().filter(|&c| c != usize::MAX).unwrap_or(toks.len());
                continue;
            }
        }
        i += 1;
    }
    f.end = i;
    f
}

/// One SELECT of a statement: its keyword, the index just past its extent, and its FROM keyword.
#[derive(Debug, Clone)]
pub struct Level {
    pub select: usize,
    pub end: usize,
    pub from: Option<usize>,
    pub depth: u32,
}

/// Every SELECT of a statement (subqueries and UNION arms each on their own), in order.
pub fn levels(toks: &[Tok]) -> Vec<Level> {
    let mut out: Vec<Level> = Vec::new();
    // The open levels, innermost last: (index into `out`, depth).
    let mut open: Vec<(usize, u32)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        while let Some(&(k, d)) = open.last() {
            let closes = t.depth < d
                || (t.depth == d && (t.t == Token::SemiColon || t.is("UNION") || t.is("INTERSECT") || t.is("EXCEPT")));
            if closes {
                out[k].end = i;
                open.pop();
            } else {
                break;
            }
        }
        if t.is("SELECT") {
            open.push((out.len(), t.depth));
            out.push(Level { select: i, end: toks.len(), from: None, depth: t.depth });
        } else if t.is("FROM") {
            if let Some(&(k, d)) = open.last() {
                if d == t.depth && out[k].from.is_none() {
                    out[k].from = Some(i);
                }
            }
        }
    }
    out
}

/// The token indexes of a level that belong to it, not to a subquery nested in it.
pub fn own_tokens<'a>(toks: &'a [Tok], close: &'a [usize], from: usize, to: usize) -> impl Iterator<Item = usize> + 'a {
    let mut i = from;
    std::iter::from_fn(move || {
        while i < to {
            let k = i;
            if toks[k].t == Token::LParen && opens_subquery(toks, k) {
                i = close.get(k).copied().filter(|&c| c != usize::MAX).unwrap_or(to).max(k + 1);
                continue;
            }
            i += 1;
            return Some(k);
        }
        None
    })
}

/// Words that may stand between `SELECT` and its first item.
const SELECT_MODIFIERS: &[&str] = &[
    "SELECT",
    "DISTINCT",
    "DISTINCTROW",
    "ALL",
    "SQL_CALC_FOUND_ROWS",
    "SQL_NO_CACHE",
    "SQL_CACHE",
    "HIGH_PRIORITY",
    "STRAIGHT_JOIN",
    "SQL_BUFFER_RESULT",
    "SQL_SMALL_RESULT",
    "SQL_BIG_RESULT",
];

/// Words after which the next word is an operand, not an alias.
const OPERATOR_WORDS: &[&str] = &[
    "NOT", "AND", "OR", "XOR", "IS", "LIKE", "IN", "BETWEEN", "DIV", "MOD", "THEN", "ELSE", "WHEN", "CASE", "INTERVAL",
    "BINARY", "REGEXP", "RLIKE", "ESCAPE", "COLLATE", "EXISTS", "ANY", "SOME",
];

/// Words that end an expression without being an alias (`… END`, `INTERVAL 1 DAY`, `IS NULL`).
const NOT_ALIASES: &[&str] = &[
    "END",
    "NULL",
    "TRUE",
    "FALSE",
    "UNKNOWN",
    "DAY",
    "MONTH",
    "YEAR",
    "HOUR",
    "MINUTE",
    "SECOND",
    "WEEK",
    "QUARTER",
    "MICROSECOND",
    "ASC",
    "DESC",
];

/// The alias tokens of a level's select list (from its `SELECT` to `end`, its FROM or its end), with whether
/// each was introduced by `AS`: a word that ends an item (before a `,` or the end) right after `AS`, or right
/// after a complete operand (a name, a literal, a parameter or a `)`).
pub fn select_aliases(toks: &[Tok], close: &[usize], lv: &Level) -> Vec<(usize, bool)> {
    let end = lv.from.unwrap_or(lv.end);
    let mut out = Vec::new();
    for i in own_tokens(toks, close, lv.select + 1, end) {
        let t = &toks[i];
        if t.depth != lv.depth || t.word().is_none() {
            continue;
        }
        let ends_item = i + 1 == end || toks.get(i + 1).is_none_or(|n| n.t == Token::Comma && n.depth == lv.depth);
        let Some(p) = i.checked_sub(1).map(|p| &toks[p]) else { continue };
        if !ends_item || p.depth != lv.depth || NOT_ALIASES.iter().any(|k| t.is(k)) {
            continue;
        }
        if p.is("AS") {
            out.push((i, true));
        } else if p.t == Token::RParen
            || is_literal(p)
            || matches!(p.t, Token::Placeholder(_))
            || (p.word().is_some()
                && !SELECT_MODIFIERS.iter().any(|k| p.is(k))
                && !OPERATOR_WORDS.iter().any(|k| p.is(k)))
        {
            // `a.b c`, `COUNT(*) n`, `'x' y`; but not the `b` of `a.b` itself (its previous token is `.`).
            out.push((i, false));
        }
    }
    out
}

/// A statement's verb is one that reads or writes rows.
pub fn is_query_verb(verb: &str) -> bool {
    matches!(verb, "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "REPLACE" | "WITH")
}

/// Whether token `i` is a literal number or string (a constant operand).
pub fn is_literal(t: &Tok) -> bool {
    matches!(
        t.t,
        Token::Number(..)
            | Token::SingleQuotedString(_)
            | Token::DoubleQuotedString(_)
            | Token::NationalStringLiteral(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dialect;
    use crate::stmt::Stmt;

    #[test]
    fn from_clauses_list_tables_aliases_and_joins() {
        let s = Stmt::new(
            "SELECT a.x FROM db1.a AS a JOIN b ON a.id = b.id, c cc LEFT JOIN (SELECT 1) d ON 1 = 1 CROSS JOIN e WHERE 1"
                .into(),
            Dialect::MySql,
        );
        let close = matching(&s.toks);
        let lv = levels(&s.toks);
        assert_eq!(lv.len(), 2);
        let f = from_clause(&s.toks, &close, lv[0].from.unwrap_or(0));
        assert_eq!(f.tables.len(), 5);
        assert_eq!(f.tables[0].qualifier(&s.toks).as_deref(), Some("db1"));
        assert!(f.tables[0].alias_as);
        assert_eq!(f.tables[2].alias.and_then(|a| s.toks[a].word()), Some("cc"));
        assert!(f.tables[3].derived);
        assert_eq!(f.commas.len(), 1);
        assert_eq!(
            f.joins.iter().map(|j| (j.cross, j.constrained)).collect::<Vec<_>>(),
            [(false, true), (false, true), (true, false)]
        );
    }
}
