//! Command rules and the OS sandbox, tested through the host ABI by a guest that starts one
//! command (tests/guests/spawn.c): every rule is attacked (paths, links, shell syntax, loader
//! variables, working directories), and what bubblewrap confines is checked from the host (a
//! non-granted file cannot be read, a read-only directory cannot be written, /tmp is private,
//! there is no network). A denied command never starts: the disk is compared before and after.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use common::{edgebox, guest, snapshot, write_policy, Run};

const PATH: &str = "/usr/local/bin:/usr/bin:/bin";

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A temp folder with `work/` (granted read-write-execute), `ro/` (read and execute),
/// `secret/secret.txt` (not granted) and the policy `p.json` with `rules` merged in.
struct Host {
    dir: tempfile::TempDir,
    policies: tempfile::TempDir,
}

impl Host {
    fn new() -> Host {
        let dir = tempfile::tempdir().unwrap();
        let r = fs::canonicalize(dir.path()).unwrap();
        for d in ["work", "ro", "secret"] {
            fs::create_dir(r.join(d)).unwrap();
        }
        fs::write(r.join("ro/file.txt"), "read-only\n").unwrap();
        fs::write(r.join("secret/secret.txt"), "secret\n").unwrap();
        Host {
            dir,
            policies: tempfile::tempdir().unwrap(),
        }
    }

    fn root(&self) -> std::path::PathBuf {
        fs::canonicalize(self.dir.path()).unwrap()
    }

    /// Runs spawn.wasm with `request` (and `input` for the child's stdin) under a policy
    /// granting work/ and ro/ plus `rules` (JSON members), from work/, with `path` as PATH.
    fn run_with_path(&self, rules: &str, request: &str, input: Option<&str>, path: &str) -> Run {
        let r = self.root();
        let policy = write_policy(
            self.policies.path(),
            "p.json",
            &format!(
                r#"{{"dirs": [{{"path": "{}", "read": true, "write": true, "execute": true}},
                              {{"path": "{}", "read": true, "execute": true}}],
                     "env": ["PATH", "LANG"] {}{rules}}}"#,
                s(&r.join("work")),
                s(&r.join("ro")),
                if rules.is_empty() { "" } else { "," },
            ),
        );
        let spawn = guest("spawn", false);
        let mut args = vec!["--config", s(&policy), s(&spawn), request];
        args.extend(input);
        edgebox(&r.join("work"), &args, &[("PATH", path), ("LANG", "C")])
    }

    fn run(&self, rules: &str, request: &str) -> Run {
        self.run_with_path(rules, request, None, PATH)
    }
}

fn assert_ran(run: &Run, stdout: &str) {
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.starts_with(&format!("stdout: {stdout}\n")),
        "want stdout {stdout:?}: {run:?}"
    );
}

/// Refused with WASI errno `errno` and a message containing `why`.
fn assert_refused(run: &Run, errno: u32, why: &str) {
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stdout.starts_with(&format!("error: {errno} ")) && run.stdout.contains(why),
        "want errno {errno} and {why:?}: {run:?}"
    );
}

const EACCES: u32 = 2;

#[test]
fn without_command_rules_nothing_runs() {
    let h = Host::new();
    assert_refused(
        &h.run("", r#"{"file": "echo", "args": ["hi"]}"#),
        EACCES,
        "allows no command",
    );
}

#[test]
fn listed_commands_run_with_their_allowed_first_arguments_and_deny_wins() {
    let h = Host::new();
    let rules = r#""commands": {"echo": ["hi", "ho"], "true": true, "false": false},
                   "allowCommands": ["cat", "printf"], "denyCommands": ["printf"]"#;
    assert_ran(
        &h.run(rules, r#"{"file": "echo", "args": ["hi", "there"]}"#),
        "hi there\n",
    );
    assert_refused(
        &h.run(rules, r#"{"file": "echo", "args": ["rm"]}"#),
        EACCES,
        "commands.echo",
    );
    assert_refused(
        &h.run(rules, r#"{"file": "false"}"#),
        EACCES,
        "commands.false",
    );
    assert_refused(
        &h.run(rules, r#"{"file": "printf", "args": ["x"]}"#),
        EACCES,
        "denyCommands",
    );
    assert_refused(&h.run(rules, r#"{"file": "ls"}"#), EACCES, "not allowed");
    let run = h.run_with_path(rules, r#"{"file": "cat"}"#, Some("piped\n"), PATH);
    assert_ran(&run, "piped\n");
    assert!(run.stdout.ends_with("status: 0 0\n"), "{run:?}");
}

#[test]
fn a_program_is_what_its_real_path_is() {
    let h = Host::new();
    let r = h.root();
    let rules = r#""allowCommands": ["cat"]"#;
    symlink("/usr/bin/rm", r.join("work/cat")).unwrap();
    let victim = r.join("work/victim.txt");
    fs::write(&victim, "keep\n").unwrap();
    let before = snapshot(&r);
    for file in ["./cat", s(&r.join("work/cat"))] {
        let request = format!(r#"{{"file": "{file}", "args": ["victim.txt"]}}"#);
        assert_refused(&h.run(rules, &request), EACCES, "/usr/bin/rm");
    }
    assert_eq!(snapshot(&r), before, "rm never ran");
    let bin = r.join("work/bin");
    fs::create_dir(&bin).unwrap();
    symlink("/usr/bin/rm", bin.join("cat")).unwrap();
    let before = snapshot(&r);
    let path = format!("{}:{PATH}", s(&bin));
    let run = h.run_with_path(
        rules,
        r#"{"file": "cat", "args": ["victim.txt"]}"#,
        None,
        &path,
    );
    assert_refused(&run, EACCES, "lets the guest write");
    assert_eq!(snapshot(&r), before, "rm never ran");
    assert_ran(
        &h.run(rules, r#"{"file": "/usr/bin/cat", "args": ["victim.txt"]}"#),
        "keep\n",
    );
}

#[test]
fn command_lines_without_sh_are_words_and_shell_syntax_is_refused() {
    let h = Host::new();
    let r = h.root();
    let rules = r#""allowCommands": ["echo", "touch"]"#;
    assert_ran(&h.run(rules, r#"{"command": "echo 'a  b' c"}"#), "a  b c\n");
    let before = snapshot(&r);
    for line in [
        "echo hi > made.txt",
        "echo hi; touch made.txt",
        "echo hi | touch made.txt",
        "echo hi && touch made.txt",
        "echo $(touch made.txt)",
        "echo `touch made.txt`",
        "echo hi\ntouch made.txt",
        "LD_PRELOAD=/x.so touch made.txt",
    ] {
        let request = serde_json_string(line);
        assert_refused(
            &h.run(rules, &format!(r#"{{"command": {request}}}"#)),
            EACCES,
            "shell syntax",
        );
    }
    assert_eq!(snapshot(&r), before, "no command line ran");
    let run = h.run(
        rules,
        r#"{"file": "echo", "args": ["a\n; touch made.txt"]}"#,
    );
    assert_ran(&run, "a\n; touch made.txt\n");
    assert_eq!(
        snapshot(&r),
        before,
        "an argument with a newline is one argument"
    );
}

#[test]
fn command_lines_run_through_sh_only_when_sh_is_allowed() {
    let h = Host::new();
    let run = h.run(
        r#""allowCommands": ["sh"]"#,
        r#"{"command": "echo one | tr o 0; echo $((6 * 7))"}"#,
    );
    assert_ran(&run, "0ne\n42\n");
}

#[test]
fn loader_variables_never_reach_the_child() {
    let h = Host::new();
    let run = h.run(
        r#""allowCommands": ["sh"]"#,
        r#"{"command": "echo ${LD_PRELOAD-unset} ${LD_LIBRARY_PATH-unset} $FOO $LANG",
            "env": {"LD_PRELOAD": "/tmp/evil.so", "LD_LIBRARY_PATH": "/tmp", "FOO": "bar"}}"#,
    );
    assert_ran(&run, "unset unset bar C\n");
}

#[test]
fn the_working_directory_must_be_inside_an_execute_grant() {
    let h = Host::new();
    let r = h.root();
    let rules = r#""allowCommands": ["pwd"]"#;
    assert_ran(
        &h.run(rules, r#"{"file": "pwd"}"#),
        &format!("{}\n", s(&r.join("work"))),
    );
    assert_ran(
        &h.run(rules, r#"{"file": "pwd", "cwd": "../ro"}"#),
        &format!("{}\n", s(&r.join("ro"))),
    );
    symlink(r.join("secret"), r.join("work/out")).unwrap();
    for cwd in ["../secret", "/", "out", "../work/../secret"] {
        let request = format!(r#"{{"file": "pwd", "cwd": "{cwd}"}}"#);
        assert_refused(&h.run(rules, &request), EACCES, "execute");
    }
}

#[test]
fn bubblewrap_shows_only_the_grants_as_granted() {
    let h = Host::new();
    let r = h.root();
    let rules = r#""allowCommands": ["sh"]"#;
    let secret = r.join("secret/secret.txt");
    let run = h.run(
        rules,
        &format!(r#"{{"command": "cat {} || echo hidden"}}"#, s(&secret)),
    );
    assert_ran(&run, "hidden\n");
    let before = snapshot(&r);
    let ro = r.join("ro");
    let run = h.run(
        rules,
        &format!(
            r#"{{"command": "echo x > {0}/new.txt; rm -f {0}/file.txt; echo x >> {0}/file.txt; echo done"}}"#,
            s(&ro)
        ),
    );
    assert_ran(&run, "done\n");
    assert!(run.stdout.contains("Read-only file system"), "{run:?}");
    assert_eq!(snapshot(&r), before, "the read-only grant is unchanged");
    let marker = format!("edgebox-private-tmp-{}", std::process::id());
    let run = h.run(
        rules,
        &format!(r#"{{"command": "echo x > /tmp/{marker} && echo wrote > work.txt"}}"#),
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(!Path::new("/tmp").join(&marker).exists(), "/tmp is private");
    assert_eq!(
        fs::read_to_string(r.join("work/work.txt")).unwrap(),
        "wrote\n"
    );
    let run = h.run(
        rules,
        r#"{"command": "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"}"#,
    );
    assert_ran(&run, "lo\n");
}

#[test]
fn without_bubblewrap_commands_fail_unless_the_policy_opts_out() {
    let h = Host::new();
    let r = h.root();
    let bin = r.join("bin");
    fs::create_dir(&bin).unwrap();
    symlink("/usr/bin/cat", bin.join("cat")).unwrap();
    let secret = r.join("secret/secret.txt");
    let request = format!(r#"{{"file": "cat", "args": ["{}"]}}"#, s(&secret));
    let run = h.run_with_path(r#""allowCommands": ["cat"]"#, &request, None, s(&bin));
    assert_refused(&run, 52, "bubblewrap, which is not installed");
    let run = h.run_with_path(
        r#""allowCommands": ["cat"], "osSandbox": false"#,
        &request,
        None,
        s(&bin),
    );
    assert_ran(&run, "secret\n");
    assert!(
        run.stderr.contains("\"osSandbox\": false"),
        "warned: {run:?}"
    );
}

#[test]
fn a_module_needing_host_functions_this_edgebox_lacks_is_refused_before_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let wasm = dir.path().join("newer.wasm");
    let module = r#"(module
        (import "edgebox" "teleport" (func $t (result i32)))
        (memory (export "memory") 1)
        (func (export "_start") (drop (call $t))))"#;
    fs::write(&wasm, wat::parse_str(module).unwrap()).unwrap();
    let run = edgebox(dir.path(), &[s(&wasm)], &[]);
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(run.stderr.contains("imports edgebox.teleport"), "{run:?}");
}

/// `text` as a JSON string literal.
fn serde_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn explain_policy_says_what_is_granted_and_warns_without_running() {
    let h = Host::new();
    let r = h.root();
    let policy = write_policy(
        h.policies.path(),
        "explain.json",
        &format!(
            r#"{{"dirs": [{{"path": "{}", "read": true, "execute": true}}, {{"path": "/", "read": true}}],
                 "commands": {{"git": ["status"]}}, "allowCommands": ["sh"]}}"#,
            s(&r.join("work"))
        ),
    );
    let spawn = guest("spawn", false);
    let request = r#"{"command": "touch ran.txt"}"#;
    let run = edgebox(
        &r.join("work"),
        &[
            "--config",
            s(&policy),
            "--explain-policy",
            s(&spawn),
            request,
        ],
        &[("PATH", PATH)],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    for part in [
        "read (list, read files), execute",
        "command git: runs only as `git status`",
        "inside bubblewrap",
        "warning: dirs[1] lets the app read the whole machine",
        "warning: `sh` is an allowed command",
    ] {
        assert!(run.stdout.contains(part), "{part:?}: {run:?}");
    }
    assert!(!r.join("work/ran.txt").exists(), "nothing ran");
}
