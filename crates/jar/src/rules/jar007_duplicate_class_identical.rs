//! JAR007 duplicate-class-identical: the same class with identical bytes in two jars of one classpath.

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, count, key, placed};
use crate::analysis::{Analysis, Module};
use crate::dups::{Scan, pkg_list};

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR007",
    "duplicate-class-identical",
    Severity::Info,
    "the same class with identical bytes is in two jars of a module's classpath",
    "## What it does\nReports a pair of jars on a module's classpath that share classes whose CRC-32 and \
size are identical, and no class that differs (that case is JAR006).\n\n## Why\nHarmless today — whichever copy \
loads is the same — but the day one side upgrades, the copies differ and JAR006's failures begin. The usual cause is \
a `-core` jar next to an `-all` jar.\n\n## Example\n`netty-all-4.1.jar` and `netty-buffer-4.1.jar` both hold \
`io.netty.buffer.ByteBuf`.\n\n## Use instead\nKeep one of the two artifacts.\n",
)
.opt_in()
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, scan: &Scan, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for ((a, b), p) in &scan.pairs {
        if !p.classes_differing.is_empty() || p.classes_identical.is_empty() {
            continue;
        }
        let (na, nb) = (scan.jars[*a].0, scan.jars[*b].0);
        let (ja, jb) = (&scan.jars[*a].1, &scan.jars[*b].1);
        let message = format!(
            "{} in both `{ja}` and `{jb}` on the classpath of `{}`, e.g. `{}`, in {}",
            count(p.classes_identical.len(), "identical class is", "identical classes are"),
            an.module_name(m),
            p.classes_identical[0],
            pkg_list(&p.classes_identical)
        );
        let role = |i: usize| format!("brings `{}` through {}", if i == na { ja } else { jb }, m.resolution.path(i));
        let mut pair = [m.resolution.nodes[na].key.ga(), m.resolution.nodes[nb].key.ga()];
        pair.sort();
        let f = placed(an, m, &RULE, &candidates(m, &[na, nb], &role), message)
            .with_help("keep one of the two artifacts (exclude the other)")
            .with_fingerprint_key(&key(m, &pair.join("\0")));
        out.push(f);
    }
}
