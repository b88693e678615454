//! Links an engine unit and an app unit (`edgebox_aot::Functions::Range`) into one `.aot`, or
//! with one argument prints a file's layout:
//!
//! ```text
//! cargo run -p edgebox-aot-file --example aotlink -- engine.aot app.aot out.aot
//! cargo run -p edgebox-aot-file --example aotlink -- file.aot
//! ```

use std::process::ExitCode;

use edgebox_aot_file::{link, AotFile};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("aotlink: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let read = |path: &String| std::fs::read(path).map_err(|e| format!("{path}: {e}"));
    match args {
        [file] => {
            let bytes = read(file)?;
            let aot = AotFile::parse(&bytes).map_err(|e| format!("{file}: {e}"))?;
            println!("functions: {}", aot.init_data.func_count);
            println!("module description: {} bytes", aot.init_data.module.len());
            for section in &aot.init_data.data_sections {
                println!(
                    "data section {}: {} bytes",
                    section.name,
                    section.data.len()
                );
            }
            println!("code: {} bytes", aot.text.len());
            println!("symbols: {}", aot.relocations.symbols.len());
            for group in &aot.relocations.groups {
                println!(
                    "group {}: {} relocations",
                    group.name,
                    group.relocations.len()
                );
            }
            for (kind, body) in &aot.custom_sections {
                println!("custom section kind {kind}: {} bytes", body.len());
            }
            Ok(())
        }
        [engine, app, out] => {
            let (engine_bytes, app_bytes) = (read(engine)?, read(app)?);
            let mut engine_unit =
                AotFile::parse(&engine_bytes).map_err(|e| format!("{engine}: {e}"))?;
            if let Ok(k) = std::env::var("PROTO_K") {
                let k: usize = k.parse().unwrap();
                engine_unit.init_data.func_count = k as u32;
                engine_unit.function_offsets.truncate(k);
            }
            let app_unit = AotFile::parse(&app_bytes).map_err(|e| format!("{app}: {e}"))?;
            let linked = link(&engine_unit, &app_unit).map_err(|e| e.to_string())?;
            std::fs::write(out, linked).map_err(|e| format!("{out}: {e}"))
        }
        _ => Err("usage: aotlink engine.aot app.aot out.aot | aotlink file.aot".into()),
    }
}
