//! JAR012 active-by-default-lost: a profile's `activeByDefault` is off because another profile activates.

use precheck_core::{Finding, RuleMeta, Severity, Sink};

use crate::analysis::Analysis;
use crate::model::activates;
use crate::version::Version;

pub static RULE: RuleMeta = RuleMeta::new(
    "jar",
    "JAR012",
    "active-by-default-lost",
    Severity::Warning,
    "an `activeByDefault` profile is switched off because another profile of the same POM activates",
    "## What it does\nReports a profile marked `<activeByDefault>true</activeByDefault>` in a POM where \
another profile activates by its own condition (a JDK, a missing property), evaluated with `[jar] jdk` and no `-D` \
properties.\n\n## Why\nMaven turns every `activeByDefault` profile of a POM off as soon as any other profile of that \
POM is active: the dependencies and properties the author expected are silently missing.\n\n## Example\n```xml\n\
<profile><id>default</id><activation><activeByDefault>true</activeByDefault></activation>...</profile>\n\
<profile><id>jdk17</id><activation><jdk>[17,)</jdk></activation>...</profile>\n```\n\n## Use instead\nMove what \
must always apply out of profiles, or activate it with `<property><name>!skipDefault</name></property>`.\n",
)
.repo();

pub fn check(an: &Analysis<'_>, out: &mut Sink) {
    if !out.enabled(&RULE) {
        return;
    }
    let jdk = Version::parse(&an.settings.jdk);
    for (path, raw) in &an.poms {
        let active: Vec<&str> =
            raw.profiles.iter().filter(|p| activates(&p.activation, &jdk)).map(|p| p.id.as_str()).collect();
        if active.is_empty() {
            continue;
        }
        for p in raw.profiles.iter().filter(|p| p.activation.by_default && !active.contains(&p.id.as_str())) {
            let Some(span) = an.span(path, p.start, p.start + "<profile>".len()) else { continue };
            let f = Finding::new(
                &RULE,
                span,
                format!(
                    "profile `{}` is `activeByDefault` but stays off: profile `{}` activates (JDK {})",
                    p.id, active[0], an.settings.jdk
                ),
            )
            .with_help("move what must always apply out of the profile, or activate it with a `!property` condition")
            .with_fingerprint_key(p.id.as_bytes());
            out.push(f);
        }
    }
}
