//! `precheck hook install` and `precheck hook run` for git's pre-push and pre-commit hooks (the developer's
//! machine) and the pre-receive hook (the server: a bare repository, each pushed ref checked with the
//! configuration committed at its tip, or a server-wide `--config`).

use std::io::{Read, Write};
use std::path::Path;

use precheck_core::{HeadSource, Input};
use precheck_git::{PushBase, ReceiveUpdate, Repo};

use crate::Fatal;
use crate::args::{CheckArgs, HookKind};
use crate::check;

/// Marks a hook file as ours, so re-installing may replace it.
const MARKER: &str = "precheck-hook";

/// A path as one single-quoted shell word.
fn shell_word(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

fn script(hook: HookKind, config: Option<&Path>) -> String {
    let exe = std::env::current_exe().map(|p| p.display().to_string()).unwrap_or_else(|_| "precheck".to_string());
    let config = config.map(|c| format!(" --config {}", shell_word(&c.display().to_string()))).unwrap_or_default();
    format!(
        "#!/bin/sh\n# {MARKER}: installed by `precheck hook install {name}`; `precheck hook install {name} --force` replaces it.\n\
PRECHECK={exe}\n[ -x \"$PRECHECK\" ] || PRECHECK=precheck\nexec \"$PRECHECK\"{config} hook run {name} \"$@\"\n",
        name = hook.file_name(),
        exe = shell_word(&exe),
    )
}

/// Installs the hook; with `--config`, the hook runs with that configuration (absolute: hooks run in the
/// repository's directory, which is not where the path was typed).
pub fn install(dir: &Path, hook: HookKind, force: bool, config: Option<&Path>) -> Result<u8, Fatal> {
    let config = match config {
        Some(path) => {
            Some(path.canonicalize().map_err(|e| Fatal(format!("cannot use --config {}: {e}", path.display())))?)
        }
        None => None,
    };
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
    std::fs::write(&path, script(hook, config.as_deref()))
        .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Fatal(format!("cannot make {} executable: {e}", path.display())))?;
    }
    eprintln!("installed {}", path.display());
    Ok(0)
}

pub fn run(dir: &Path, hook: HookKind, args: &[String], explicit_config: Option<&Path>) -> Result<u8, Fatal> {
    if hook == HookKind::PreReceive {
        return pre_receive(dir, explicit_config);
    }
    let config =
        crate::config::load(dir, crate::config::Sources { explicit: explicit_config, committed_at: None, repo: None })?;
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
        HookKind::PreReceive => {}
    }
    let cache_dir = crate::cache::dir_for(dir);
    let inputs: Vec<Input> = inputs.into_iter().map(|i| Input { cache_dir: cache_dir.clone(), ..i }).collect();
    let report = precheck_runner::run_many(&config, &inputs, &checks)?;
    check::render(&report, &CheckArgs::default(), config.fail_on)?;
    let failing = report.findings.iter().filter(|f| config.fail_on.fails(f.severity)).count();
    if failing > 0 {
        let what = match hook {
            HookKind::PrePush | HookKind::PreReceive => "push",
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

/// The server's hook: git's `<old> <new> <ref>` lines on stdin, each pushed ref checked as the pre-push hook
/// checks it (the commits the repository did not have), with the precheck.toml committed at the pushed tip
/// unless `--config` names a server-wide one. Everything goes to stderr, which git relays to the pusher; any
/// ref that fails, or cannot be checked, refuses the whole push (exit 1). A deletion passes.
fn pre_receive(dir: &Path, explicit_config: Option<&Path>) -> Result<u8, Fatal> {
    let repo = Repo::discover(dir)?;
    let mut stdin = String::new();
    std::io::stdin().read_to_string(&mut stdin).map_err(|e| Fatal(format!("cannot read stdin: {e}")))?;
    let updates = precheck_git::parse_pre_receive(&stdin)?;
    let checks = precheck_checks::builtin();
    let mut err = std::io::stderr().lock();
    let mut refused = 0usize;
    for update in &updates {
        match check_received(dir, &repo, &checks, update, explicit_config, &mut err) {
            Ok(true) => {}
            Ok(false) => refused += 1,
            Err(Fatal(why)) => {
                refused += 1;
                let _ = writeln!(err, "precheck: {}: cannot be checked, refusing it: {why}", update.ref_name);
            }
        }
    }
    if refused > 0 {
        let _ = writeln!(
            err,
            "precheck: push refused: {refused} of {} ref{} failed the check.",
            updates.len(),
            if updates.len() == 1 { "" } else { "s" }
        );
        return Ok(1);
    }
    Ok(0)
}

/// Checks one received ref; whether it passes. Findings and the reason for a refusal go to `err`.
fn check_received(
    dir: &Path,
    repo: &Repo,
    checks: &[Box<dyn precheck_core::Check>],
    update: &ReceiveUpdate,
    explicit_config: Option<&Path>,
    err: &mut dyn Write,
) -> Result<bool, Fatal> {
    let base = match repo.receive_base(update)? {
        PushBase::Delete => return Ok(true),
        PushBase::NotACommit => {
            let _ = writeln!(err, "precheck: note: {} names no commit: nothing to check", update.ref_name);
            return Ok(true);
        }
        PushBase::Commit(base) => Some(base),
        PushBase::Root => None,
    };
    let head = repo.commit_of(&update.new_sha).unwrap_or_else(|| update.new_sha.clone());
    let sources = crate::config::Sources { explicit: explicit_config, committed_at: Some(&head), repo: Some(repo) };
    let config = crate::config::load(dir, sources)?;
    let input = Input {
        dir: dir.to_path_buf(),
        head: HeadSource::Rev(head),
        base,
        pushed_ref: Some(update.ref_name.clone()),
        cache_dir: crate::cache::dir_for(dir),
        without_sources: true,
        ..Input::default()
    };
    let report = precheck_runner::run(&config, &input, checks)?;
    precheck_report::render(
        precheck_report::Format::Concise,
        &report,
        &precheck_report::RenderOptions { tool_version: env!("CARGO_PKG_VERSION"), ..Default::default() },
        err,
    )?;
    let failing = report.findings.iter().filter(|f| config.fail_on.fails(f.severity)).count();
    if failing > 0 {
        let _ = writeln!(
            err,
            "precheck: {} refused: {failing} finding{} at or above `fail-on = \"{}\"`.",
            update.ref_name,
            if failing == 1 { "" } else { "s" },
            config.fail_on.as_str()
        );
        return Ok(false);
    }
    Ok(true)
}
