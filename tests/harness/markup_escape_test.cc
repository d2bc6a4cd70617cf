// markup_escape_test.cc - the one escape of the HTML view and the JUnit report (harness/markup_escape.h).
//
// Spec: issue 14 (HTML view), issue 10 (JUnit): kernel text reaches both, and
// must not open a tag, end an attribute or carry a character XML 1.0 forbids.
#include "harness/markup_escape.h"

#include <gtest/gtest.h>

namespace sf {
namespace {

TEST(MarkupEscape, EntitiesForTheFourMarkupCharacters) {
  EXPECT_EQ(markup_escape("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
  EXPECT_EQ(markup_escape("&amp;"), "&amp;amp;");  // escaped again: the text is text
}

TEST(MarkupEscape, ControlCharactersOutButTabAndNewline) {
  EXPECT_EQ(markup_escape(std::string("a\tb\nc\rd\x01" "e\x1f" "f\0g", 13)), "a\tb\ncdefg");
}

TEST(MarkupEscape, BytesOfUtf8Stay) {
  EXPECT_EQ(markup_escape("cpu\xc2\xb5s \xe2\x86\x92 7.3"), "cpu\xc2\xb5s \xe2\x86\x92 7.3");
  EXPECT_EQ(markup_escape(""), "");
}

}  // namespace
}  // namespace sf
