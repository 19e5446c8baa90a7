//! Which conditions of a mapper can never hold together (sql.md §6): `<if test="x == null">` and
//! `<if test="x != null">`, `dbType == 'mysql'` and `dbType == 'oracle'`, iBatis `<isNull>` and `<isNotNull>`.
//! MyBatis evaluates each test on the same parameter object, so a rendering that switches two such siblings on
//! together is a statement MyBatis never sends; the renderer treats a group of them like a `<choose>`.
//!
//! Only the simple shapes are understood: a conjunction (`and`, `&&`) of comparisons of a property with `null`,
//! a quoted string, a number or a boolean, and a disjunction (`or`, `||`) of `==` comparisons of one property.
//! Anything else says nothing (never exclusive), which is the old behaviour of rendering the branch.

/// What one test says about one property.
#[derive(Clone, Debug, PartialEq)]
enum Atom {
    Null,
    NotNull,
    /// Equal to one of these literals (never null).
    OneOf(Vec<String>),
    NotEqual(String),
    /// iBatis `isEmpty`: null or empty.
    Empty,
    /// iBatis `isNotEmpty`: neither null nor empty.
    NotEmpty,
}

/// The constraints of one test: (property, what it says), all of which hold when the test is true.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Test(Vec<(String, Atom)>);

impl Test {
    /// Reads a MyBatis OGNL `test`.
    pub fn mybatis(test: &str) -> Test {
        let mut out = Vec::new();
        for part in split_words(test, &["and", "&&"]) {
            let alternatives = split_words(part, &["or", "||"]);
            if alternatives.len() > 1 {
                // `x == 'a' or x == 'b'`: one property, equalities only.
                let mut name = None;
                let mut values = Vec::new();
                for alt in alternatives {
                    match comparison(alt) {
                        Some((p, Atom::OneOf(v))) if name.as_ref().is_none_or(|n| *n == p) => {
                            name = Some(p);
                            values.extend(v);
                        }
                        _ => return Test::default(),
                    }
                }
                out.extend(name.map(|n| (n, Atom::OneOf(values))));
                continue;
            }
            match comparison(part) {
                Some(c) => out.push(c),
                // A conjunct we do not understand: the others still hold, so they still say something.
                None => continue,
            }
        }
        Test(out)
    }

    /// Reads an iBatis condition element (`isNull`, `isEqual`…) from its name and attributes.
    pub fn ibatis(element: &str, property: Option<&str>, compare_value: Option<&str>) -> Test {
        let Some(p) = property.map(str::trim).filter(|p| !p.is_empty()) else {
            return Test::default();
        };
        let atom = match element {
            "isNull" => Atom::Null,
            "isNotNull" => Atom::NotNull,
            "isEmpty" => Atom::Empty,
            "isNotEmpty" => Atom::NotEmpty,
            "isEqual" => match compare_value {
                Some(v) => Atom::OneOf(vec![v.to_string()]),
                None => return Test::default(),
            },
            "isNotEqual" => match compare_value {
                Some(v) => Atom::NotEqual(v.to_string()),
                None => return Test::default(),
            },
            _ => return Test::default(),
        };
        Test(vec![(p.to_string(), atom)])
    }

    /// Whether this test and `other` can never both be true.
    pub fn excludes(&self, other: &Test) -> bool {
        self.0.iter().any(|(p, a)| other.0.iter().any(|(q, b)| p == q && contradict(a, b)))
    }
}

fn contradict(a: &Atom, b: &Atom) -> bool {
    use Atom::*;
    let one_way = |a: &Atom, b: &Atom| match (a, b) {
        (Null, NotNull | OneOf(_) | NotEmpty) => true,
        (OneOf(x), OneOf(y)) => !x.iter().any(|v| y.contains(v)),
        (OneOf(x), NotEqual(v)) => x.iter().all(|e| e == v),
        (OneOf(x), Empty) => !x.iter().any(String::is_empty),
        (OneOf(x), NotEmpty) => x.iter().all(String::is_empty),
        (Empty, NotEmpty) => true,
        _ => false,
    };
    one_way(a, b) || one_way(b, a)
}

/// Splits `s` at each of `words` standing alone (as a word for letters, anywhere for `&&`/`||`), outside
/// quotes; a test with parentheses is left whole (it is not one of the simple shapes).
fn split_words<'a>(s: &'a str, words: &[&str]) -> Vec<&'a str> {
    if s.contains('(') {
        return vec![s];
    }
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let mut from = 0;
    let mut i = 0;
    let mut quote = None;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'\'' || c == b'"' => quote = Some(c),
            None => {
                let hit = words.iter().find(|w| {
                    let w = w.as_bytes();
                    let end = i + w.len();
                    let word_like = w.iter().all(u8::is_ascii_alphabetic);
                    end <= b.len()
                        && b[i..end].eq_ignore_ascii_case(w)
                        && (!word_like
                            || (i == 0 || !b[i - 1].is_ascii_alphanumeric())
                                && b.get(end).is_none_or(|c| !c.is_ascii_alphanumeric()))
                });
                if let Some(w) = hit {
                    parts.push(s.get(from..i).unwrap_or_default());
                    i += w.len();
                    from = i;
                    continue;
                }
            }
        }
        i += 1;
    }
    parts.push(s.get(from..).unwrap_or_default());
    parts
}

/// `x == null`, `x != 'a'`, `x eq 1`…: the property and what the comparison says of it.
fn comparison(s: &str) -> Option<(String, Atom)> {
    let ops: [(&str, bool); 4] = [("==", true), ("!=", false), (" eq ", true), (" neq ", false)];
    let (at, op, eq) = ops.iter().find_map(|(op, eq)| s.find(op).map(|at| (at, *op, *eq)))?;
    let left = s.get(..at)?.trim();
    let right = s.get(at + op.len()..)?.trim();
    let property = |t: &str| {
        (!t.is_empty() && t.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')).then(|| t.to_string())
    };
    let (p, lit) = match (property(left), literal(right)) {
        (Some(p), Some(l)) => (p, l),
        _ => (property(right)?, literal(left)?),
    };
    Some(match (lit, eq) {
        (None, true) => (p, Atom::Null),
        (None, false) => (p, Atom::NotNull),
        (Some(v), true) => (p, Atom::OneOf(vec![v])),
        (Some(v), false) => (p, Atom::NotEqual(v)),
    })
}

/// A literal: `Some(None)` for `null`, `Some(Some(text))` for a quoted string, number or boolean.
fn literal(t: &str) -> Option<Option<String>> {
    if t == "null" {
        return Some(None);
    }
    for q in ['\'', '"'] {
        if let Some(inner) = t.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return (!inner.contains(q)).then(|| Some(inner.to_string()));
        }
    }
    let number = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    (number || t == "true" || t == "false").then(|| Some(t.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(a: &str, b: &str) -> bool {
        Test::mybatis(a).excludes(&Test::mybatis(b))
    }

    #[test]
    fn null_checks_and_different_values_exclude_each_other() {
        assert!(ex("x == null", "x != null"));
        assert!(ex("orgCode!=null and loginTenantId!=null", "orgCode==null and loginTenantId!=null"));
        assert!(ex("fieldName == 'email'", "fieldName == 'phone'"));
        assert!(ex("dbType == 'mysql' || dbType == 'mariadb'", "dbType == 'oracle' or dbType == \"dm\""));
        assert!(ex("status == 1", "status != 1"));
        assert!(ex("null == x", "x != null"));
    }

    #[test]
    fn tests_that_may_hold_together_do_not() {
        assert!(!ex("x != null", "y != null"));
        assert!(!ex("x != null", "x != ''"));
        assert!(!ex("dbType == 'mysql' || dbType == 'h2'", "dbType == 'h2'"));
        assert!(!ex("x == null or y == null", "x != null"));
        assert!(!ex("(x == null)", "x != null"));
        assert!(!ex("name.contains('a')", "x != null"));
        assert!(!ex("x == 'a and b'", "x == 'a and b'"));
    }

    #[test]
    fn ibatis_conditions() {
        let t = |e: &str, v: Option<&str>| Test::ibatis(e, Some("p"), v);
        assert!(t("isNull", None).excludes(&t("isNotNull", None)));
        assert!(t("isEmpty", None).excludes(&t("isNotEmpty", None)));
        assert!(t("isEqual", Some("1")).excludes(&t("isEqual", Some("2"))));
        assert!(t("isEqual", Some("1")).excludes(&t("isNotEqual", Some("1"))));
        assert!(!t("isNotNull", None).excludes(&t("isEmpty", None)));
        assert!(!Test::ibatis("isNull", Some("p"), None).excludes(&Test::ibatis("isNotNull", Some("q"), None)));
    }

    proptest::proptest! {
        #[test]
        fn any_test_text_reads_without_panicking(a in "\\PC{0,40}", b in "[a-z =!'\"&|()0-9]{0,40}") {
            let (x, y) = (Test::mybatis(&a), Test::mybatis(&b));
            proptest::prop_assert_eq!(x.excludes(&y), y.excludes(&x));
        }
    }
}
