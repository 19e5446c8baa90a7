//! JAR006 duplicate-class-differing: a class in two jars of one classpath with different bytes.

use precheck_core::{RuleMeta, Severity, Sink};

use super::{candidates, count, key, placed};
use crate::analysis::{Analysis, Module};
use crate::dups::{Scan, pkg_list};

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR006",
    "duplicate-class-differing",
    Severity::Error,
    "the same class is in two jars of a module's classpath with different bytes",
    "## What it does\nReads the central directories of the jars on each module's resolved classpath \
(`[jar] scopes`) and reports a pair of jars that both hold a class whose CRC-32 or size differ, as \
extra-enforcer-rules' `banDuplicateClasses` and the duplicate-finder plugin do. `module-info` and `package-info` are \
never duplicates; a multi-release override (`META-INF/versions/N/`) only clashes with the same override. Nothing is \
decompressed.\n\n## Why\nClasspath order decides which copy loads: `LinkageError`, `NoSuchMethodError` or silently \
wrong behaviour, depending on the order of jars on the machine.\n\n## Example\n`servlet-api-2.5.jar` and \
`tomcat-servlet-api-9.0.jar` both hold `javax.servlet.Servlet`.\n\n## Use instead\nExclude one of the two artifacts, \
or add the classes to `[jar] ignore-classes` if they are shaded on purpose.\n",
)
.repo();

pub fn check(an: &Analysis<'_>, m: &Module, scan: &Scan, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    for ((a, b), p) in &scan.pairs {
        if p.classes_differing.is_empty() {
            continue;
        }
        let (na, nb) = (scan.jars[*a].0, scan.jars[*b].0);
        let (ja, jb) = (&scan.jars[*a].1, &scan.jars[*b].1);
        let total = p.classes_differing.len() + p.classes_identical.len();
        let message = format!(
            "{} of {} shared by `{ja}` and `{jb}` differ{} on the classpath of `{}`, e.g. `{}`, in {}",
            p.classes_differing.len(),
            count(total, "class", "classes"),
            if p.classes_differing.len() == 1 { "s" } else { "" },
            an.module_name(m),
            p.classes_differing[0],
            pkg_list(&p.classes_differing)
        );
        let role = |i: usize| format!("brings `{}` through {}", if i == na { ja } else { jb }, m.resolution.path(i));
        let mut pair = [m.resolution.nodes[na].key.ga(), m.resolution.nodes[nb].key.ga()];
        pair.sort();
        let f = placed(an, m, &RULE, &candidates(m, &[na, nb], &role), message)
            .with_help("exclude one of the two artifacts, or list the classes in `[jar] ignore-classes`")
            .with_fingerprint_key(&key(m, &pair.join("\0")));
        out.push(f);
    }
}
