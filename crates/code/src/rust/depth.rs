//! A cheap lexical pre-scan that bounds how deep syn would recurse: bracket nesting and operator chains.
//! syn's parser, its visitor and the drop of its tree all recurse with the depth of the expression tree; a
//! pathological file must become an RS021 finding, never a stack overflow (which aborts the process).
//! It folds over the same [`tokens`] as blanking, which lexes literals as rustc does: a bracket it does not
//! count is one syn does not see either.

use super::tokens::{Token, tokens};

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
    let mut seen = Depth::default();
    // Operators since the last `,` `;` or bracket; the counts of the enclosing brackets wait on `outer`.
    let (mut chain, mut outer) = (0usize, Vec::new());
    for (i, token) in tokens(text) {
        match token {
            Token::Open(_) => {
                outer.push(chain);
                chain = 0;
                seen.brackets = seen.brackets.max(outer.len());
                if outer.len() > MAX_BRACKETS {
                    return Err((i, "brackets nested too deeply"));
                }
            }
            // Lenient where blanking is strict: an unbalanced closer or an unterminated literal is syn's to
            // report (RS021); everything after an unterminated literal is inside it and nests nothing.
            Token::Close(_) => chain = outer.pop().unwrap_or(chain),
            Token::Unterminated => break,
            Token::Punct(b',' | b';') => chain = 0,
            Token::Punct(
                b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'!' | b'.' | b'<' | b'>' | b'=' | b'?',
            ) => {
                chain += 1;
                seen.chain = seen.chain.max(chain);
                if chain > MAX_CHAIN {
                    return Err((i, "an expression with too many chained operators"));
                }
            }
            _ => {}
        }
    }
    Ok(seen)
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

    /// Literals are read as rustc reads them: brackets after a raw string ending in a backslash are counted
    /// (read as an escaped string, it hid them up to the next quote, and syn overflowed the stack).
    #[test]
    fn counts_brackets_after_a_raw_string_ending_in_a_backslash() {
        let deep = format!("fn f() {{ let a = br\"\\\"; let b = {}1{}; \"\\\"\" }}", "(".repeat(300), ")".repeat(300));
        assert!(too_deep(&deep).is_some());
    }
}
