//! Source-mapped stack traces against Node: fixtures/traces throws and traces across its own
//! files (two folders down, an ES module) and a package in node_modules; under node (run here,
//! the oracle) and built by edgeboxc (.wasm and .aot), every frame in the app's code must name
//! the same file and line, in the same order, in `err.stack`, `console.trace` and the uncaught
//! error, and the uncaught error's code frame must show the same file, line and text. Columns
//! are QuickJS's (it marks a call's last argument where V8 marks the callee), so they are not
//! compared with node's; tests/positions.rs in edgebox-bytecode checks them.

use std::path::Path;
use std::process::Command;

use edgebox_e2e::{build, edgebox, fixture, text};

/// `(file relative to the app, line)` of every frame in `output` that is in one of the app's
/// files (node writes an anonymous function's frame without parentheses, QuickJS as
/// `<anonymous> (...)`; the names differ where V8 infers one, e.g. `exports.parse`).
fn app_frames(output: &str, app: &Path) -> Vec<(String, u32)> {
    let app = format!("{}/", app.display());
    output
        .lines()
        .filter_map(|line| {
            let frame = line.trim().strip_prefix("at ")?;
            let place = match frame.split_once(" (") {
                Some((_, place)) => place.strip_suffix(')')?,
                None => frame,
            };
            let place = place.strip_prefix("file://").unwrap_or(place);
            let (file, line_column) = place.strip_prefix(&app)?.split_once(':')?;
            let (line, _column) = line_column.split_once(':')?;
            Some((file.to_string(), line.parse().ok()?))
        })
        .collect()
}

/// The code frame of an uncaught error as Node prints it (`file:line`, the line, a caret, a
/// blank line, then the error): all but the caret's column (QuickJS's, see above).
fn code_frame(stderr: &str) -> Option<(String, String, String)> {
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines.iter().position(|l| {
        l.starts_with('/')
            && l.rsplit(':')
                .next()
                .is_some_and(|n| n.parse::<u32>().is_ok())
    })?;
    let caret = lines.get(at + 2)?;
    assert!(
        caret.trim_start() == "^" && lines.get(at + 3) == Some(&""),
        "{stderr}"
    );
    Some((
        lines[at].to_string(),
        lines.get(at + 1)?.to_string(),
        lines.get(at + 4)?.to_string(),
    ))
}

#[test]
fn stack_traces_name_the_apps_files_and_lines_as_node_does() {
    let app = fixture("traces").canonicalize().unwrap();
    let node = Command::new("node")
        .arg("main.js")
        .current_dir(&app)
        .env_clear()
        .output()
        .expect("node runs (scripts/setup.sh installs it)");
    let node_output = text(&node.stdout) + &text(&node.stderr);
    let expected = app_frames(&node_output, &app);
    // The frames the program goes through: a caught error, a package's, console.trace, an ES
    // module's, and the uncaught error.
    assert_eq!(expected.len(), 17, "{node_output}");
    assert!(code_frame(&text(&node.stderr)).is_some(), "{node_output}");

    let out = tempfile::tempdir().unwrap();
    build(&app, out.path(), &[]);
    for ext in ["wasm", "aot"] {
        let ran = edgebox(&[])
            .arg(out.path().join(format!("traces.{ext}")))
            .output()
            .unwrap();
        let output = text(&ran.stdout) + &text(&ran.stderr);
        assert_eq!(ran.status.code(), node.status.code(), "{ext}: {output}");
        assert_eq!(app_frames(&output, &app), expected, "{ext}:\n{output}");
        assert_eq!(
            code_frame(&text(&ran.stderr)),
            code_frame(&text(&node.stderr)),
            "{ext}:\n{output}"
        );
        assert!(
            !output.contains("traces.js:"),
            "{ext}: a frame names the bundle:\n{output}"
        );
    }
}
