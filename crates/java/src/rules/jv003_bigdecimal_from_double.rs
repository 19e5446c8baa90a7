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
alone), a variable declared `double`/`float` (`Double`/`Float`) in the file, a getter or field of the repository's own
classes with such a type (found as JV002 finds them), a cast to `double`/`float`, a call that returns one (`doubleValue()`,
`Double.parseDouble(…)`, `Math.random()`, `Math.sqrt(…)`, `Math.pow(…)`), or arithmetic on any of these. p3c: `BigDecimalAvoidDoubleConstructorRule`.

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
    let floating = is_floating(cx, *first, 0);
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

const FLOATING: &[&str] = &["double", "float", "Double", "Float"];

/// Whether `expr` is certainly a `double`/`float` value that is not a whole-number literal. `depth` bounds the
/// descent into nested arithmetic (a generated `a + b + … ` of thousands of terms must not exhaust the stack).
fn is_floating(cx: &Cx<'_>, expr: Node<'_>, depth: u32) -> bool {
    if depth > 16 {
        return false;
    }
    match expr.kind() {
        // `new BigDecimal(0.00)` is exact (a whole number is a double exactly): no surprise there.
        "decimal_floating_point_literal" => !is_whole(cx.text(expr)),
        "hex_floating_point_literal" => true,
        "identifier" => tree::declared_type(cx, expr, cx.text(expr)).is_some_and(|t| FLOATING.contains(&tree::erased(t))),
        "cast_expression" => expr.child_by_field_name("type").is_some_and(|t| matches!(cx.text(t), "double" | "float")),
        "parenthesized_expression" => expr.named_child(0).is_some_and(|e| is_floating(cx, e, depth + 1)),
        "binary_expression" => {
            let sides: Vec<Node<'_>> =
                [expr.child_by_field_name("left"), expr.child_by_field_name("right")].into_iter().flatten().collect();
            // `+` with a string is concatenation: `new BigDecimal("0." + cents)` is the String constructor.
            let arithmetic = expr.child_by_field_name("operator").is_some_and(|o| match o.kind() {
                "-" | "*" | "/" => true,
                "+" => !sides.iter().any(|s| s.kind() == "string_literal"),
                _ => false,
            });
            arithmetic
                && sides
                    .iter()
                    .any(|side| side.kind() == "decimal_floating_point_literal" || is_floating(cx, *side, depth + 1))
        }
        "method_invocation" => {
            let name = expr.child_by_field_name("name").map_or("", |n| cx.text(n));
            let object = expr.child_by_field_name("object").map(|o| tree::simple(cx.text(o)));
            match (object, name) {
                (_, "doubleValue" | "floatValue") => true,
                (Some("Double"), "parseDouble" | "valueOf") | (Some("Float"), "parseFloat" | "valueOf") => true,
                (Some("Math" | "StrictMath"), "random" | "sqrt" | "cbrt" | "pow" | "exp" | "log" | "log10") => true,
                _ => super::types::member_type(cx, expr).is_some_and(|t| FLOATING.contains(&tree::erased(&t))),
            }
        }
        "field_access" => {
            super::types::member_type(cx, expr).is_some_and(|t| FLOATING.contains(&tree::erased(&t)))
                || expr.child_by_field_name("object").is_some_and(|o| o.kind() == "this")
                    && expr
                        .child_by_field_name("field")
                        .and_then(|f| tree::declared_type(cx, f, cx.text(f)))
                        .is_some_and(|t| FLOATING.contains(&tree::erased(t)))
        }
        _ => false,
    }
}
