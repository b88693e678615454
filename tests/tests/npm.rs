//! Real npm packages against Node: tests/npm-apps/ pins them (package.json, package-lock.json);
//! `npm ci` installs them once into the test cache, beside a copy of the programs there. Each
//! program runs under `node` (the oracle) and, built by edgeboxc, as .wasm and as .aot under
//! edgebox with a policy that grants exactly the directories and variables it needs; stdout,
//! stderr and the exit code must be node's.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use edgebox_e2e::http_fixture::FixtureServer;
use edgebox_e2e::{build, cache_dir, edgebox, repo_root, run_measured, text};

/// The fixture folder: the pinned packages and one program per package.
fn fixture() -> PathBuf {
    repo_root().join("tests/npm-apps")
}

/// Copies the fixture's files (not its `node_modules`) into `to`.
fn copy_fixture(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "node_modules" {
                copy_fixture(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The app folder: the fixture with its packages installed, under the test cache and keyed by
/// the lockfile, so that `npm ci` runs once per lockfile (it is renamed into place when done,
/// so an interrupted install is not reused). The programs are copied afresh on each run.
fn app_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let lock = std::fs::read(fixture().join("package-lock.json")).unwrap();
        let mut hasher = DefaultHasher::new();
        lock.hash(&mut hasher);
        let root = cache_dir().join("npm-apps");
        let dir = root.join(format!("{:016x}", hasher.finish()));
        if !dir.join("node_modules").is_dir() {
            let staging = root.join(format!("installing-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&staging);
            copy_fixture(&fixture(), &staging);
            let out = Command::new("npm")
                .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
                .current_dir(&staging)
                .output()
                .expect("npm runs (scripts/setup.sh installs node)");
            assert!(
                out.status.success(),
                "npm ci failed:\n{}",
                text(&out.stderr)
            );
            if std::fs::rename(&staging, &dir).is_err() {
                // Another run installed it first.
                std::fs::remove_dir_all(&staging).unwrap();
            }
        }
        copy_fixture(&fixture(), &dir);
        dir
    })
}

/// One way to run a program: its arguments, its environment, and what the policy grants: the
/// directories (path, writable) and the variables (node gets only those too).
struct Run<'a> {
    args: Vec<String>,
    env: &'a [(&'a str, &'a str)],
    dirs: Vec<(PathBuf, bool)>,
    grant: &'a [&'a str],
    /// The policy's `allowedUrls`.
    urls: Vec<String>,
}

impl Run<'_> {
    /// A run with `args` that needs nothing granted.
    fn plain(args: &[&str]) -> Run<'static> {
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            env: &[],
            dirs: vec![],
            grant: &[],
            urls: vec![],
        }
    }

    /// A run that reads the program's own folder (templates, data files).
    fn own_folder() -> Run<'static> {
        Run {
            dirs: vec![(app_dir().to_path_buf(), false)],
            ..Run::plain(&[])
        }
    }

    fn policy(&self) -> String {
        let dirs: Vec<String> = self
            .dirs
            .iter()
            .map(|(path, write)| {
                format!(
                    r#"{{ "path": "{}", "read": true, "write": {write} }}"#,
                    path.display()
                )
            })
            .collect();
        let env: Vec<String> = self
            .grant
            .iter()
            .map(|name| format!("\"{name}\""))
            .collect();
        let urls: Vec<String> = self.urls.iter().map(|url| format!("\"{url}\"")).collect();
        format!(
            r#"{{ "dirs": [{}], "env": [{}], "allowedUrls": [{}] }}"#,
            dirs.join(", "),
            env.join(", "),
            urls.join(", ")
        )
    }
}

struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn node(program: &Path, run: &Run) -> Ran {
    let granted = run.env.iter().filter(|(k, _)| run.grant.contains(k));
    let out = Command::new("node")
        .arg(program)
        .args(&run.args)
        .current_dir(program.parent().unwrap())
        .env_clear()
        .envs(granted.copied())
        .output()
        .expect("node runs (scripts/setup.sh installs it)");
    Ran {
        code: out.status.code(),
        stdout: text(&out.stdout),
        stderr: text(&out.stderr),
    }
}

fn edgebox_run(artifact: &Path, run: &Run) -> Ran {
    let config = artifact.with_extension("policy.json");
    std::fs::write(&config, run.policy()).unwrap();
    let mut cmd = edgebox(run.env);
    cmd.arg("--config")
        .arg(&config)
        .arg(artifact)
        .args(&run.args);
    let ran = run_measured(&mut cmd, Duration::from_secs(120));
    Ran {
        code: ran.code,
        stdout: ran.stdout,
        stderr: ran.stderr,
    }
}

fn assert_same(label: &str, expected: &Ran, got: &Ran) {
    if got.stdout != expected.stdout {
        let diff = diffy::create_patch(&expected.stdout, &got.stdout);
        panic!(
            "{label}: stdout differs from node's (- node, + edgebox):\n{diff}\nstderr:\n{}",
            got.stderr
        );
    }
    assert_eq!(got.stderr, expected.stderr, "{label}: stderr");
    assert_eq!(got.code, expected.code, "{label}: exit code");
}

/// An npm app built by edgeboxc (once per test).
struct Built {
    program: PathBuf,
    _out: tempfile::TempDir,
    artifacts: [(&'static str, PathBuf); 2],
}

fn built(name: &str) -> Built {
    let program = app_dir().join(format!("{name}.js"));
    let out = tempfile::tempdir().unwrap();
    build(&program, out.path(), &[]);
    let artifacts = ["wasm", "aot"].map(|ext| (ext, out.path().join(format!("{name}.{ext}"))));
    Built {
        program,
        _out: out,
        artifacts,
    }
}

/// Builds `name` and checks each of `runs` as .wasm and .aot against node.
fn same_as_node(name: &str, runs: &[Run]) {
    let app = built(name);
    for run in runs {
        let expected = node(&app.program, run);
        for (ext, artifact) in &app.artifacts {
            let got = edgebox_run(artifact, run);
            let label = format!("{name}.js {:?} {:?} as .{ext}", run.args, run.env);
            assert_same(&label, &expected, &got);
        }
    }
}

#[test]
fn minimist_parses_arguments() {
    same_as_node(
        "minimist",
        &[Run::plain(&[
            "-x",
            "3",
            "--name=edge",
            "--no-color",
            "file",
            "--",
            "-y",
        ])],
    );
}

#[test]
fn yargs_commands_options_validation_and_help() {
    // yargs reads its messages from node_modules/yargs/locales/ at run time.
    let run = |args| Run {
        args,
        ..Run::own_folder()
    };
    same_as_node(
        "yargs",
        &[
            run(vec![
                "start".into(),
                "9000".into(),
                "--level".into(),
                "debug".into(),
            ]),
            run(vec!["start".into(), "--bogus".into()]),
        ],
    );
}

#[test]
fn ms_converts_durations() {
    same_as_node("ms", &[Run::plain(&[])]);
}

#[test]
fn semver_parses_compares_and_matches_ranges() {
    same_as_node("semver", &[Run::plain(&[])]);
}

#[test]
fn uuid_name_based_and_random_ids() {
    same_as_node("uuid", &[Run::plain(&[])]);
}

#[test]
fn js_yaml_loads_a_file_beside_the_program_and_dumps() {
    same_as_node("js-yaml", &[Run::own_folder()]);
}

#[test]
fn dotenv_parses_and_loads_an_env_file_beside_the_program() {
    same_as_node("dotenv", &[Run::own_folder()]);
}

#[test]
fn marked_renders_a_markdown_file() {
    same_as_node("marked", &[Run::own_folder()]);
}

#[test]
fn mustache_renders_a_template_file() {
    same_as_node("mustache", &[Run::own_folder()]);
}

#[test]
fn ejs_renders_template_files_with_an_include() {
    same_as_node("ejs", &[Run::own_folder()]);
}

#[test]
fn chalk_plain_without_a_tty_and_levels_forced_by_the_environment() {
    let run = |env: &'static [(&'static str, &'static str)]| Run {
        env,
        grant: &["FORCE_COLOR"],
        ..Run::plain(&[])
    };
    same_as_node(
        "chalk",
        &[
            run(&[]),
            run(&[("FORCE_COLOR", "1")]),
            run(&[("FORCE_COLOR", "3")]),
        ],
    );
}

#[test]
fn debug_namespaces_from_the_granted_environment() {
    let run = |env: &'static [(&'static str, &'static str)], grant: &'static [&'static str]| Run {
        env,
        grant,
        ..Run::plain(&[])
    };
    let both = &["DEBUG", "DEBUG_HIDE_DATE"];
    same_as_node(
        "debug",
        &[
            run(&[("DEBUG", "app*"), ("DEBUG_HIDE_DATE", "1")], both),
            run(&[("DEBUG", "*,-app:db"), ("DEBUG_HIDE_DATE", "1")], both),
            // DEBUG not granted: the program does not see it (nor does node, run without it).
            run(
                &[("DEBUG", "*"), ("DEBUG_HIDE_DATE", "1")],
                &["DEBUG_HIDE_DATE"],
            ),
        ],
    );
}

#[test]
fn glob_walks_a_tree_made_by_the_test() {
    let tree = tempfile::tempdir().unwrap();
    let root = tree.path();
    for dir in ["src/util", "lib/a", "lib/b", "empty"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    for file in [
        "README.md",
        "CHANGES.md",
        "package.json",
        "notes.txt",
        "src/main.js",
        "src/.hidden.js",
        "src/util/fmt.js",
        "lib/a/notes.txt",
        "lib/b/x.json",
    ] {
        std::fs::write(root.join(file), "x\n").unwrap();
    }
    let run = Run {
        dirs: vec![(root.to_path_buf(), false)],
        ..Run::plain(&[root.to_str().unwrap()])
    };
    let app = built("glob");
    let expected = node(&app.program, &run);
    assert!(
        expected
            .stdout
            .contains(r#"**/*.js ["src/main.js","src/util/fmt.js"]"#),
        "node: {}",
        expected.stdout
    );
    for (ext, artifact) in &app.artifacts {
        assert_same(
            &format!("glob.js as .{ext}"),
            &expected,
            &edgebox_run(artifact, &run),
        );
    }
}

/// Every file and folder under `root` (relative, sorted) with the files' bytes.
fn tree(root: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Option<Vec<u8>>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            if path.is_dir() {
                out.push((rel, None));
                walk(root, &path, out);
            } else {
                out.push((rel, Some(std::fs::read(&path).unwrap())));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

#[test]
fn fs_extra_writes_copies_moves_and_removes_in_a_granted_dir() {
    let app = built("fs-extra");
    let node_dir = tempfile::tempdir().unwrap();
    let expected = node(
        &app.program,
        &Run::plain(&[node_dir.path().to_str().unwrap()]),
    );
    assert_eq!(expected.code, Some(0), "node: {}", expected.stderr);
    let expected_tree = tree(node_dir.path());
    for (ext, artifact) in &app.artifacts {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let run = Run {
            dirs: vec![(root.to_path_buf(), true)],
            ..Run::plain(&[root.to_str().unwrap()])
        };
        assert_same(
            &format!("fs-extra.js as .{ext}"),
            &expected,
            &edgebox_run(artifact, &run),
        );
        assert_eq!(
            tree(root),
            expected_tree,
            ".{ext}: the tree differs from node's"
        );
        let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
        assert_eq!(read("a/b/note.txt"), "hello from fs-extra\n");
        assert_eq!(
            read("a/data.json"),
            "{\n  \"n\": 1,\n  \"list\": [\n    true,\n    null\n  ]\n}\n"
        );
        assert_eq!(read("copy/b/note.txt"), "hello from fs-extra\n");
        assert_eq!(read("copy/b/moved.json"), read("a/data.json"));
        assert_eq!(read("sync-copy/x.json"), "[1,2]\n");
        assert_eq!(read("empty/file.txt"), "");
        assert!(!root.join("copy/data.json").exists());
        assert!(!root.join("a/b/c").exists());
        assert!(root.join("copy/b/c").is_dir());
        assert_eq!(std::fs::read_dir(root.join("sync")).unwrap().count(), 0);
    }
}

#[test]
fn node_fetch_and_axios_request_through_the_host() {
    let server = FixtureServer::start();
    let base = server.http_base();
    same_as_node(
        "http-clients",
        &[Run {
            urls: vec![format!("{base}/*")],
            ..Run::plain(&[&base])
        }],
    );
}

#[test]
fn got_requests_through_the_host() {
    let server = FixtureServer::start();
    let base = server.http_base();
    same_as_node(
        "got",
        &[Run {
            urls: vec![format!("{base}/*")],
            ..Run::plain(&[&base])
        }],
    );
}
