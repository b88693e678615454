//! The host control record of an edgeboxc module (`compiler/guest/c/edgebox_host_control.h`):
//! 24 bytes of linear memory, found through the exported global `edgebox_host_control`, that
//! edgebox reads and writes directly: the guest's ABI version, the interrupt flag QuickJS polls,
//! the JS heap limit of the run and where QuickJS counts down to its next poll.

use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::wamr::Instance;

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
    /// QuickJS's countdown to its next poll (None if the module gave no valid address).
    counter: Option<NonNull<u8>>,
}

// SAFETY: the only accesses from another thread are atomic stores of the interrupt flag and
// the poll countdown, into memory that lives as long as the instance, which outlives the
// watchdog (run.rs).
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
        // SAFETY: 16 valid, 8-aligned bytes of linear memory (checked by the shim and above);
        // nothing else runs in the instance yet.
        let found = unsafe { record.as_ptr().cast::<u32>().read() };
        if found != VERSION {
            return Err(ControlError::Version { found });
        }
        // SAFETY: as above.
        let counter_address = unsafe {
            record
                .as_ptr()
                .add(INTERRUPT_COUNTER_OFFSET)
                .cast::<u32>()
                .read()
        };
        let counter = (counter_address != 0 && counter_address % 4 == 0)
            .then(|| instance.memory(counter_address, 4))
            .flatten();
        Ok(Some(HostControl { record, counter }))
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
        if let Some(counter) = self.counter {
            // SAFETY: 4 valid, 4-aligned bytes of linear memory (checked in `of`).
            let counter = unsafe { AtomicU32::from_ptr(counter.as_ptr().cast()) };
            counter.store(0, Ordering::SeqCst);
        }
    }
}
