// tests/servers/tsv.h — reads the spec transcriptions in tests/servers/data.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace servers_test {

// Tab-separated rows of `path`, skipping '#' comments and blank lines.
inline std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

// "0x1A" or "26".
inline std::uint64_t parse_number(const std::string& text) { return std::strtoull(text.c_str(), nullptr, 0); }

}  // namespace servers_test
