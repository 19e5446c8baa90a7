//! JV003 bigdecimal-from-double: `new BigDecimal(double)`.

use precheck_core::{RuleMeta, Severity, Sink};
use tree_sitter::Node;

use crate::tree::{self, Cx};

pub static RULE: RuleMeta = RuleMeta::new(
    "java",
    "JV003",
    "bigdecimal-from-double",
    Severity::Error,
    "`new BigDecimal(double)`",
    r#"## What it does
Finds `new BigDecimal(x)` where `x` is a floating-point literal with a fraction (`0.1`; `0.00` is exact and left
alone) or a variable declared `double`/`float` (`Double`/`Float`) in the file. p3c: `BigDecimalAvoidDoubleConstructorRule`.

The Alibaba Java manual, 1.4 OOP 规约 [强制]: 禁止使用构造方法 BigDecimal(double) 的方式把 double 值转化为 BigDecimal
对象 — "never convert a double with the `BigDecimal(double)` constructor".

## Why
`new BigDecimal(0.1)` is `0.1000000000000000055511151231257827021181583404541015625`: the binary double's
exact value, not the decimal the code shows. Amounts computed from it are off.

## Example
```java
class Example {
    BigDecimal rate() {
        return new BigDecimal(0.1);
    }
}
```

## Use instead
```java
class Example {
    BigDecimal rate() {
        return new BigDecimal("0.1");
    }
}
```
"#,
);

pub const KINDS: &[&str] = &["object_creation_expression"];

pub fn check(cx: &Cx<'_>, node: Node<'_>, out: &mut Sink) {
    let Some(ty) = node.child_by_field_name("type") else { return };
    if tree::erased(cx.text(ty)) != "BigDecimal" {
        return;
    }
    let Some(args) = node.child_by_field_name("arguments") else { return };
    let args = tree::named_children(args);
    let Some(first) = args.first() else { return };
    let floating = match first.kind() {
        // `new BigDecimal(0.00)` is exact (a whole number is a double exactly): no surprise there.
        "decimal_floating_point_literal" => !is_whole(cx.text(*first)),
        "hex_floating_point_literal" => true,
        "identifier" => tree::declared_type(cx, *first, cx.text(*first))
            .is_some_and(|t| matches!(tree::erased(t), "double" | "float" | "Double" | "Float")),
        _ => false,
    };
    if floating {
        cx.report(
            out,
            &RULE,
            node.byte_range(),
            format!("`{}` takes the binary double's exact value, not the decimal written", cx.text(node)),
            "use `new BigDecimal(\"0.1\")` or `BigDecimal.valueOf(x)`",
        );
    }
}

/// Whether a decimal literal is a whole number written with a fraction (`0.00`, `1.0d`): exact as a double.
fn is_whole(literal: &str) -> bool {
    let digits = literal.trim_end_matches(['d', 'D', 'f', 'F']);
    !digits.contains(['e', 'E'])
        && digits.split_once('.').is_some_and(|(int, frac)| {
            int.len() <= 15 && int.bytes().all(|b| b.is_ascii_digit() || b == b'_') && frac.bytes().all(|b| b == b'0')
        })
}
