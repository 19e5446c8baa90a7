//! What the routing rules need of one parsed statement, read from the sqlparser AST the SQL check already
//! built (no re-parse): the tables with their aliases and positions, the WHERE, the INSERT column list and
//! row count, the SET columns, GROUP BY / ORDER BY and aggregates. Positions are byte ranges in the statement
//! text (from the AST's line/column spans).

use sqlparser::ast::{
    AssignmentTarget, BinaryOperator, Expr, FromTable, GroupByExpr, Ident, InTarget, ObjectName, Query, SelectItem,
    SetExpr, Statement, TableFactor, TableObject, TableWithJoins,
};

use crate::pos::StmtPos;

/// The kind of a routed statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Select,
    Insert,
    Update,
    Delete,
}

impl Verb {
    pub fn is_write(self) -> bool {
        self != Verb::Select
    }

    pub fn word(self) -> &'static str {
        match self {
            Verb::Select => "SELECT",
            Verb::Insert => "INSERT",
            Verb::Update => "UPDATE",
            Verb::Delete => "DELETE",
        }
    }
}

/// A table named by the statement.
#[derive(Clone, Debug)]
pub struct TableRef {
    /// Lower-case, unquoted, schema prefix stripped.
    pub name: String,
    /// Lower-case alias.
    pub alias: Option<String>,
    /// Byte range of the name in the statement text.
    pub at: (usize, usize),
}

/// One SET target.
#[derive(Clone, Debug)]
pub struct SetCol {
    pub column: String,
    pub qualifier: Option<String>,
    pub at: (usize, usize),
}

/// The routing-relevant shape of a statement.
#[derive(Debug)]
pub struct Shape<'a> {
    pub verb: Verb,
    /// The top-level tables (FROM list and joins); the first is the one Zdal routes on.
    pub tables: Vec<TableRef>,
    /// Tables of subqueries (in FROM or WHERE).
    pub sub_tables: Vec<TableRef>,
    pub selection: Option<&'a Expr>,
    /// INSERT column names (lower-case); `None` without a column list.
    pub insert_cols: Option<Vec<String>>,
    /// INSERT … VALUES rows.
    pub insert_rows: usize,
    pub sets: Vec<SetCol>,
    pub group_by: bool,
    pub order_by: bool,
    /// Aggregate calls of the projection: (upper-case name, range).
    pub aggregates: Vec<(String, (usize, usize))>,
    /// Byte range of the first token (the verb), for findings about the whole statement.
    pub verb_at: (usize, usize),
}

fn range_of(text: &StmtPos<'_>, ident: &Ident) -> (usize, usize) {
    let s = ident.span.start;
    let e = ident.span.end;
    if s.line == 0 {
        return (0, 0);
    }
    let a = text.offset(s.line, s.column);
    let b = text.offset(e.line, e.column).max(a);
    (a, b)
}

fn idents(name: &ObjectName) -> Vec<&Ident> {
    name.0.iter().filter_map(|p| p.as_ident()).collect()
}

fn table_ref(text: &StmtPos<'_>, name: &ObjectName, alias: Option<&Ident>) -> Option<TableRef> {
    let parts = idents(name);
    let last = parts.last()?;
    let first = parts.first()?;
    let (a, _) = range_of(text, first);
    let (_, b) = range_of(text, last);
    Some(TableRef {
        name: last.value.to_ascii_lowercase(),
        alias: alias.map(|a| a.value.to_ascii_lowercase()),
        at: (a, b.max(a)),
    })
}

impl<'a> Shape<'a> {
    /// The shape of a parsed DML statement; `None` for anything else.
    pub fn of(stmt: &'a Statement, text: &str, verb_at: (usize, usize)) -> Option<Shape<'a>> {
        // Identifiers' (line, column) to byte offsets, without walking the statement from its start each time.
        let text = &StmtPos::new(text);
        let mut s = Shape {
            verb: Verb::Select,
            tables: Vec::new(),
            sub_tables: Vec::new(),
            selection: None,
            insert_cols: None,
            insert_rows: 0,
            sets: Vec::new(),
            group_by: false,
            order_by: false,
            aggregates: Vec::new(),
            verb_at,
        };
        match stmt {
            Statement::Query(q) => {
                s.query(q, text, true);
            }
            Statement::Insert(ins) => {
                s.verb = Verb::Insert;
                let TableObject::TableName(name) = &ins.table else { return None };
                s.tables.extend(table_ref(text, name, None));
                if !ins.columns.is_empty() {
                    s.insert_cols = Some(
                        ins.columns
                            .iter()
                            .filter_map(|c| idents(c).last().map(|i| i.value.to_ascii_lowercase()))
                            .collect(),
                    );
                }
                s.insert_rows = match ins.source.as_deref().map(|q| q.body.as_ref()) {
                    Some(SetExpr::Values(v)) => v.rows.len(),
                    _ => 1,
                };
            }
            Statement::Update(u) => {
                s.verb = Verb::Update;
                s.from(&u.table, text);
                for a in &u.assignments {
                    let targets: Vec<&ObjectName> = match &a.target {
                        AssignmentTarget::ColumnName(n) => vec![n],
                        AssignmentTarget::Tuple(v) => v.iter().collect(),
                    };
                    for t in targets {
                        let parts = idents(t);
                        let Some(last) = parts.last() else { continue };
                        s.sets.push(SetCol {
                            column: last.value.to_ascii_lowercase(),
                            qualifier: (parts.len() > 1).then(|| parts[parts.len() - 2].value.to_ascii_lowercase()),
                            at: range_of(text, last),
                        });
                    }
                }
                s.selection = u.selection.as_ref();
            }
            Statement::Delete(d) => {
                s.verb = Verb::Delete;
                let (FromTable::WithFromKeyword(v) | FromTable::WithoutKeyword(v)) = &d.from;
                for t in v {
                    s.from(t, text);
                }
                s.selection = d.selection.as_ref();
            }
            _ => return None,
        }
        if let Some(e) = s.selection {
            s.subqueries(e, text);
        }
        (!s.tables.is_empty()).then_some(s)
    }

    fn query(&mut self, q: &'a Query, text: &StmtPos<'_>, top: bool) {
        if top {
            self.order_by |= q.order_by.is_some();
        }
        let mut body = q.body.as_ref();
        while let SetExpr::SetOperation { left, .. } = body {
            body = left.as_ref();
        }
        match body {
            SetExpr::Select(sel) if top => {
                for t in &sel.from {
                    self.from(t, text);
                }
                self.selection = sel.selection.as_ref();
                self.group_by = match &sel.group_by {
                    GroupByExpr::Expressions(v, _) => !v.is_empty(),
                    GroupByExpr::All(_) => true,
                };
                for item in &sel.projection {
                    if let SelectItem::UnnamedExpr(Expr::Function(f))
                    | SelectItem::ExprWithAlias { expr: Expr::Function(f), .. } = item
                    {
                        let parts = idents(&f.name);
                        if let Some(name) = parts.last() {
                            let upper = name.value.to_ascii_uppercase();
                            if ["COUNT", "SUM", "MIN", "MAX", "AVG"].contains(&upper.as_str()) {
                                self.aggregates.push((upper, range_of(text, name)));
                            }
                        }
                    }
                }
            }
            SetExpr::Select(sel) => {
                for t in &sel.from {
                    self.sub_from(t, text);
                }
            }
            SetExpr::Query(inner) => self.query(inner, text, top),
            _ => {}
        }
    }

    fn from(&mut self, t: &'a TableWithJoins, text: &StmtPos<'_>) {
        self.factor(&t.relation, text, false);
        for j in &t.joins {
            self.factor(&j.relation, text, false);
        }
    }

    fn sub_from(&mut self, t: &'a TableWithJoins, text: &StmtPos<'_>) {
        self.factor(&t.relation, text, true);
        for j in &t.joins {
            self.factor(&j.relation, text, true);
        }
    }

    fn factor(&mut self, f: &'a TableFactor, text: &StmtPos<'_>, sub: bool) {
        match f {
            TableFactor::Table { name, alias, .. } => {
                if let Some(r) = table_ref(text, name, alias.as_ref().map(|a| &a.name)) {
                    if sub { self.sub_tables.push(r) } else { self.tables.push(r) }
                }
            }
            TableFactor::Derived { subquery, .. } => self.query(subquery, text, false),
            TableFactor::NestedJoin { table_with_joins, .. } => {
                if sub {
                    self.sub_from(table_with_joins, text)
                } else {
                    self.from(table_with_joins, text)
                }
            }
            _ => {}
        }
    }

    /// The tables of the subqueries in a WHERE, left to right; iterative, as a chain of operators is as deep
    /// as it is long.
    fn subqueries(&mut self, e: &'a Expr, text: &StmtPos<'_>) {
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            match e {
                Expr::Subquery(q) | Expr::Exists { subquery: q, .. } => self.query(q, text, false),
                Expr::In { target: InTarget::Subquery(subquery), expr, .. } => {
                    self.query(subquery, text, false);
                    stack.push(expr);
                }
                Expr::BinaryOp { left, right, .. } => {
                    stack.push(right);
                    stack.push(left);
                }
                Expr::Nested(x) | Expr::UnaryOp { expr: x, .. } => stack.push(x),
                _ => {}
            }
        }
    }
}

/// How a WHERE binds one shard column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bind {
    /// Not at all (or only through a function, a column, a subquery).
    None,
    /// Only by `<`, `>`, `BETWEEN`.
    Range,
    /// By `=` or `IN`, to this many values (OR branches add up).
    Values(usize),
}

impl Bind {
    fn and(self, o: Bind) -> Bind {
        match (self, o) {
            (Bind::Values(a), Bind::Values(b)) => Bind::Values(a.min(b)),
            (Bind::Values(a), _) | (_, Bind::Values(a)) => Bind::Values(a),
            (Bind::Range, _) | (_, Bind::Range) => Bind::Range,
            _ => Bind::None,
        }
    }

    fn or(self, o: Bind) -> Bind {
        match (self, o) {
            (Bind::None, _) | (_, Bind::None) => Bind::None,
            (Bind::Values(a), Bind::Values(b)) => Bind::Values(a + b),
            _ => Bind::Range,
        }
    }
}

/// How `e` binds `col` of the table whose name or alias satisfies `ours` (unqualified columns count).
pub fn bind(e: &Expr, col: &str, ours: &dyn Fn(&str) -> bool) -> Bind {
    let is_col = |x: &Expr| match x {
        Expr::Identifier(i) => i.value.eq_ignore_ascii_case(col),
        Expr::CompoundIdentifier(v) => {
            v.last().is_some_and(|i| i.value.eq_ignore_ascii_case(col))
                && (v.len() < 2 || ours(&v[v.len() - 2].value.to_ascii_lowercase()))
        }
        Expr::Nested(inner) => matches!(inner.as_ref(), Expr::Identifier(i) if i.value.eq_ignore_ascii_case(col)),
        _ => false,
    };
    match e {
        Expr::Nested(x) => bind(x, col, ours),
        // A chain of one operator is walked down its left side in a loop (it is as deep as it is long); both
        // combinations are associative and commutative.
        Expr::BinaryOp { op: op @ (BinaryOperator::And | BinaryOperator::Or), .. } => {
            let mut operands = Vec::new();
            let mut cur = e;
            while let Expr::BinaryOp { left, op: o, right } = cur {
                if o != op {
                    break;
                }
                operands.push(right.as_ref());
                cur = left;
            }
            operands.push(cur);
            let mut binds = operands.into_iter().rev().map(|x| bind(x, col, ours));
            let first = binds.next().unwrap_or(Bind::None);
            if *op == BinaryOperator::And { binds.fold(first, Bind::and) } else { binds.fold(first, Bind::or) }
        }
        Expr::BinaryOp { left, op, right } => match op {
            BinaryOperator::Eq => {
                if (is_col(left) && is_value(right)) || (is_col(right) && is_value(left)) {
                    Bind::Values(1)
                } else {
                    Bind::None
                }
            }
            BinaryOperator::Gt | BinaryOperator::Lt | BinaryOperator::GtEq | BinaryOperator::LtEq => {
                if (is_col(left) && is_value(right)) || (is_col(right) && is_value(left)) {
                    Bind::Range
                } else {
                    Bind::None
                }
            }
            _ => Bind::None,
        },
        Expr::In { expr, target: InTarget::List(list), negated: false, .. }
            if is_col(expr) && list.iter().all(is_value) =>
        {
            Bind::Values(list.len().max(1))
        }
        Expr::Between { expr, negated: false, low, high } if is_col(expr) && is_value(low) && is_value(high) => {
            Bind::Range
        }
        _ => Bind::None,
    }
}

/// Whether `e` is a value Zdal can evaluate: a literal or a parameter (no column, no subquery).
fn is_value(e: &Expr) -> bool {
    match e {
        Expr::Value(_) | Expr::TypedString { .. } => true,
        Expr::Nested(x) | Expr::UnaryOp { expr: x, .. } | Expr::Cast { expr: x, .. } => is_value(x),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dialect;
    use crate::stmt::Stmt;

    fn bind_of(sql: &str) -> Bind {
        let s = Stmt::new(sql.to_string(), Dialect::MySql);
        let ast = s.ast.as_ref().expect("parses");
        let shape = Shape::of(ast, &s.text, (0, 0)).expect("dml");
        let first = shape.tables[0].clone();
        let ours = |q: &str| q == first.name || first.alias.as_deref() == Some(q);
        shape.selection.map_or(Bind::None, |e| bind(e, "user_id", &ours))
    }

    #[test]
    fn binding_follows_and_or_functions_and_aliases() {
        assert_eq!(bind_of("SELECT id FROM orders WHERE user_id = ? AND a > 1"), Bind::Values(1));
        assert_eq!(bind_of("SELECT id FROM orders o WHERE o.user_id IN (?, ?)"), Bind::Values(2));
        assert_eq!(bind_of("SELECT id FROM orders o WHERE x.user_id = ?"), Bind::None);
        assert_eq!(bind_of("SELECT id FROM orders WHERE user_id = ? OR a = ?"), Bind::None);
        assert_eq!(bind_of("SELECT id FROM orders WHERE (user_id = ? OR user_id = ?)"), Bind::Values(2));
        assert_eq!(bind_of("SELECT id FROM orders WHERE ABS(user_id) = ?"), Bind::None);
        assert_eq!(bind_of("SELECT id FROM orders WHERE user_id BETWEEN ? AND ?"), Bind::Range);
        assert_eq!(bind_of("DELETE FROM orders WHERE 5 = user_id"), Bind::Values(1));
    }
}
