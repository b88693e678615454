//! `useKeychain`: secrets read from the Secret Service (the freedesktop keyring: GNOME Keyring,
//! KWallet) through libsecret's `secret-tool`, before the app starts. Each secret reaches the
//! guest only as the environment variable the policy names; edgebox never prints it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why a secret could not be read.
#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    /// No Secret Service client on this machine.
    #[error(
        "useKeychain: no keychain is available here: edgebox reads the Secret Service through \
         secret-tool, which is not on PATH (Debian: apt-get install libsecret-tools)"
    )]
    NoClient,
    /// The lookup failed (no service running, locked, no such item).
    #[error("useKeychain.{var}: {message}")]
    Lookup {
        /// The variable the secret was for.
        var: String,
        /// What secret-tool said, or that nothing matched.
        message: String,
    },
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Looks up every entry (variable, attributes) of the policy's `useKeychain`: the variables
/// with their secrets.
pub(crate) fn secrets(
    entries: &[(String, Vec<(String, String)>)],
) -> Result<Vec<(String, String)>, KeychainError> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let tool = find_on_path("secret-tool").ok_or(KeychainError::NoClient)?;
    entries
        .iter()
        .map(|(var, attributes)| {
            let lookup_error = |message: String| KeychainError::Lookup {
                var: var.clone(),
                message,
            };
            let mut command = Command::new(&tool);
            command.arg("lookup");
            for (key, value) in attributes {
                command.arg(key).arg(value);
            }
            let output = command
                .stdin(Stdio::null())
                .output()
                .map_err(|e| lookup_error(format!("cannot run {}: {e}", tool.display())))?;
            let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
            if !output.status.success() || output.stdout.is_empty() {
                let wanted: Vec<String> =
                    attributes.iter().map(|(k, v)| format!("{k}={v}")).collect();
                return Err(lookup_error(match said.is_empty() {
                    true => format!("the Secret Service has no secret with {}", wanted.join(" ")),
                    false => format!("secret-tool lookup {}: {said}", wanted.join(" ")),
                }));
            }
            let secret = String::from_utf8(output.stdout)
                .map_err(|_| lookup_error("the secret is not UTF-8 text".into()))?;
            Ok((var.clone(), secret))
        })
        .collect()
}
