//! `useKeychain` against a real Secret Service: gnome-keyring-daemon in a private D-Bus session
//! (dbus-run-session), a secret stored with secret-tool, read by edgebox into the one variable
//! the policy names. Without secret-tool, or without the secret, the run fails before the app
//! starts, saying why.

use std::path::Path;
use std::process::Command;

use edgebox_e2e::{binary, build, repo_root, text};

fn built(out: &Path) -> std::path::PathBuf {
    let program = repo_root().join("tests/net/keychain.js");
    let result = build(&program, out, &[]);
    assert!(result.status.success(), "build: {}", text(&result.stderr));
    out.join("keychain.aot")
}

/// A session bus that starts no service on demand. With the standard session configuration, the
/// first Secret Service call made before our unlocked daemon owns its name activates a second,
/// locked gnome-keyring-daemon, and storing then fails ("Cannot create an item in a locked
/// collection"). Here the only Secret Service is the one the test starts.
const SESSION_BUS_WITHOUT_ACTIVATION: &str = r#"<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

/// Runs `script` (bash) in a new D-Bus session with an unlocked keyring, HOME a new folder.
fn in_keyring_session(script: &str, vars: &[(&str, &Path)]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    let bus_config = home.path().join("session-bus.conf");
    std::fs::write(&bus_config, SESSION_BUS_WITHOUT_ACTIVATION).unwrap();
    let setup = "printf 'test-password' | gnome-keyring-daemon --unlock --components=secrets \
                 --replace >/dev/null 2>&1 &\n\
                 for i in $(seq 50); do secret-tool search --all x y >/dev/null 2>&1 && break; \
                 sleep 0.1; done\n";
    let mut command = Command::new("dbus-run-session");
    command
        .arg(format!("--config-file={}", bus_config.display()))
        .arg("--")
        .arg("bash")
        .arg("-c")
        .arg(format!("set -e\n{setup}{script}"))
        .env("HOME", home.path())
        .env("EDGEBOX", binary("edgebox"));
    for (name, path) in vars {
        command.env(name, path);
    }
    command
        .output()
        .expect("dbus-run-session runs (scripts/setup.sh installs dbus)")
}

#[test]
fn a_keychain_secret_reaches_the_app_only_as_its_variable() {
    let out = tempfile::tempdir().unwrap();
    let aot = built(out.path());
    let policy = out.path().join("policy.json");
    std::fs::write(
        &policy,
        r#"{"useKeychain": {"API_TOKEN": {"service": "edgebox-test", "account": "ci"}},
            "env": ["VISIBLE"]}"#,
    )
    .unwrap();
    let stdout = out.path().join("stdout.txt");
    let ran = in_keyring_session(
        "printf 's3cret value' | secret-tool store --label=edgebox-test service edgebox-test account ci\n\
         VISIBLE=yes HIDDEN=no \"$EDGEBOX\" --config \"$POLICY\" \"$APP\" > \"$OUT\"",
        &[("POLICY", &policy), ("APP", &aot), ("OUT", &stdout)],
    );
    assert!(ran.status.success(), "{}", text(&ran.stderr));
    // The app's own stdout (the session's carries what the keyring daemon prints).
    let seen = std::fs::read_to_string(&stdout).unwrap();
    assert_eq!(seen, "API_TOKEN=s3cret value\nVISIBLE=yes\n");
    assert!(
        !text(&ran.stderr).contains("s3cret"),
        "{}",
        text(&ran.stderr)
    );
}

#[test]
fn a_missing_secret_or_keychain_stops_the_run_before_the_app() {
    let out = tempfile::tempdir().unwrap();
    let aot = built(out.path());
    let policy = out.path().join("policy.json");
    std::fs::write(
        &policy,
        r#"{"useKeychain": {"API_TOKEN": {"service": "edgebox-test", "account": "nobody"}}}"#,
    )
    .unwrap();
    let stdout = out.path().join("stdout.txt");
    let ran = in_keyring_session(
        "code=0; \"$EDGEBOX\" --config \"$POLICY\" \"$APP\" > \"$OUT\" || code=$?; exit $code",
        &[("POLICY", &policy), ("APP", &aot), ("OUT", &stdout)],
    );
    assert_eq!(ran.status.code(), Some(4), "{}", text(&ran.stderr));
    assert_eq!(std::fs::read_to_string(&stdout).unwrap(), "");
    assert!(
        text(&ran.stderr).contains(
            "edgebox: useKeychain.API_TOKEN: the Secret Service has no secret with service=edgebox-test account=nobody"
        ),
        "{}",
        text(&ran.stderr)
    );
    let empty = tempfile::tempdir().unwrap();
    let ran = Command::new(binary("edgebox"))
        .env_clear()
        .env("PATH", empty.path())
        .arg("--config")
        .arg(&policy)
        .arg(&aot)
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(4));
    assert!(ran.stdout.is_empty());
    assert!(
        text(&ran.stderr).contains("useKeychain: no keychain is available here"),
        "{}",
        text(&ran.stderr)
    );
}
