// markup_escape.h - text made safe for HTML and XML content and attribute values.
//
// Spec: issue 14 (the HTML view), issue 10 (the JUnit report). One escape for
// both views: the HTML page and the JUnit XML show the same kernel text
// (printk lines, signatures, repro strings).
#pragma once

#include <string>
#include <string_view>

namespace sf {

// &, <, > and " as entities; control characters other than tab and newline
// left out (XML 1.0 allows no others, and a page shows none).
std::string markup_escape(std::string_view s);

}  // namespace sf
