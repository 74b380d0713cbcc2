/* trona/backend_target/crt0.S — process entry of a target-built program.
 *
 * The loader (kernel-abi.md §1.5) starts the thread with argc at [rsp],
 * then argv..., NULL, envp..., NULL, auxv pairs, AT_NULL. _start clears the
 * frame pointer, passes that stack pointer to trona_target_start (start.cpp)
 * with the stack 16-byte aligned per the SysV ABI, and never returns. */
    .text
    .globl _start
    .type _start, @function
_start:
    xor %ebp, %ebp
    mov %rsp, %rdi
    and $-16, %rsp
    call trona_target_start
    ud2
    .size _start, . - _start

/* trona_thread_entry — start of a thread created at trona::entry_point(fn,
 * arg) (trona/code.h): the stack holds {arg, fn}. Calls fn(arg) with the
 * stack aligned, then trona_thread_return (code.cpp: THREAD_EXIT). */
    .globl trona_thread_entry
    .type trona_thread_entry, @function
trona_thread_entry:
    pop %rdi
    pop %rax
    xor %ebp, %ebp
    and $-16, %rsp
    call *%rax
    call trona_thread_return
    ud2
    .size trona_thread_entry, . - trona_thread_entry

    .section .note.GNU-stack, "", @progbits
