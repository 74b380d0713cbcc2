// The rows of the shell table (sh_rows.cpp).
#pragma once

#include <vector>

namespace sh_table {

struct Row {
  const char* line;      // run as: sh -c LINE sh
  const char* out;       // expected stdout
  const char* err;       // expected stderr
  int status;            // expected exit status
  bool posix = true;     // also run through the host's dash (must agree)
  const char* input = "";  // stdin bytes
};

const std::vector<Row>& rows();

}  // namespace sh_table
