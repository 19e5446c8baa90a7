//! JV021 class-naming: a type name that is not UpperCamelCase.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::Cx;

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV021",
    "class-naming",
    Severity::Warning,
    "a class, interface, enum or record name that is not UpperCamelCase",
    r#"## What it does
Finds type names that are not UpperCamelCase: words of one capital followed by lower-case letters or digits
(`XmlService`, not `XMLService` nor `xmlService`), without `_` or `$`. Allowed: an `I` before an interface-style
name (`IUserService`), a last word of a single capital (`ThreadA`), a one-letter name, the manual's suffixes `DO`,
`BO`, `DTO`, `VO`, `AO`, `PO`, `UID`, the layer names `DAO`, `DAOImpl`, `DOMapper`, Maven Failsafe's `IT`
(integration tests), and names holding `ID` or `HBase`. p3c: `ClassNamingShouldBeCamelRule`, which checks the
same pattern (and accepts Alibaba's product name `YunOS` as a suffix, as this rule does). Neither can tell
`UserDo` (the manual's example of a wrong suffix) from an ordinary word.

The Alibaba Java manual, 1.1 命名风格 (naming) [强制]: 类名使用 UpperCamelCase 风格，但以下情形例外：DO / BO / DTO / VO /
AO / PO / UID 等 — "class names are UpperCamelCase, except for suffixes such as DO/BO/DTO/VO/AO/PO/UID".

## Why
Java code reads types by their capital: `user_info.load()` looks like a call on a variable.

## Example
```java
class order_service {
}
```

## Use instead
```java
class OrderService {
}
```
"#,
)
.opt_in();

pub const KINDS: &[&str] =
    &["class_declaration", "interface_declaration", "enum_declaration", "record_declaration", "annotation_type_declaration"];

/// Suffixes that stay upper-case: the manual's exceptions and the layer names built on them.
/// `IT` is Maven Failsafe's integration-test suffix (JV025 accepts it too).
const SUFFIXES: &[&str] = &["DO", "BO", "DTO", "VO", "AO", "PO", "UID", "DAO", "DAOImpl", "DOMapper", "IT", "YunOS"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(name) = node.child_by_field_name("name") else { return };
    let text = cx.text(name);
    if is_upper_camel(text) {
        return;
    }
    cx.report(
        out,
        &RULE,
        name.byte_range(),
        format!("`{text}` is not UpperCamelCase"),
        "name types in UpperCamelCase: each word one capital then lower case (`XmlService`, not `XMLService`), \
         without `_` or `$`; the manual's suffixes (DO, BO, DTO, VO, AO, PO, UID) stay upper-case",
    );
}

/// Whether `name` is UpperCamelCase as the manual spells it (see the explanation).
fn is_upper_camel(name: &str) -> bool {
    let starts_upper = name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    if !starts_upper || name.contains(['_', '$']) {
        return false;
    }
    // A one-letter name (`A`, a test's or an example's) is a capital and nothing else; abbreviations the manual's
    // scanner accepts anywhere in a name.
    if name.len() == 1 || ["ID", "HBase", "Hbase"].iter().any(|w| name.contains(w)) {
        return true;
    }
    let candidates = [Some(name), name.strip_prefix('I')];
    candidates.into_iter().flatten().any(|core| {
        let last_capital = core.len().checked_sub(1).filter(|&i| core.as_bytes()[i].is_ascii_uppercase());
        let endings = SUFFIXES.iter().filter_map(|s| core.strip_suffix(s)).chain(last_capital.map(|i| &core[..i]));
        words(core) || endings.into_iter().any(words)
    })
}

/// Whether `s` is one or more words of a capital followed by at least one lower-case letter or digit.
fn words(s: &str) -> bool {
    let mut chars = s.chars().peekable();
    if chars.peek().is_none() {
        return false;
    }
    while let Some(c) = chars.next() {
        if !c.is_ascii_uppercase() {
            return false;
        }
        let mut tail = 0;
        while chars.peek().is_some_and(|n| n.is_ascii_lowercase() || n.is_ascii_digit()) {
            chars.next();
            tail += 1;
        }
        if tail == 0 {
            return false;
        }
    }
    true
}
