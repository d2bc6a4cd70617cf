// check_report.h - the outputs of `stopfuzz check`: the text summary, JUnit XML and SARIF 2.1.0.
//
// Spec: issue 10 ("outputs a CI shows"); design.md §7. The text summary is
// deterministic (no times: the same check prints the same bytes); JUnit has
// one testcase per property with a failure per NEW finding; SARIF one result
// per NEW finding at the kernel file and line of the violating event, its
// message naming property, signature and the replay command.
#pragma once

#include <ostream>

#include "harness/stop/check.h"

namespace sf {

void print_check_text(std::ostream& os, const CheckOptions& opt, const CheckResult& r);
void print_check_junit(std::ostream& os, const CheckOptions& opt, const CheckResult& r);
void print_check_sarif(std::ostream& os, const CheckOptions& opt, const CheckResult& r);

// The revision and mutation of a side, as the report names it ("final + nmi-first").
std::string side_name(const CheckSide& s);

}  // namespace sf
