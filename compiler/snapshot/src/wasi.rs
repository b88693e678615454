//! The WASI the init sees at snapshot time: deterministic and closed. Clocks and randomness
//! return fixed values, there are no arguments, no environment variables and no preopened
//! directories, stdout/stderr are captured, `edgebox.stack_low` says no, and every other import
//! traps, naming itself.

use wasmi::{Caller, Error, Extern, Linker, Memory, Module};

/// The WASI module name the guest imports from.
pub const WASI: &str = "wasi_snapshot_preview1";

/// The module of EdgeBox's own host functions (edgebox provides them at run time).
pub const EDGEBOX: &str = "edgebox";

/// The name the instrumented module exports its memory under, for the host functions.
pub const MEMORY_EXPORT: &str = "__edgebox_snapshot_memory";

/// What every clock reads at snapshot time (ns): 2024-01-01T00:00:00Z.
pub const FIXED_TIME_NS: u64 = 1_704_067_200_000_000_000;

/// The resolution every clock reports at snapshot time (ns).
const FIXED_CLOCK_RES_NS: u64 = 1_000;

/// The functions this module implements; any other import traps when called.
pub const IMPLEMENTED: &[&str] = &[
    "args_get",
    "args_sizes_get",
    "environ_get",
    "environ_sizes_get",
    "clock_time_get",
    "clock_res_get",
    "random_get",
    "fd_write",
    "fd_fdstat_get",
    "fd_prestat_get",
    "fd_prestat_dir_name",
    "proc_exit",
];

const ERRNO_SUCCESS: i32 = 0;
const ERRNO_BADF: i32 = 8;
const ERRNO_FAULT: i32 = 21;
const FILETYPE_CHARACTER_DEVICE: u8 = 2;
/// `fd_read | fd_write | fd_fdstat_set_flags | fd_filestat_get | poll_fd_readwrite`.
const STDIO_RIGHTS: u64 = (1 << 1) | (1 << 6) | (1 << 3) | (1 << 21) | (1 << 27);

/// The host state of one snapshot run.
#[derive(Debug)]
pub struct Host {
    /// Everything the init wrote to fd 1.
    pub stdout: Vec<u8>,
    /// Everything the init wrote to fd 2.
    pub stderr: Vec<u8>,
    /// The first refused import the init called (`module.name`).
    pub refused: Option<String>,
    /// State of the fixed byte stream `random_get` returns (xorshift64).
    random_state: u64,
}

impl Default for Host {
    fn default() -> Host {
        Host {
            stdout: Vec::new(),
            stderr: Vec::new(),
            refused: None,
            random_state: 0x5eed_ed9e_b0c5_0001,
        }
    }
}

fn memory(caller: &Caller<'_, Host>) -> Result<Memory, Error> {
    caller
        .get_export(MEMORY_EXPORT)
        .and_then(Extern::into_memory)
        .ok_or_else(|| Error::new("the module has no memory for WASI calls"))
}

/// Writes `bytes` at `ptr`, or returns `false` when that is out of bounds.
fn write(caller: &mut Caller<'_, Host>, ptr: i32, bytes: &[u8]) -> Result<bool, Error> {
    let mem = memory(caller)?;
    Ok(mem.write(caller, ptr as u32 as usize, bytes).is_ok())
}

fn write_u32s(caller: &mut Caller<'_, Host>, values: &[(i32, u32)]) -> Result<i32, Error> {
    for (ptr, v) in values {
        if !write(caller, *ptr, &v.to_le_bytes())? {
            return Ok(ERRNO_FAULT);
        }
    }
    Ok(ERRNO_SUCCESS)
}

/// Defines every function import of `module`: the deterministic WASI subset above, and for
/// anything else a function that records the import as refused and traps.
pub fn define_imports(linker: &mut Linker<Host>, module: &Module) -> Result<(), Error> {
    linker.func_wrap(
        WASI,
        "args_sizes_get",
        |mut c: Caller<'_, Host>, n: i32, size: i32| write_u32s(&mut c, &[(n, 0), (size, 0)]),
    )?;
    linker.func_wrap(
        WASI,
        "environ_sizes_get",
        |mut c: Caller<'_, Host>, n: i32, size: i32| write_u32s(&mut c, &[(n, 0), (size, 0)]),
    )?;
    linker.func_wrap(WASI, "args_get", |_: Caller<'_, Host>, _: i32, _: i32| {
        ERRNO_SUCCESS
    })?;
    linker.func_wrap(
        WASI,
        "environ_get",
        |_: Caller<'_, Host>, _: i32, _: i32| ERRNO_SUCCESS,
    )?;
    linker.func_wrap(
        WASI,
        "clock_time_get",
        |mut c: Caller<'_, Host>, _id: i32, _precision: i64, out: i32| {
            Ok::<_, Error>(if write(&mut c, out, &FIXED_TIME_NS.to_le_bytes())? {
                ERRNO_SUCCESS
            } else {
                ERRNO_FAULT
            })
        },
    )?;
    linker.func_wrap(
        WASI,
        "clock_res_get",
        |mut c: Caller<'_, Host>, _id: i32, out: i32| {
            Ok::<_, Error>(if write(&mut c, out, &FIXED_CLOCK_RES_NS.to_le_bytes())? {
                ERRNO_SUCCESS
            } else {
                ERRNO_FAULT
            })
        },
    )?;
    linker.func_wrap(
        WASI,
        "random_get",
        |mut c: Caller<'_, Host>, buf: i32, len: i32| {
            let mut bytes = vec![0u8; len as u32 as usize];
            let state = &mut c.data_mut().random_state;
            for b in &mut bytes {
                *state ^= *state << 13;
                *state ^= *state >> 7;
                *state ^= *state << 17;
                *b = (*state >> 24) as u8;
            }
            Ok::<_, Error>(if write(&mut c, buf, &bytes)? {
                ERRNO_SUCCESS
            } else {
                ERRNO_FAULT
            })
        },
    )?;
    linker.func_wrap(
        WASI,
        "fd_write",
        |mut c: Caller<'_, Host>, fd: i32, iovs: i32, iovs_len: i32, nwritten: i32| {
            if fd != 1 && fd != 2 {
                return Ok(ERRNO_BADF);
            }
            let mem = memory(&c)?;
            let data = mem.data(&c);
            let mut text = Vec::new();
            for i in 0..iovs_len as u32 as usize {
                let at = iovs as u32 as usize + i * 8;
                let Some(iov) = data.get(at..at + 8) else {
                    return Ok(ERRNO_FAULT);
                };
                let ptr = u32::from_le_bytes(iov[..4].try_into().expect("4 bytes")) as usize;
                let len = u32::from_le_bytes(iov[4..].try_into().expect("4 bytes")) as usize;
                let Some(bytes) = data.get(ptr..ptr.saturating_add(len)) else {
                    return Ok(ERRNO_FAULT);
                };
                text.extend_from_slice(bytes);
            }
            let written = text.len() as u32;
            let host = c.data_mut();
            if fd == 1 {
                host.stdout.extend(text);
            } else {
                host.stderr.extend(text);
            }
            write_u32s(&mut c, &[(nwritten, written)])
        },
    )?;
    linker.func_wrap(
        WASI,
        "fd_fdstat_get",
        |mut c: Caller<'_, Host>, fd: i32, out: i32| {
            if !(0..=2).contains(&fd) {
                return Ok(ERRNO_BADF);
            }
            let mut stat = [0u8; 24];
            stat[0] = FILETYPE_CHARACTER_DEVICE;
            stat[8..16].copy_from_slice(&STDIO_RIGHTS.to_le_bytes());
            Ok::<_, Error>(if write(&mut c, out, &stat)? {
                ERRNO_SUCCESS
            } else {
                ERRNO_FAULT
            })
        },
    )?;
    // No directory is preopened at build time.
    linker.func_wrap(
        WASI,
        "fd_prestat_get",
        |_: Caller<'_, Host>, _: i32, _: i32| ERRNO_BADF,
    )?;
    linker.func_wrap(
        WASI,
        "fd_prestat_dir_name",
        |_: Caller<'_, Host>, _: i32, _: i32, _: i32| ERRNO_BADF,
    )?;
    linker.func_wrap(WASI, "proc_exit", |_: Caller<'_, Host>, code: i32| {
        Err::<(), _>(Error::i32_exit(code))
    })?;
    // The init recurses no deeper than wasmi's own limits allow: its stacks are never low.
    linker.func_wrap(EDGEBOX, "stack_low", |_: Caller<'_, Host>| 0i32)?;

    for import in module.imports() {
        if (import.module() == WASI && IMPLEMENTED.contains(&import.name()))
            || (import.module(), import.name()) == (EDGEBOX, "stack_low")
        {
            continue;
        }
        let Some(ty) = import.ty().func() else {
            // Non-function imports are refused before instantiation (see lib.rs).
            continue;
        };
        let name = format!("{}.{}", import.module(), import.name());
        linker.func_new(
            import.module(),
            import.name(),
            ty.clone(),
            move |mut c: Caller<'_, Host>, _, _| {
                c.data_mut().refused.get_or_insert_with(|| name.clone());
                Err(Error::new(format!("{name} is refused at snapshot time")))
            },
        )?;
    }
    Ok(())
}
