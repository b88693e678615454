/*
 * The seam between an EdgeBox module and the host that runs it (edgebox): a record in linear
 * memory that the host finds through the exported global `edgebox_host_control` (its address)
 * and reads and writes directly, without a host call. runtime-min/src/control.rs mirrors it.
 *
 * Layout fixed: 24 bytes, 8-aligned.
 *   0  abi_version     EDGEBOX_HOST_CONTROL_VERSION, set by the module; the host refuses others.
 *   4  interrupt       0; the host sets it to 1 when a run limit (wall or CPU time) is reached.
 *                      QuickJS's interrupt handler reads it, so interpreted and frozen JS stop at
 *                      their next poll with an uncatchable error, and the module exits with
 *                      EDGEBOX_EXIT_INTERRUPTED after flushing its output.
 *   8  max_heap_bytes  0, or QuickJS's memory limit for the run, written by the host before
 *                      `_start`.
 *  16  interrupt_counter  the address of the context's countdown to its next interrupt poll
 *                      (JS_GetInterruptCounter), set by the module: with `interrupt` the host
 *                      stores 0 there, so that JS which runs only short callbacks (timers, promise
 *                      jobs) polls at its next call instead of up to 10,000 calls later.
 *  20  reserved        0.
 */
#ifndef EDGEBOX_HOST_CONTROL_H
#define EDGEBOX_HOST_CONTROL_H

#include <stdint.h>

#define EDGEBOX_HOST_CONTROL_VERSION 1u

/* The exit code of a module that stopped because `interrupt` was set. */
#define EDGEBOX_EXIT_INTERRUPTED 124

typedef struct EdgeboxHostControl {
    uint32_t abi_version;
    volatile uint32_t interrupt;
    uint64_t max_heap_bytes;
    uint32_t interrupt_counter;
    uint32_t reserved;
} EdgeboxHostControl;

_Static_assert(sizeof(EdgeboxHostControl) == 24, "EdgeboxHostControl is 24 bytes");
_Static_assert(_Alignof(EdgeboxHostControl) == 8, "EdgeboxHostControl is 8-aligned");

#endif /* EDGEBOX_HOST_CONTROL_H */
