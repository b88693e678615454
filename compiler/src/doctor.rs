//! `edgeboxc doctor`: checks every tool and library the pipeline calls and names the command that
//! installs whatever is missing.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use edgebox_vendor::Component;

/// Where the pipeline expects its toolchain. [`Toolchain::debian`] is the layout of Debian 12's
/// packages (what scripts/setup.sh installs).
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// wasi-libc's headers for wasm32-wasi.
    pub wasi_include: PathBuf,
    /// wasi-libc's libraries for wasm32-wasi.
    pub wasi_lib: PathBuf,
    /// compiler-rt builtins for wasm32.
    pub wasm_builtins: PathBuf,
    /// LLVM 19's CMake package (the WAMR AOT compiler builds against it).
    pub llvm_cmake_dir: PathBuf,
}

impl Toolchain {
    /// Debian 12 package layout.
    pub fn debian() -> Toolchain {
        Toolchain {
            wasi_include: "/usr/include/wasm32-wasi".into(),
            wasi_lib: "/usr/lib/wasm32-wasi".into(),
            wasm_builtins: "/usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a"
                .into(),
            llvm_cmake_dir: "/usr/lib/llvm-19/lib/cmake/llvm".into(),
        }
    }
}

/// Outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// What was checked.
    pub name: String,
    /// `Ok(detail)` or `Err(problem)`; `None` when skipped because a prerequisite is missing.
    pub result: Option<Result<String, String>>,
    /// The command that fixes a failure.
    pub fix: String,
}

/// All outcomes, in check order.
#[derive(Debug, Clone)]
pub struct Report {
    /// One entry per check.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// True when nothing is missing.
    pub fn all_ok(&self) -> bool {
        self.outcomes
            .iter()
            .all(|o| !matches!(o.result, Some(Err(_))))
    }
}

/// A program on PATH: (program, version flag, text its version output must contain, package).
const PROGRAMS: &[(&str, &str, &str, &str)] = &[
    ("clang-19", "--version", "version 19", "clang-19"),
    ("wasm-ld-19", "--version", "LLD 19", "lld-19"),
    ("llvm-ar-19", "--version", "version 19", "llvm-19"),
    ("llvm-config-19", "--version", "19.", "llvm-19"),
    ("cmake", "--version", "cmake version", "cmake"),
    ("make", "--version", "GNU Make", "make"),
    ("cc", "--version", "", "gcc"),
    ("c++", "--version", "", "g++"),
];

/// Runs every check.
pub fn run(toolchain: &Toolchain) -> Report {
    let mut outcomes = Vec::new();
    for &(program, flag, expect, package) in PROGRAMS {
        outcomes.push(Outcome {
            name: program.to_string(),
            result: Some(check_program(program, flag, expect)),
            fix: apt_install(package),
        });
    }
    let files: [(&str, PathBuf, &str); 4] = [
        (
            "wasi-libc headers",
            toolchain.wasi_include.join("stdio.h"),
            "wasi-libc",
        ),
        (
            "wasi-libc libraries",
            toolchain.wasi_lib.join("libc.a"),
            "wasi-libc",
        ),
        (
            "compiler-rt for wasm32",
            toolchain.wasm_builtins.clone(),
            "libclang-rt-19-dev-wasm32",
        ),
        (
            "LLVM 19 CMake package",
            toolchain.llvm_cmake_dir.join("LLVMConfig.cmake"),
            "llvm-19-dev",
        ),
    ];
    for (name, path, package) in files {
        outcomes.push(Outcome {
            name: name.to_string(),
            result: Some(check_file(&path)),
            fix: apt_install(package),
        });
    }
    for component in Component::ALL {
        let (package, version) = component.package();
        outcomes.push(Outcome {
            name: format!("{} {} sources", component.key(), component.version()),
            result: Some(check_file(component.source_dir())),
            fix: format!("cargo fetch   # downloads {package} {version} from crates.io"),
        });
    }
    let prerequisites_ok = outcomes
        .iter()
        .filter(|o| {
            ["clang-19", "wasm-ld-19"].contains(&o.name.as_str())
                || o.name.starts_with("wasi-libc")
                || o.name.starts_with("compiler-rt")
        })
        .all(|o| matches!(o.result, Some(Ok(_))));
    outcomes.push(Outcome {
        name: "wasm32-wasi compile + link".into(),
        result: prerequisites_ok.then(check_wasm_link),
        fix: "scripts/setup.sh".into(),
    });
    Report { outcomes }
}

fn apt_install(package: &str) -> String {
    let root =
        std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0);
    let sudo = if root.unwrap_or(false) { "" } else { "sudo " };
    format!("{sudo}apt-get install -y {package}")
}

fn check_program(program: &str, flag: &str, expect: &str) -> Result<String, String> {
    let path = which::which(program).map_err(|_| "not found on PATH".to_string())?;
    let output = Command::new(&path)
        .arg(flag)
        .output()
        .map_err(|e| format!("{} does not run: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let first_line = text.lines().next().unwrap_or("").trim().to_string();
    if !output.status.success() || !text.contains(expect) {
        return Err(format!(
            "{} {flag} printed {first_line:?}; expected {expect:?}",
            path.display()
        ));
    }
    Ok(format!("{first_line} ({})", path.display()))
}

fn check_file(path: &Path) -> Result<String, String> {
    if path.exists() {
        Ok(path.display().to_string())
    } else {
        Err(format!("{} is missing", path.display()))
    }
}

/// Compiles and links a tiny C program for wasm32-wasi: proves the pieces work together.
fn check_wasm_link() -> Result<String, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("cannot create a temp dir: {e}"))?;
    let source = dir.path().join("probe.c");
    let wasm = dir.path().join("probe.wasm");
    std::fs::write(
        &source,
        "#include <stdio.h>\nint main(void) { puts(\"ok\"); return 0; }\n",
    )
    .map_err(|e| format!("cannot write {}: {e}", source.display()))?;
    let output = Command::new("clang-19")
        .args(["--target=wasm32-wasi", "-O2", "-fuse-ld=lld", "-o"])
        .arg(&wasm)
        .arg(&source)
        .output()
        .map_err(|e| format!("clang-19 does not run: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "clang-19 --target=wasm32-wasi failed: {}",
            stderr.trim()
        ));
    }
    let bytes = std::fs::read(&wasm).map_err(|e| format!("no output: {e}"))?;
    if !bytes.starts_with(b"\0asm") {
        return Err("clang-19 wrote something that is not a wasm module".into());
    }
    Ok(format!("hello.c -> {} byte module", bytes.len()))
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "edgeboxc doctor: checking the toolchain")?;
        for outcome in &self.outcomes {
            match &outcome.result {
                Some(Ok(detail)) => writeln!(f, "  ok       {:<28} {detail}", outcome.name)?,
                None => writeln!(
                    f,
                    "  skipped  {:<28} needs the missing tools above",
                    outcome.name
                )?,
                Some(Err(problem)) => {
                    writeln!(f, "  MISSING  {:<28} {problem}", outcome.name)?;
                    writeln!(f, "           fix: {}", outcome.fix)?;
                }
            }
        }
        let problems = self
            .outcomes
            .iter()
            .filter(|o| matches!(o.result, Some(Err(_))))
            .count();
        if problems == 0 {
            writeln!(f, "all {} checks passed", self.outcomes.len())
        } else {
            writeln!(
                f,
                "{problems} problem{} found: run the fix commands above, or scripts/setup.sh for everything",
                if problems == 1 { "" } else { "s" }
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_library_names_its_package() {
        let mut toolchain = Toolchain::debian();
        toolchain.wasi_include = "/nonexistent/wasm32-wasi".into();
        let report = run(&toolchain);
        assert!(!report.all_ok());
        let headers = report
            .outcomes
            .iter()
            .find(|o| o.name == "wasi-libc headers")
            .unwrap();
        assert_eq!(
            headers.result,
            Some(Err("/nonexistent/wasm32-wasi/stdio.h is missing".into()))
        );
        assert!(headers.fix.ends_with("apt-get install -y wasi-libc"));
        let text = report.to_string();
        assert!(text.contains("MISSING  wasi-libc headers"), "{text}");
        assert!(
            text.contains("skipped"),
            "link check must not run without headers: {text}"
        );
    }
}
