//! The host control record of an edgeboxc module (`compiler/guest/c/edgebox_host_control.h`):
//! 24 bytes of linear memory, found through the exported global `edgebox_host_control`, that
//! edgebox reads and writes directly: the guest's ABI version, the interrupt flag QuickJS polls,
//! the JS heap limit of the run and where QuickJS counts down to its next poll.

use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::wamr::{Instance, MemoryProbe};

/// The export holding the record's address.
pub(crate) const EXPORT: &str = "edgebox_host_control";
/// `EDGEBOX_HOST_CONTROL_VERSION`.
pub(crate) const VERSION: u32 = 1;
const SIZE: u32 = 24;
const INTERRUPT_OFFSET: usize = 4;
const MAX_HEAP_BYTES_OFFSET: usize = 8;
const INTERRUPT_COUNTER_OFFSET: usize = 16;

/// The record of one instance.
#[derive(Clone, Copy)]
pub(crate) struct HostControl {
    record: NonNull<u8>,
    /// Linear memory: its base (it only grows and never moves, so an address below its size
    /// stays valid) and a probe of that size.
    memory: NonNull<u8>,
    memory_size: MemoryProbe,
}

// SAFETY: the only accesses from another thread are atomic loads and stores of the record and
// of the poll countdown, into linear memory, which edgebox never frees (run.rs leaks the
// instance); the watchdog touches them only while the app runs (watchdog.rs).
unsafe impl Send for HostControl {}

/// Why a module's record cannot be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ControlError {
    /// The record speaks another ABI version.
    #[error(
        "was built for host control ABI version {found}, and this edgebox speaks version \
         {VERSION}: rebuild it with the edgeboxc of this edgebox"
    )]
    Version {
        /// The module's version.
        found: u32,
    },
    /// The record's address is not 8-aligned.
    #[error("its `{EXPORT}` record is misaligned: rebuild it with edgeboxc")]
    Misaligned,
}

impl HostControl {
    /// The record of `instance`: None for a module without one (not built by edgeboxc).
    pub(crate) fn of(instance: &Instance<'_>) -> Result<Option<HostControl>, ControlError> {
        let Some(record) = instance.export_global_memory(EXPORT, SIZE) else {
            return Ok(None);
        };
        if record.as_ptr().align_offset(8) != 0 {
            return Err(ControlError::Misaligned);
        }
        // SAFETY: 24 valid, 8-aligned bytes of linear memory (checked by the shim and above);
        // nothing else runs in the instance yet.
        let found = unsafe { record.as_ptr().cast::<u32>().read() };
        if found != VERSION {
            return Err(ControlError::Version { found });
        }
        let Some((memory, memory_size)) = instance.memory() else {
            return Ok(None);
        };
        Ok(Some(HostControl {
            record,
            memory,
            memory_size,
        }))
    }

    /// QuickJS's countdown to its next poll, if the module has set its address (a snapshot at
    /// build time; `main` otherwise, maybe in memory grown since `_start`: so the address and
    /// the size are read anew each time) and it lies in memory.
    fn counter(&self) -> Option<&AtomicU32> {
        // SAFETY: a 4-aligned u32 inside the record; the guest writes it once, at init.
        let address = unsafe {
            AtomicU32::from_ptr(self.record.as_ptr().add(INTERRUPT_COUNTER_OFFSET).cast())
        }
        .load(Ordering::SeqCst);
        let fits = u64::from(address) + 4 <= self.memory_size.size();
        (address != 0 && address % 4 == 0 && fits).then(|| {
            // SAFETY: 4 aligned bytes inside linear memory, which does not shrink.
            unsafe { AtomicU32::from_ptr(self.memory.as_ptr().add(address as usize).cast()) }
        })
    }

    /// Sets QuickJS's memory limit for the run (call before `_start`).
    pub(crate) fn set_max_heap_bytes(&self, bytes: u64) {
        // SAFETY: inside the record (see `of`); the guest does not run yet.
        unsafe {
            self.record
                .as_ptr()
                .add(MAX_HEAP_BYTES_OFFSET)
                .cast::<u64>()
                .write(bytes)
        }
    }

    /// Asks the running JS to stop (any thread): raises the flag and makes QuickJS poll it at
    /// its next call or back edge. Call it again to make sure: the guest may overwrite the
    /// countdown with its own decrement of the value it read before.
    pub(crate) fn interrupt(&self) {
        // SAFETY: a 4-aligned u32 inside the record; the guest reads it as a volatile u32.
        let flag =
            unsafe { AtomicU32::from_ptr(self.record.as_ptr().add(INTERRUPT_OFFSET).cast()) };
        flag.store(1, Ordering::SeqCst);
        if let Some(counter) = self.counter() {
            counter.store(0, Ordering::SeqCst);
        }
    }
}
