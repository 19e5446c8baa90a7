//! The string grammars of zdal.md §4: group weights, failover rules, table suffixes and rule expressions.
//! Parsers return byte offsets into the value so findings can point inside it.

/// One member of a group weight value (`ds0:r10w0`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeightItem {
    pub ds: String,
    /// Offset and length of `ds` in the value.
    pub off: usize,
    pub len: usize,
    pub r: u32,
    pub w: u32,
    pub p: u32,
    pub q: u32,
    /// Whether a weight was written.
    pub explicit: bool,
}

/// A syntax error: offset in the value and what is wrong.
pub type GrammarError = (usize, String);

/// Parses a `groupDataSourceRuleMap` value strictly (zdal.md §4.1).
pub fn parse_weights(value: &str) -> Result<Vec<WeightItem>, GrammarError> {
    if value.trim().is_empty() {
        return Err((0, "the weight value is empty".into()));
    }
    let mut out = Vec::new();
    let mut off = 0;
    for item in value.split(',') {
        let lead = item.len() - item.trim_start().len();
        let parts: Vec<&str> = item.trim().split(':').collect();
        let ds = parts[0].trim();
        if ds.is_empty() {
            return Err((off, "a member has no data-source name".into()));
        }
        if parts.len() > 2 {
            return Err((
                off + lead,
                format!("`{}` has more than one `:`; Zdal silently drops its weight", item.trim()),
            ));
        }
        let (mut r, mut w, mut p, mut q) = (10, 10, 0, 0);
        let explicit = parts.len() == 2;
        if explicit {
            let weight = parts[1].trim();
            let weight_off = off + lead + item.trim().find(':').map_or(0, |i| i + 1);
            if weight.is_empty() {
                return Err((weight_off, format!("`{ds}:` has an empty weight")));
            }
            (r, w) = (0, 0);
            let bytes = weight.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let letter = bytes[i].to_ascii_lowercase();
                if !matches!(letter, b'r' | b'w' | b'p' | b'q') {
                    return Err((
                        weight_off + i,
                        format!("unexpected `{}` in weight `{weight}` (expected r, w, p or q)", bytes[i] as char),
                    ));
                }
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                let digits = weight.get(start..end).unwrap_or_default();
                let n: Option<u32> = if end == start { None } else { digits.parse().ok() };
                if end > start && n.is_none() {
                    return Err((weight_off + start, format!("weight `{digits}` is too large")));
                }
                match letter {
                    b'r' => r = n.unwrap_or(10),
                    b'w' => w = n.unwrap_or(10),
                    b'p' => p = n.unwrap_or(0),
                    _ => q = n.unwrap_or(0),
                }
                i = end;
            }
        }
        out.push(WeightItem { ds: ds.to_string(), off: off + lead, len: ds.len(), r, w, p, q, explicit });
        off += item.len() + 1;
    }
    Ok(out)
}

/// One member of a failover value (`master_0:10`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailItem {
    pub key: String,
    pub off: usize,
    pub len: usize,
    pub weight: i64,
}

/// Parses a `failOverGroupRuleMap` value (zdal.md §4.2).
pub fn parse_failover(value: &str) -> Result<Vec<FailItem>, GrammarError> {
    if value.trim().is_empty() {
        return Err((0, "the failover value is empty".into()));
    }
    let items: Vec<&str> = value.split(',').collect();
    let several = items.len() > 1;
    let mut out = Vec::new();
    let mut off = 0;
    for item in items {
        let lead = item.len() - item.trim_start().len();
        let t = item.trim();
        let (key, weight) = match t.split_once(':') {
            Some((k, w)) => (k.trim(), Some(w.trim())),
            None => (t, None),
        };
        if key.is_empty() {
            return Err((off + lead, "a member has no data-source key".into()));
        }
        let weight = match weight {
            None if several => {
                return Err((
                    off + lead,
                    format!(
                        "`{key}` has no `:weight`; with several members Zdal throws `ArrayIndexOutOfBoundsException`"
                    ),
                ));
            }
            None => 10,
            Some(w) => match w.parse::<i32>() {
                Ok(n) if several => i64::from(n),
                Ok(_) => 10,
                Err(_) => {
                    return Err((
                        off + lead,
                        format!("weight `{w}` of `{key}` is not an int (`NumberFormatException` at startup)"),
                    ));
                }
            },
        };
        out.push(FailItem { key: key.to_string(), off: off + lead, len: key.len(), weight });
        off += item.len() + 1;
    }
    Ok(out)
}

/// The tbSuffix types Zdal knows, spelled exactly (zdal.md §4.4).
pub const SUFFIX_TYPES: &[&str] = &[
    "throughAllDB",
    "resetForEachDB",
    "dbIndexForEachDB",
    "twoColumnForEachDB",
    "groovyTableList",
    "groovyThroughAllDBTableList",
    "groovyAdjustTableList",
];

/// One `[pad from - pad to]` range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuffixRange {
    pub from: u64,
    pub to: u64,
    pub width: usize,
}

impl SuffixRange {
    pub fn count(&self) -> u64 {
        self.to - self.from + 1
    }
}

/// A parsed tbSuffix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suffix {
    pub kind: String,
    /// Offset of the type in the value.
    pub kind_len: usize,
    pub ranges: Vec<SuffixRange>,
}

/// What is wrong with a tbSuffix; each maps to its own rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SuffixError {
    /// ZD055: does not parse.
    Invalid(usize, String),
    /// ZD057: twoColumnForEachDB without exactly two ranges.
    RangeCount(usize),
    /// ZD059: a suffix wider than 8 digits.
    TooWide(usize),
}

/// Parses a tbSuffix (`SuffixManager.parseTbSuffix`).
pub fn parse_suffix(value: &str) -> Result<Suffix, SuffixError> {
    let parts: Vec<&str> = value.split(':').collect();
    let kind = parts[0].trim().to_string();
    if kind.starts_with("groovy") {
        if parts.len() != 3 && !kind.eq_ignore_ascii_case("groovyTableList") {
            return Err(SuffixError::Invalid(0, format!("`{kind}` takes three `:`-separated parts")));
        }
        return Ok(Suffix { kind_len: parts[0].len(), kind, ranges: Vec::new() });
    }
    if parts.len() != 2 {
        return Err(SuffixError::Invalid(0, "must be `type:[range]` with exactly one `:`".into()));
    }
    let body_off = parts[0].len() + 1;
    let mut ranges = Vec::new();
    let mut off = body_off;
    for r in parts[1].split(',') {
        ranges.push(parse_range(r.trim()).map_err(|(o, msg)| match msg {
            m if m == "WIDE" => SuffixError::TooWide(off),
            m => SuffixError::Invalid(off + o, m),
        })?);
        off += r.len() + 1;
    }
    let two = kind.eq_ignore_ascii_case("twoColumnForEachDB");
    if two && ranges.len() != 2 {
        return Err(SuffixError::RangeCount(ranges.len()));
    }
    if !two && ranges.len() != 1 {
        return Err(SuffixError::Invalid(body_off, format!("`{kind}` takes one range, found {}", ranges.len())));
    }
    Ok(Suffix { kind_len: parts[0].len(), kind, ranges })
}

/// Parses one `[pad from - pad to]` range; the error carries an offset into `r` and a message (`"WIDE"`: wider
/// than 8 digits).
pub fn parse_range(r: &str) -> Result<SuffixRange, (usize, String)> {
    let inner = r
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .ok_or((0, format!("range `{r}` must be written `[_00-_09]`")))?;
    let ends: Vec<&str> = inner.split('-').collect();
    if ends.len() != 2 {
        return Err((0, format!("range `{r}` must have exactly one `-`")));
    }
    let split = |s: &str| {
        let digits = s.trim_start_matches(|c: char| !c.is_ascii_digit());
        (s.strip_suffix(digits).unwrap_or_default().to_string(), digits.to_string())
    };
    let (pad_a, num_a) = split(ends[0]);
    let (pad_b, num_b) = split(ends[1]);
    for n in [&num_a, &num_b] {
        if n.is_empty() || !n.chars().all(|c| c.is_ascii_digit()) {
            return Err((0, format!("range `{r}` must end in digits on both sides")));
        }
    }
    if pad_a != pad_b {
        return Err((0, format!("padding different: `{pad_a}` and `{pad_b}` in `{r}`")));
    }
    // `_0-_16` / `_1-_16`: an unpadded start may be shorter than the end.
    let unpadded = num_a.len() == 1;
    if num_a.len() != num_b.len() && !unpadded {
        return Err((0, format!("width different: `{num_a}` and `{num_b}` in `{r}`")));
    }
    if num_b.len() > 8 {
        return Err((0, "WIDE".into()));
    }
    let from: u64 = num_a.parse().map_err(|_| (0, format!("`{num_a}` is not a number")))?;
    let to: u64 = num_b.parse().map_err(|_| (0, format!("`{num_b}` is not a number")))?;
    if to <= from {
        return Err((0, format!("range `{r}` must end above its start")));
    }
    Ok(SuffixRange { from, to, width: num_b.len() })
}

/// The dbIndexes a zone-aware `SETBYRULE:` item `prefix[range]` stands for, reading `M` as `master` and `F` as
/// `failover` (inferred, zdal.md §4.3; any other prefix as written); empty when the range does not parse.
pub fn expand_set_by_rule(prefix: &str, range: &str) -> Vec<String> {
    if parse_range(range).is_err() {
        return Vec::new();
    }
    let base = match prefix {
        "M" => "master",
        "F" => "failover",
        other => other,
    };
    let inner = range.trim_start_matches('[').trim_end_matches(']');
    let Some((a, b)) = inner.split_once('-') else { return Vec::new() };
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
    let (pad, num_a) = a.split_at(digits(a));
    let num_b = b.trim_start_matches(|c: char| !c.is_ascii_digit());
    let (Ok(from), Ok(to)) = (num_a.parse::<u64>(), num_b.parse::<u64>()) else { return Vec::new() };
    // `_0-_16`: an unpadded start means unpadded numbers.
    let width = if num_a.len() == 1 { 1 } else { num_b.len() };
    (from..=to.min(from + 4096)).map(|n| format!("{base}{pad}{n:0width$}")).collect()
}

/// One `#…#` token of a rule expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub column: String,
    pub off: usize,
    pub len: usize,
    pub error: Option<String>,
}

/// The `#…#` tokens of an expression, and the expression with each replaced by a dummy identifier.
#[allow(clippy::string_slice, reason = "offsets are `find`s of ASCII `#` in the same str, or one past one")]
pub fn tokens(expr: &str) -> (Vec<Token>, String) {
    let mut out = Vec::new();
    let mut replaced = String::with_capacity(expr.len());
    let mut rest = expr;
    let mut base = 0;
    while let Some(a) = rest.find('#') {
        let Some(b) = rest[a + 1..].find('#') else { break };
        let inner = &rest[a + 1..a + 1 + b];
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        let error = match parts.len() {
            1 if !parts[0].is_empty() => None,
            3 => {
                let step_ok = parts[1].parse::<i64>().is_ok()
                    || parts[1]
                        .split_once('_')
                        .is_some_and(|(n, u)| n.parse::<i64>().is_ok() && matches!(u, "date" | "month" | "year"));
                if !step_ok {
                    Some(format!(
                        "step `{}` of `#{inner}#` is not an int or N_date/N_month/N_year (\"输入的参数不为Integer类型\")",
                        parts[1]
                    ))
                } else if parts[2].parse::<i64>().is_err() {
                    Some(format!("count `{}` of `#{inner}#` is not an int (\"输入的参数不为Integer类型\")", parts[2]))
                } else {
                    None
                }
            }
            n => Some(format!("`#{inner}#` has {n} comma parts (\"错误的参数个数，必须为1个或者3个\")")),
        };
        out.push(Token { column: parts[0].to_ascii_lowercase(), off: base + a, len: b + 2, error });
        replaced.push_str(&rest[..a]);
        replaced.push_str("__col");
        let used = a + b + 2;
        rest = &rest[used..];
        base += used;
    }
    replaced.push_str(rest);
    (out, replaced)
}

/// Unbalanced brackets or an unclosed string in a (substituted) Groovy expression.
pub fn balance(expr: &str) -> Option<(usize, String)> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut quote: Option<(char, usize)> = None;
    let mut escaped = false;
    for (i, c) in expr.char_indices() {
        if let Some((q, _)) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some((c, i)),
            '(' | '[' | '{' => stack.push((c, i)),
            ')' | ']' | '}' => {
                let want = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match stack.pop() {
                    Some((open, _)) if open == want => {}
                    _ => return Some((i, format!("unbalanced `{c}`"))),
                }
            }
            _ => {}
        }
    }
    if let Some((q, i)) = quote {
        return Some((i, format!("string opened with `{q}` is never closed")));
    }
    stack.pop().map(|(c, i)| (i, format!("`{c}` is never closed")))
}

/// A call into an application class (`com.example.Parser.dbIndex(…)`): the result cannot be verified.
#[allow(
    clippy::string_slice,
    reason = "slices start at an ASCII letter and end at the first byte after a run of ASCII, which starts a character"
)]
pub fn app_call(expr: &str) -> Option<(usize, String)> {
    const KNOWN: &[&str] = &["Integer", "Long", "String", "Math", "Double", "GroovyStaticMethod", "Character", "Short"];
    let b = expr.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphabetic()
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.'))
        {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.') {
                i += 1;
            }
            let chain = expr[start..i].trim_end_matches('.');
            let segs: Vec<&str> = chain.split('.').collect();
            let call = expr[i..].trim_start().starts_with('(');
            if call && segs.len() >= 3 && segs.iter().any(|s| s.starts_with(|c: char| c.is_ascii_uppercase())) {
                let class = segs.iter().rev().nth(1).copied().unwrap_or("");
                if !KNOWN.contains(&class) {
                    return Some((start, chain.to_string()));
                }
            }
            continue;
        }
        i += 1;
    }
    None
}

/// What a rule expression can return, as far as the recognised subset tells (zdal.md §4.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Eval {
    Range(i64, i64),
    /// Any non-negative value (a column value).
    Unbounded,
    /// Not in the recognised subset.
    Opaque,
}

/// Derives the result range of a substituted expression (`__col` stands for a column value).
pub fn eval(expr: &str) -> Eval {
    let t = expr.trim().trim_end_matches(';').trim();
    let t = t.strip_prefix("return ").unwrap_or(t).trim();
    if t.contains(';') || t.contains('\n') && t.contains("if") {
        return Eval::Opaque;
    }
    let mut p = Parser { s: t.as_bytes(), i: 0 };
    let v = p.sum();
    p.ws();
    if p.i != p.s.len() { Eval::Opaque } else { v }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> bool {
        self.ws();
        if self.s[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn sum(&mut self) -> Eval {
        let mut v = self.product();
        loop {
            if self.eat("+") {
                let r = self.product();
                v = arith(v, r, |a, b| a.checked_add(b));
            } else if self.eat("-") {
                let r = self.product();
                v = match (v, r) {
                    (Eval::Range(a, b), Eval::Range(c, d)) => Eval::Range(a - d, b - c),
                    _ => Eval::Opaque,
                };
            } else {
                return v;
            }
        }
    }

    fn product(&mut self) -> Eval {
        let mut v = self.postfix();
        loop {
            if self.eat("%") {
                let r = self.postfix();
                v = match r {
                    Eval::Range(m, m2) if m == m2 && m > 0 => match v {
                        Eval::Range(a, b) if a >= 0 && b < m => Eval::Range(a, b),
                        Eval::Opaque => Eval::Opaque,
                        _ => Eval::Range(0, m - 1),
                    },
                    _ => Eval::Opaque,
                };
            } else if self.eat("*") {
                let r = self.postfix();
                v = arith(v, r, |a, b| a.checked_mul(b));
            } else if self.eat("/") {
                let r = self.postfix();
                v = div(v, r);
            } else {
                return v;
            }
        }
    }

    fn postfix(&mut self) -> Eval {
        let mut v = self.primary();
        loop {
            if self.eat(".intdiv(") {
                let r = self.sum();
                if !self.eat(")") {
                    return Eval::Opaque;
                }
                v = div(v, r);
            } else if self.eat(".substring(") {
                let a = self.sum();
                let b = if self.eat(",") { Some(self.sum()) } else { None };
                if !self.eat(")") {
                    return Eval::Opaque;
                }
                v = match (v, a, b) {
                    (Eval::Opaque, ..) => Eval::Opaque,
                    (_, Eval::Range(x, _), Some(Eval::Range(y, _))) if y > x && y - x < 18 => {
                        Eval::Range(0, 10i64.pow((y - x) as u32) - 1)
                    }
                    _ => Eval::Unbounded,
                };
            } else if self.eat(".toInteger()") || self.eat(".longValue()") || self.eat(".intValue()") {
            } else {
                return v;
            }
        }
    }

    fn primary(&mut self) -> Eval {
        self.ws();
        if self.eat("(") {
            let v = self.sum();
            return if self.eat(")") { v } else { Eval::Opaque };
        }
        for f in ["Integer.valueOf(", "Long.valueOf(", "Integer.parseInt(", "Long.parseLong("] {
            if self.eat(f) {
                let v = self.sum();
                return if self.eat(")") { v } else { Eval::Opaque };
            }
        }
        if self.eat("__col") {
            return Eval::Unbounded;
        }
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        if self.i > start {
            if self.i < self.s.len() && matches!(self.s[self.i], b'L' | b'l') {
                self.i += 1;
            }
            let digits = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("").trim_end_matches(['L', 'l']);
            return digits.parse().map_or(Eval::Opaque, |n| Eval::Range(n, n));
        }
        // Anything else (a method of the application, a variable) ends the recognised subset.
        self.i = self.s.len();
        Eval::Opaque
    }
}

fn arith(a: Eval, b: Eval, f: impl Fn(i64, i64) -> Option<i64>) -> Eval {
    match (a, b) {
        (Eval::Range(x, y), Eval::Range(c, d)) if c == d => match (f(x, c), f(y, c)) {
            (Some(p), Some(q)) => Eval::Range(p.min(q), p.max(q)),
            _ => Eval::Opaque,
        },
        (Eval::Unbounded, Eval::Range(..)) => Eval::Unbounded,
        _ => Eval::Opaque,
    }
}

fn div(a: Eval, b: Eval) -> Eval {
    match (a, b) {
        (Eval::Range(x, y), Eval::Range(k, k2)) if k == k2 && k > 0 => Eval::Range(x / k, y / k),
        (Eval::Unbounded, Eval::Range(k, _)) if k > 0 => Eval::Unbounded,
        _ => Eval::Opaque,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights() {
        let w = parse_weights("master_0:r10w10,slave_0:R10W0p1").unwrap_or_default();
        assert_eq!((w[1].r, w[1].w, w[1].p), (10, 0, 1));
        assert_eq!(w[1].off, 16);
        assert!(parse_weights("ds0:#").is_err());
        assert!(parse_weights("ds0:r10:w10").is_err());
        assert_eq!(parse_weights("ds0:rw").map(|w| (w[0].r, w[0].w)), Ok((10, 10)));
    }

    #[test]
    fn failover() {
        assert_eq!(parse_failover("m:10,f:0").map(|v| v.len()), Ok(2));
        assert_eq!(parse_failover("m").map(|v| v[0].weight), Ok(10));
        assert!(parse_failover("m:10,f").is_err());
        assert!(parse_failover("m:x,f:1").is_err());
    }

    #[test]
    fn suffixes() {
        let s = parse_suffix("resetForEachDB:[_00-_09]");
        assert_eq!(s.map(|s| s.ranges[0].count()), Ok(10));
        assert!(parse_suffix("throughAllDB:[_0-_16]").is_ok());
        assert!(matches!(parse_suffix("throughAllDB:[_00-_9]"), Err(SuffixError::Invalid(..))));
        assert!(matches!(parse_suffix("twoColumnForEachDB:[_0-_9]"), Err(SuffixError::RangeCount(1))));
        assert!(matches!(parse_suffix("throughAllDB:[_000000000-_000000009]"), Err(SuffixError::TooWide(_))));
    }

    #[test]
    fn expressions() {
        let (t, e) = tokens("(#user_id# % 40).intdiv(10)");
        assert_eq!(t[0].column, "user_id");
        assert_eq!(eval(&e), Eval::Range(0, 3));
        assert_eq!(eval(&tokens("(#id# % 40) % 10").1), Eval::Range(0, 9));
        assert_eq!(eval(&tokens("return Integer.valueOf(#id#.substring(0,2)) % 8;").1), Eval::Range(0, 7));
        assert_eq!(eval(&tokens("return 3").1), Eval::Range(3, 3));
        assert_eq!(eval(&tokens("foo(#id#)").1), Eval::Opaque);
        assert!(tokens("#a,1#").0[0].error.is_some());
        assert!(balance("(a + b").is_some());
        assert!(app_call("return com.example.P.dbIndex(__col);").is_some());
        assert!(app_call("Integer.valueOf(__col)").is_none());
    }
}
