// printk_format.cc - kernel-style formatting for the shim (design §1).
#include "models/printk_format.h"

#include <cstdio>
#include <cstring>

namespace sf {
namespace {

struct Out {
  char* p;
  size_t cap;
  size_t len = 0;
  void put(char c) {
    if (len + 1 < cap) p[len] = c;
    ++len;
  }
  void puts(const char* s) {
    while (*s) put(*s++);
  }
};

void bitmap_list(Out& o, int nbits, const unsigned long* bits) {
  bool first = true;
  for (int i = 0; i < nbits;) {
    if (!((bits[i / 64] >> (i % 64)) & 1)) {
      ++i;
      continue;
    }
    int j = i;
    while (j + 1 < nbits && ((bits[(j + 1) / 64] >> ((j + 1) % 64)) & 1)) ++j;
    char buf[32];
    if (j == i)
      snprintf(buf, sizeof buf, "%s%d", first ? "" : ",", i);
    else
      snprintf(buf, sizeof buf, "%s%d-%d", first ? "" : ",", i, j);
    o.puts(buf);
    first = false;
    i = j + 1;
  }
}

}  // namespace

void format_printk(char* out, size_t cap, const char* fmt, va_list ap) {
  Out o{out, cap};
  if (fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '7' && fmt[2] == '>') fmt += 3;
  for (const char* f = fmt; *f; ++f) {
    if (*f != '%') {
      o.put(*f);
      continue;
    }
    ++f;
    if (*f == '%') {
      o.put('%');
      continue;
    }
    if (f[0] == '*' && f[1] == 'p' && f[2] == 'b') {
      int nbits = va_arg(ap, int);
      const unsigned long* bits = va_arg(ap, const unsigned long*);
      f += 2;
      if (f[1] == 'l') ++f;
      bitmap_list(o, nbits, bits);
      continue;
    }
    char spec[16] = "%";
    size_t n = 1;
    while (*f && strchr("0123456789-.", *f) && n < 8) spec[n++] = *f++;
    int longs = 0;
    while (*f == 'l' || *f == 'z') {
      ++longs;
      spec[n++] = *f == 'z' ? 'l' : 'l';
      ++f;
    }
    char buf[64];
    switch (*f) {
      case 'd':
      case 'i':
        spec[n++] = 'd';
        spec[n] = 0;
        if (longs >= 2)
          snprintf(buf, sizeof buf, spec, va_arg(ap, long long));
        else if (longs == 1)
          snprintf(buf, sizeof buf, spec, va_arg(ap, long));
        else
          snprintf(buf, sizeof buf, spec, va_arg(ap, int));
        o.puts(buf);
        break;
      case 'u':
      case 'x':
      case 'X':
        spec[n++] = *f;
        spec[n] = 0;
        if (longs >= 2)
          snprintf(buf, sizeof buf, spec, va_arg(ap, unsigned long long));
        else if (longs == 1)
          snprintf(buf, sizeof buf, spec, va_arg(ap, unsigned long));
        else
          snprintf(buf, sizeof buf, spec, va_arg(ap, unsigned));
        o.puts(buf);
        break;
      case 's': {
        const char* s = va_arg(ap, const char*);
        o.puts(s ? s : "(null)");
        break;
      }
      case 'c': o.put(static_cast<char>(va_arg(ap, int))); break;
      case 'p':
        // Pointers would make traces differ between runs: print a token.
        (void)va_arg(ap, void*);
        while (f[1] && strchr("SsBFfR", f[1])) ++f;
        o.puts("(ptr)");
        break;
      default:
        o.put('%');
        if (*f)
          o.put(*f);
        else
          --f;
        break;
    }
  }
  if (cap) out[o.len < cap ? o.len : cap - 1] = 0;
}

}  // namespace sf
