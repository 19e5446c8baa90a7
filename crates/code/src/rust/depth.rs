//! A cheap lexical pre-scan that bounds how deep syn would recurse: bracket nesting and operator chains.
//! syn's parser, its visitor and the drop of its tree all recurse with the depth of the expression tree; a
//! pathological file must become an RS021 finding, never a stack overflow (which aborts the process).

/// Deeper bracket nesting than this is not parsed.
pub const MAX_BRACKETS: usize = 256;
/// More operators in one expression (between `,` `;` and brackets) than this is not parsed.
pub const MAX_CHAIN: usize = 4096;

/// Below both of these, syn fits in an ordinary 2 MiB worker stack and no big-stack thread is needed.
pub const SHALLOW_BRACKETS: usize = 48;
pub const SHALLOW_CHAIN: usize = 256;

/// What the pre-scan saw: the deepest bracket nesting and the longest operator chain.
#[derive(Debug, Default, Clone, Copy)]
pub struct Depth {
    pub brackets: usize,
    pub chain: usize,
}

impl Depth {
    pub fn is_shallow(self) -> bool {
        self.brackets <= SHALLOW_BRACKETS && self.chain <= SHALLOW_CHAIN
    }
}

/// The byte offset and a description of the first construct too deep to parse safely, if any.
#[cfg(test)]
fn too_deep(text: &str) -> Option<(usize, &'static str)> {
    measure(text).err()
}

/// Measures the nesting of `text`; `Err` at the first construct too deep to parse safely.
pub fn measure(text: &str) -> Result<Depth, (usize, &'static str)> {
    let b = text.as_bytes();
    let mut seen = Depth::default();
    let mut depth = 0usize;
    let mut chain: Vec<usize> = vec![0];
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut nest = 1usize;
                i += 2;
                while i < b.len() && nest > 0 {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        nest += 1;
                        i += 1;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        nest -= 1;
                        i += 1;
                    }
                    i += 1;
                }
                continue;
            }
            b'r' if matches!(b.get(i + 1), Some(b'#' | b'"')) && (i == 0 || !is_ident(b[i - 1])) => {
                let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
                if b.get(i + 1 + hashes) == Some(&b'"') {
                    let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                    let from = i + 2 + hashes;
                    i = memchr::memmem::find(&b[from..], &close).map_or(b.len(), |j| from + j + close.len());
                    continue;
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'\'' => {
                // A char literal (`'a'`, `'\n'`), else a lifetime.
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                } else if let Some(len) = text.get(i + 1..).and_then(|t| t.chars().next()).map(char::len_utf8)
                    && b.get(i + 1 + len) == Some(&b'\'')
                {
                    i += 1 + len;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                seen.brackets = seen.brackets.max(depth);
                if depth > MAX_BRACKETS {
                    return Err((i, "brackets nested too deeply"));
                }
                chain.push(0);
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if chain.len() > 1 {
                    chain.pop();
                }
            }
            b',' | b';' => {
                if let Some(n) = chain.last_mut() {
                    *n = 0;
                }
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'!' | b'.' | b'<' | b'>' | b'=' | b'?' => {
                if let Some(n) = chain.last_mut() {
                    *n += 1;
                    seen.chain = seen.chain.max(*n);
                    if *n > MAX_CHAIN {
                        return Err((i, "an expression with too many chained operators"));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(seen)
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_deep_nesting_but_not_normal_code() {
        assert_eq!(too_deep("fn main() { let s = \"((((\"; let c = '('; /* ((( */ }"), None);
        let deep = format!("fn f() {{ {}1{} }}", "(".repeat(300), ")".repeat(300));
        assert!(too_deep(&deep).is_some());
        let chain = format!("fn f() {{ let x = 1{}; }}", "+1".repeat(5000));
        assert!(too_deep(&chain).is_some());
        let table = format!("const T: &[u8] = &[{}];", "1, ".repeat(50_000));
        assert_eq!(too_deep(&table), None);
    }
}
