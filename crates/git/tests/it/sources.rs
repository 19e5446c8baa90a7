//! TreeSource and IndexSource compared with `git ls-tree`, `git ls-files` and `git cat-file`.

use std::io::ErrorKind;
use std::path::PathBuf;

use precheck_core::{FileInfo, FileMode, FileSource};
use precheck_git::{IndexSource, Repo, TreeSource};

use crate::common::{TestRepo, git_command};

const GITLINK: &str = "2222222222222222222222222222222222222222";

fn sample_repo() -> (TestRepo, String) {
    let repo = TestRepo::init();
    repo.write("README.md", "# readme\n");
    repo.write("src/main.rs", "fn main() {}\n");
    repo.write("src/a-b.txt", "dash\n");
    repo.write("src0.txt", "zero\n");
    repo.write("bin/tool.sh", "#!/bin/sh\n");
    repo.chmod("bin/tool.sh", 0o755);
    repo.write("data.bin", b"\x00\x01\x02".repeat(100));
    repo.symlink("src/main.rs", "link.rs");
    std::fs::create_dir(repo.path.join("vendor")).expect("mkdir");
    repo.git(&["update-index", "--add", "--cacheinfo", &format!("160000,{GITLINK},vendor")]);
    let head = repo.commit("one");
    (repo, head)
}

/// `git ls-tree -r -l <rev>` as file infos, sorted by path.
fn ls_tree(repo: &TestRepo, dir: &std::path::Path, rev: &str) -> Vec<FileInfo> {
    let out = repo.git_at(dir, &["ls-tree", "-r", "-l", "--full-tree", rev]);
    let mut files: Vec<FileInfo> = out
        .lines()
        .map(|line| {
            let (meta, path) = line.split_once('\t').expect("tab");
            let meta: Vec<&str> = meta.split_whitespace().collect();
            let mode = u32::from_str_radix(meta[0], 8).expect("mode");
            let size = meta[3].parse::<u64>().unwrap_or(0); // `-` for a submodule
            FileInfo::new(path, FileMode::from_git(mode), size)
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[test]
fn tree_source_lists_and_reads_a_commit_in_a_bare_clone() {
    let (repo, head) = sample_repo();
    let bare = repo.root().join("bare.git");
    repo.git(&["clone", "-q", "--bare", repo.path.to_str().expect("utf-8"), bare.to_str().expect("utf-8")]);
    let r = Repo::discover(&bare).expect("discover");
    assert_eq!(r.resolve("HEAD").expect("resolve"), head);

    // The listing by name reads no blob header: sizes are 0 there, and exact where asked for.
    let by_name = TreeSource::new(r.git_dir(), "main").expect("tree source");
    let names: Vec<&str> = by_name.paths().iter().map(|f| &*f.path).collect();
    assert_eq!(names.len(), 8);
    assert!(by_name.paths().iter().all(|f| f.size == 0));
    assert_eq!(by_name.info("data.bin").map(|f| f.size), Some(300));
    assert_eq!(by_name.files()[2].size, 300);

    let source = TreeSource::new(r.git_dir(), "main").expect("tree source");
    // Reads work before the listing is computed (looked up in the tree directly)…
    assert_eq!(source.read("src/main.rs").expect("read"), b"fn main() {}\n");
    assert!(source.exists("src/a-b.txt"));
    assert!(!source.exists("src"));
    assert!(!source.exists("nope.txt"));

    let expected = ls_tree(&repo, &bare, "main");
    assert_eq!(source.files(), expected.as_slice());
    let paths: Vec<&str> = source.files().iter().map(|f| &*f.path).collect();
    assert_eq!(
        paths,
        ["README.md", "bin/tool.sh", "data.bin", "link.rs", "src/a-b.txt", "src/main.rs", "src0.txt", "vendor"]
    );
    let modes: Vec<FileMode> = source.files().iter().map(|f| f.mode).collect();
    use FileMode::*;
    assert_eq!(modes, [Regular, Executable, Regular, Symlink, Regular, Regular, Regular, Gitlink]);
    assert_eq!(source.files()[2].size, 300);
    assert_eq!(source.files()[7].size, 0);
    assert_eq!(source.listing_error(), None);

    // …and after it.
    for file in source.files() {
        let bytes = source.read(&file.path).expect("read");
        if file.mode == Gitlink {
            assert_eq!(bytes, GITLINK.as_bytes());
        } else {
            let git = git_command(&bare, 0)
                .args(["cat-file", "blob", &format!("main:{}", file.path)])
                .output()
                .expect("cat-file");
            assert_eq!(bytes, git.stdout, "{}", file.path);
            assert_eq!(bytes.len() as u64, file.size, "{}", file.path);
        }
    }
    assert_eq!(source.read("link.rs").expect("symlink"), b"src/main.rs");
    assert!(source.exists("vendor"));
    assert!(!source.exists("src"));
    let err = source.read("src").expect_err("a directory");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(source.read("missing").expect_err("missing").kind(), ErrorKind::NotFound);
}

#[test]
fn tree_source_reads_from_many_threads_at_once() {
    let (repo, _) = sample_repo();
    let source = TreeSource::new(&repo.path.join(".git"), "HEAD").expect("tree source");
    let expected: Vec<(String, Vec<u8>)> =
        source.files().iter().map(|f| (f.path.to_string(), source.read(&f.path).expect("read"))).collect();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..20 {
                    for (path, bytes) in &expected {
                        assert_eq!(&source.read(path).expect("read"), bytes);
                    }
                }
            });
        }
    });
}

#[test]
fn tree_source_accepts_a_tree_id_and_unknown_revisions_fail() {
    let (repo, _) = sample_repo();
    let git_dir = repo.path.join(".git");
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]).trim().to_string();
    let source = TreeSource::new(&git_dir, &tree).expect("a tree id");
    assert_eq!(source.tree_id(), tree);
    assert_eq!(source.files().len(), 8);

    let err = TreeSource::new(&git_dir, "nope").expect_err("unknown");
    assert_eq!(err.to_string(), "unknown revision `nope`");
}

#[test]
fn tree_source_reads_a_tree_from_a_temporary_object_directory() {
    let (repo, _) = sample_repo();
    let git_dir = repo.path.join(".git");
    let objects = repo.root().join("tmp-objects");
    std::fs::create_dir(&objects).expect("mkdir");
    let in_tmp = |args: &[&str], stdin: &str| -> String {
        use std::io::Write;
        let mut child = git_command(&repo.path, 0)
            .env("GIT_OBJECT_DIRECTORY", &objects)
            .env("GIT_ALTERNATE_OBJECT_DIRECTORIES", git_dir.join("objects"))
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("git");
        child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write");
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8").trim().to_string()
    };
    let blob = in_tmp(&["hash-object", "-w", "--stdin"], "merged\n");
    let readme = repo.git(&["rev-parse", "HEAD:README.md"]).trim().to_string();
    let tree = in_tmp(&["mktree"], &format!("100644 blob {readme}\tREADME.md\n100644 blob {blob}\tmerged.txt\n"));
    let before = crate::common::object_files(&git_dir);

    assert_eq!(
        TreeSource::new(&git_dir, &tree).expect_err("not in the repo").to_string(),
        format!("unknown revision `{tree}`")
    );
    let source = TreeSource::with_object_dirs(&git_dir, &tree, vec![PathBuf::from(&objects)]).expect("layered");
    let paths: Vec<&str> = source.files().iter().map(|f| &*f.path).collect();
    assert_eq!(paths, ["README.md", "merged.txt"]);
    assert_eq!(source.read("merged.txt").expect("read"), b"merged\n");
    assert_eq!(source.read("README.md").expect("read"), b"# readme\n");
    // A sibling reads another tree through the same repositories, the temporary objects included.
    let head = TreeSource::new(&git_dir, "HEAD").expect("head");
    let sibling = head.sibling(&tree).expect_err("the plain repository has no merged tree");
    assert_eq!(sibling.to_string(), format!("unknown revision `{tree}`"));
    let again = source.sibling(&tree).expect("sibling");
    assert_eq!(again.tree_id(), tree);
    assert_eq!(again.read("merged.txt").expect("read"), b"merged\n");
    assert_eq!(source.sibling("HEAD").expect("head").read("README.md").expect("read"), b"# readme\n");
    assert_eq!(crate::common::object_files(&git_dir), before);
}

#[test]
fn sibling_trees_list_what_they_list_alone_sharing_the_folders_they_have_in_common() {
    let (repo, first) = sample_repo();
    let git_dir = repo.path.join(".git");
    repo.write("a/b/c.txt", "c\n");
    repo.write("a/d.txt", "d\n");
    repo.write("e/f.txt", "f\n");
    let second = repo.commit("folders");
    repo.write("a/b/c.txt", "changed\n");
    repo.write("a/b/new.txt", "new\n");
    repo.remove("e/f.txt");
    repo.write("src/x/y.rs", "y\n");
    let third = repo.commit("one folder changed, one gone, one added");
    // The same folder object at another path is another folder.
    repo.write("z/b/c.txt", "changed\n");
    repo.write("z/b/new.txt", "new\n");
    let fourth = repo.commit("a copy of a/b");
    let listed = |source: &TreeSource| -> Vec<(String, FileMode)> {
        source.paths().iter().map(|f| (f.path.to_string(), f.mode)).collect()
    };
    let alone = |rev: &str| listed(&TreeSource::new(&git_dir, rev).expect("alone"));
    let root = TreeSource::new(&git_dir, &second).expect("root");
    let siblings: Vec<(&str, TreeSource)> = [&second, &third, &first, &fourth, &second]
        .into_iter()
        .map(|rev| (rev.as_str(), root.sibling(rev).expect("sibling")))
        .collect();
    // The root listed first becomes what the others copy from; listed last, a sibling is.
    assert_eq!(listed(&root), alone(&second));
    for (rev, source) in &siblings {
        assert_eq!(listed(source), alone(rev), "{rev}");
    }
    let (_, third_source) = &siblings[1];
    assert_eq!(third_source.read("a/d.txt").expect("read"), b"d\n");
    assert_eq!(third_source.read("a/b/c.txt").expect("read"), b"changed\n");
    assert!(third_source.read("e/f.txt").is_err());
}

#[test]
fn index_source_reads_staged_content_not_the_working_tree() {
    let (repo, _) = sample_repo();
    repo.write("src/main.rs", "fn main() { staged(); }\n");
    repo.git(&["add", "src/main.rs"]);
    repo.write("src/main.rs", "fn main() { unstaged(); }\n");
    repo.write("staged_new.txt", "new\n");
    repo.git(&["add", "staged_new.txt"]);
    repo.git(&["rm", "-q", "--cached", "src0.txt"]);
    repo.write("intent.txt", "intent\n");
    repo.git(&["add", "-N", "intent.txt"]);
    repo.write("untracked.txt", "u\n");

    let r = Repo::discover(&repo.path).expect("discover");
    let source = r.index_source().expect("index source");
    assert_eq!(source.read("src/main.rs").expect("read"), b"fn main() { staged(); }\n");
    assert!(source.exists("staged_new.txt"));
    assert!(!source.exists("src0.txt"));
    assert!(!source.exists("intent.txt"));
    assert!(!source.exists("untracked.txt"));

    // `git ls-files -s` minus the intent-to-add placeholder, with blob sizes from `git cat-file -s`.
    let mut expected = Vec::new();
    for line in repo.git(&["ls-files", "-s"]).lines() {
        let (meta, path) = line.split_once('\t').expect("tab");
        if path == "intent.txt" {
            continue;
        }
        let meta: Vec<&str> = meta.split_whitespace().collect();
        let mode = u32::from_str_radix(meta[0], 8).expect("mode");
        let size =
            if mode == 0o160000 { 0 } else { repo.git(&["cat-file", "-s", meta[1]]).trim().parse().expect("size") };
        expected.push(FileInfo::new(path, FileMode::from_git(mode), size));
    }
    expected.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(source.files(), expected.as_slice());
    let paths: Vec<&str> = source.files().iter().map(|f| &*f.path).collect();
    assert_eq!(
        paths,
        ["README.md", "bin/tool.sh", "data.bin", "link.rs", "src/a-b.txt", "src/main.rs", "staged_new.txt", "vendor"]
    );
    assert_eq!(source.read("vendor").expect("gitlink"), GITLINK.as_bytes());
    assert_eq!(source.read("link.rs").expect("symlink"), b"src/main.rs");
    assert_eq!(source.read("src0.txt").expect_err("unstaged").kind(), ErrorKind::NotFound);

    let direct = IndexSource::new(r.git_dir()).expect("by git dir");
    assert_eq!(direct.files(), source.files());
}

#[test]
fn index_source_needs_a_working_tree() {
    let (repo, _) = sample_repo();
    let bare = repo.root().join("bare.git");
    repo.git(&["clone", "-q", "--bare", repo.path.to_str().expect("utf-8"), bare.to_str().expect("utf-8")]);
    let err = IndexSource::new(&bare).expect_err("bare");
    assert_eq!(
        err.to_string(),
        format!("reading the index needs a working tree, but {} is a bare repository", bare.display())
    );
}
