// printk_format.h - the shim's vsnprintf: the kernel's formats the stop path uses.
//
// Spec: design.md §1 ("a small printk formatter for %*pbl"). Writes into a
// caller buffer (no heap: it runs on CPU stacks, see machine.h contract).
#pragma once

#include <cstdarg>
#include <cstddef>

namespace sf {

// Formats like the kernel's vsnprintf for %d %i %u %x %ld %lu %lx %lld %llu
// %llx %s %c %p %% and %*pbl (a bitmap as a range list: "1-3,5"). Strips a
// leading KERN_<LEVEL> "<n>" prefix. Always NUL-terminates; truncates.
void format_printk(char* out, size_t cap, const char* fmt, va_list ap);

}  // namespace sf
