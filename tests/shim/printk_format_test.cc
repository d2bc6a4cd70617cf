// printk_format_test.cc - the shim's vsnprintf for the formats the stop path uses.
//
// Spec: design.md §1 ("a small printk formatter for %*pbl"), §8.2 (no
// pointer values in traces); models/printk_format.h (contract).
#include <gtest/gtest.h>

#include <cstdarg>
#include <string>

#include "models/printk_format.h"

namespace sf {
namespace {

std::string fmt(size_t cap, const char* f, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, f);
  format_printk(buf, cap, f, ap);
  va_end(ap);
  return buf;
}
std::string fmt(const char* f, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, f);
  format_printk(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

TEST(PrintkFormat, BitmapListRanges) {
  unsigned long bits[1] = {0b101110};
  EXPECT_EQ(fmt("CPUs %*pbl", 8, bits), "CPUs 1-3,5");
  unsigned long one[1] = {0b1};
  EXPECT_EQ(fmt("%*pbl", 8, one), "0");
  unsigned long none[1] = {0};
  EXPECT_EQ(fmt("[%*pbl]", 8, none), "[]");
  unsigned long all[1] = {0xff};
  EXPECT_EQ(fmt("%*pbl", 8, all), "0-7");
  // nbits bounds the list: bit 9 is outside an 8-bit mask.
  unsigned long wide[1] = {0x201};
  EXPECT_EQ(fmt("%*pbl", 8, wide), "0");
  unsigned long two_words[2] = {1UL << 63, 1};
  EXPECT_EQ(fmt("%*pbl", 128, two_words), "63-64");
}

TEST(PrintkFormat, IntegersAndStrings) {
  EXPECT_EQ(fmt("CPU%d: %u %x %s", -3, 7u, 255u, "ok"), "CPU-3: 7 ff ok");
  EXPECT_EQ(fmt("%ld %lu %lx", -5L, 6UL, 0xabUL), "-5 6 ab");
  EXPECT_EQ(fmt("%lld %llu", -1LL, 2ULL), "-1 2");
  EXPECT_EQ(fmt("%i%%", 50), "50%");
  EXPECT_EQ(fmt("%c%c", 'o', 'k'), "ok");
  EXPECT_EQ(fmt("%s", static_cast<const char*>(nullptr)), "(null)");
  EXPECT_EQ(fmt("%4d|%-3d|%02x", 5, 6, 7u), "   5|6  |07");
}

TEST(PrintkFormat, PointersPrintATokenNotAnAddress) {
  int x;
  EXPECT_EQ(fmt("at %p", static_cast<void*>(&x)), "at (ptr)");
  EXPECT_EQ(fmt("%pS.", static_cast<void*>(&x)), "(ptr).");
}

TEST(PrintkFormat, KernLevelPrefixStripped) {
  EXPECT_EQ(fmt("<2>SMP: stopping secondary CPUs\n"), "SMP: stopping secondary CPUs\n");
  EXPECT_EQ(fmt("<6>%d", 1), "1");
  EXPECT_EQ(fmt("<8>x"), "<8>x") << "only levels 0-7 are prefixes";
  EXPECT_EQ(fmt("a<2>b"), "a<2>b") << "only a leading prefix is stripped";
}

TEST(PrintkFormat, TruncatesAndAlwaysTerminates) {
  EXPECT_EQ(fmt(6, "%s", "stopping"), "stopp");
  EXPECT_EQ(fmt(1, "%d", 12345), "");
  unsigned long bits[1] = {0b1010101};
  EXPECT_EQ(fmt(5, "%*pbl", 8, bits), "0,2,");
  EXPECT_EQ(fmt(4, "<4>abcdef"), "abc");
}

}  // namespace
}  // namespace sf
