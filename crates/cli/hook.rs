//! `precheck hook install` and `precheck hook run` for git's pre-push and pre-commit hooks.

use std::io::{Read, Write};
use std::path::Path;

use precheck_core::{HeadSource, Input};
use precheck_git::{PushBase, Repo};

use crate::Fatal;
use crate::args::{CheckArgs, HookKind};
use crate::check;

/// Marks a hook file as ours, so re-installing may replace it.
const MARKER: &str = "precheck-hook";

fn script(hook: HookKind) -> String {
    let exe = std::env::current_exe().map(|p| p.display().to_string()).unwrap_or_else(|_| "precheck".to_string());
    let quoted = exe.replace('\'', "'\\''");
    format!(
        "#!/bin/sh\n# {MARKER}: installed by `precheck hook install {name}`; `precheck hook install {name} --force` replaces it.\n\
PRECHECK='{quoted}'\n[ -x \"$PRECHECK\" ] || PRECHECK=precheck\nexec \"$PRECHECK\" hook run {name} \"$@\"\n",
        name = hook.file_name()
    )
}

pub fn install(dir: &Path, hook: HookKind, force: bool) -> Result<u8, Fatal> {
    let hooks = precheck_git::process::hooks_dir(dir).map_err(Fatal)?;
    let path = hooks.join(hook.file_name());
    if let Ok(existing) = std::fs::read_to_string(&path)
        && !existing.contains(MARKER)
        && !force
    {
        return Err(Fatal(format!(
            "{} already exists and was not installed by precheck (use --force to replace it)",
            path.display()
        )));
    }
    std::fs::create_dir_all(&hooks).map_err(|e| Fatal(format!("cannot create {}: {e}", hooks.display())))?;
    std::fs::write(&path, script(hook)).map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Fatal(format!("cannot make {} executable: {e}", path.display())))?;
    }
    eprintln!("installed {}", path.display());
    Ok(0)
}

pub fn run(dir: &Path, hook: HookKind, args: &[String]) -> Result<u8, Fatal> {
    let config = crate::config::load(dir)?;
    let checks = precheck_checks::builtin();
    let repo = Repo::discover(dir)?;
    let mut inputs = Vec::new();
    match hook {
        HookKind::PrePush => {
            let remote = args.first().map(String::as_str).unwrap_or("origin");
            let mut stdin = String::new();
            std::io::stdin().read_to_string(&mut stdin).map_err(|e| Fatal(format!("cannot read stdin: {e}")))?;
            for update in precheck_git::parse_pre_push(&stdin)? {
                let base = match repo.pre_push_base(remote, &update)? {
                    PushBase::Delete => continue,
                    PushBase::NotACommit => {
                        eprintln!("precheck: note: {} names no commit: nothing to check", update.local_ref);
                        continue;
                    }
                    PushBase::Commit(base) => Some(base),
                    PushBase::Root => None,
                };
                // An annotated tag is checked as the commit it names.
                let head = repo.commit_of(&update.local_sha).unwrap_or_else(|| update.local_sha.clone());
                inputs.push(Input {
                    dir: dir.to_path_buf(),
                    head: HeadSource::Rev(head),
                    base,
                    pushed_ref: Some(update.remote_ref.clone()),
                    ..Input::default()
                });
            }
        }
        HookKind::PreCommit => inputs.push(Input {
            dir: dir.to_path_buf(),
            head: HeadSource::Staged,
            base: repo.head_commit(),
            ..Input::default()
        }),
    }
    let cache_dir = crate::cache::dir_for(dir);
    let inputs: Vec<Input> = inputs.into_iter().map(|i| Input { cache_dir: cache_dir.clone(), ..i }).collect();
    let report = precheck_runner::run_many(&config, &inputs, &checks)?;
    check::render(&report, &CheckArgs::default())?;
    let failing = report.findings.iter().filter(|f| config.fail_on.fails(f.severity)).count();
    if failing > 0 {
        let what = match hook {
            HookKind::PrePush => "push",
            HookKind::PreCommit => "commit",
        };
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "precheck: {what} refused: {failing} finding{} at or above `fail-on = \"{}\"`. Fix them, or bypass once with `git {what} --no-verify`.",
            if failing == 1 { "" } else { "s" },
            config.fail_on.as_str()
        );
        return Ok(1);
    }
    Ok(0)
}
