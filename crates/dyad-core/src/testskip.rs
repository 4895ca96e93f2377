//! Recording skipped tests where CI shows them.
//!
//! A test that cannot run (its data in `../shared/data` is absent, an optional
//! tool is missing) calls [`skip`]: the reason is printed (on stdout and
//! stderr, which the test harness shows with `--nocapture` or on failure) and
//! appended as one line to `target/test-skips.txt`, which `.ci/run` empties
//! before `cargo test` and prints at the end, so a reader of CI sees what did
//! not run and why. Used by the workspace's tests only.

use std::io::Write;
use std::path::PathBuf;

/// The file skips are appended to: `test-skips.txt` in the cargo target
/// directory (`$CARGO_TARGET_DIR`, else found from the running test binary,
/// which lives in `TARGET/PROFILE/deps/`). `None` when neither is known.
pub fn skips_file() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(d).join("test-skips.txt"));
    }
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?;
    let target = if deps.file_name()? == "deps" { deps.parent()?.parent()? } else { deps.parent()? };
    Some(target.join("test-skips.txt"))
}

/// Report that `test` (a test or part of one) did not run because of
/// `reason`: prints `skipped: TEST: REASON` and appends that line to
/// [`skips_file`]. Never fails (a file that cannot be written is ignored).
pub fn skip(test: &str, reason: &str) {
    let line = format!("skipped: {test}: {reason}");
    println!("{line}");
    eprintln!("{line}");
    if let Some(p) = skips_file() {
        if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(&p) {
            // one write per line, so parallel tests do not interleave
            let _ = f.write_all(format!("{line}\n").as_bytes());
        }
    }
}
