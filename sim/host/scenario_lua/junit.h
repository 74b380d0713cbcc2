// JUnit XML as CI systems read it (the schema is scenarios/junit.xsd):
// one <testsuite> per scenario file, one <testcase name="seed N"> per run,
// <failure> for FAIL, <error> for ERROR, with the console tail and the
// reproduction command in the element text.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace sim::lua {

struct JunitCase {
  std::string suite;  // the scenario file
  std::string name;   // "seed N"
  double seconds = 0;
  enum Kind { Passed, Failure, Error } kind = Passed;
  std::string message;  // one line
  std::string detail;   // console tail, reproduction command
};

void write_junit(std::ostream& out, const std::vector<JunitCase>& cases);
bool write_junit_file(const std::string& path, const std::vector<JunitCase>& cases, std::string& error);

// Reads what write_junit wrote (and any JUnit file that keeps to the
// schema: testsuites/testsuite/testcase with failure, error or skipped).
bool read_junit_file(const std::string& path, std::vector<JunitCase>& out, std::string& error);

// `saltysim merge-junit OUT IN...`: every case once (a case in several
// inputs is kept from the first and counted), ordered by suite, then seed.
// Exit status 0 when merged (whatever the cases say), 2 on bad input.
int merge_junit(const std::string& out_path, const std::vector<std::string>& inputs, std::ostream& out,
                std::ostream& err);

}  // namespace sim::lua
