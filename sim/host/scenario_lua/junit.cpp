#include "sim/host/scenario_lua/junit.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

namespace sim::lua {

namespace {

std::string escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      case '\n': o += "&#10;"; break;
      case '\t': o += "&#9;"; break;
      case '\r': o += "&#13;"; break;
      default:
        if (c < 0x20) o += '?';  // not allowed in XML 1.0
        else o += static_cast<char>(c);
    }
  }
  return o;
}

std::string unescape(const std::string& s) {
  std::string o;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      o += s[i];
      continue;
    }
    auto semi = s.find(';', i);
    if (semi == std::string::npos) {
      o += s[i];
      continue;
    }
    const std::string ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") o += '&';
    else if (ent == "lt") o += '<';
    else if (ent == "gt") o += '>';
    else if (ent == "quot") o += '"';
    else if (ent == "apos") o += '\'';
    else if (!ent.empty() && ent[0] == '#') {
      unsigned long v = ent.size() > 1 && ent[1] == 'x' ? std::stoul(ent.substr(2), nullptr, 16) : std::stoul(ent.substr(1));
      o += static_cast<char>(v < 0x80 ? v : '?');
    } else {
      o += s.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return o;
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", s);
  return buf;
}

// A minimal XML reader for the JUnit subset: elements, attributes, text;
// skips the declaration, comments and CDATA-free text.
struct Element {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::string text;
  std::vector<Element> children;
};

class Reader {
 public:
  explicit Reader(std::string s) : s_(std::move(s)) {}
  bool parse(Element& root, std::string& err) {
    skip_misc();
    if (!element(root, err)) return false;
    skip_misc();
    if (pos_ != s_.size()) return err = "content after the root element", false;
    return true;
  }

 private:
  void skip_ws() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  void skip_misc() {
    for (;;) {
      skip_ws();
      if (s_.compare(pos_, 2, "<?") == 0) pos_ = std::min(s_.size(), s_.find("?>", pos_) + 2);
      else if (s_.compare(pos_, 4, "<!--") == 0) pos_ = std::min(s_.size(), s_.find("-->", pos_) + 3);
      else return;
    }
  }
  std::string name() {
    std::size_t b = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_' ||
                                s_[pos_] == '-' || s_[pos_] == ':' || s_[pos_] == '.'))
      ++pos_;
    return s_.substr(b, pos_ - b);
  }
  bool element(Element& e, std::string& err) {
    if (pos_ >= s_.size() || s_[pos_] != '<') return err = "expected '<' at byte " + std::to_string(pos_), false;
    ++pos_;
    e.name = name();
    if (e.name.empty()) return err = "bad element name at byte " + std::to_string(pos_), false;
    for (;;) {
      skip_ws();
      if (s_.compare(pos_, 2, "/>") == 0) {
        pos_ += 2;
        return true;
      }
      if (pos_ < s_.size() && s_[pos_] == '>') {
        ++pos_;
        break;
      }
      std::string a = name();
      skip_ws();
      if (a.empty() || pos_ >= s_.size() || s_[pos_] != '=') return err = "bad attribute in <" + e.name + ">", false;
      ++pos_;
      skip_ws();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) return err = "unquoted attribute", false;
      const char q = s_[pos_++];
      auto end = s_.find(q, pos_);
      if (end == std::string::npos) return err = "unterminated attribute", false;
      e.attrs[a] = unescape(s_.substr(pos_, end - pos_));
      pos_ = end + 1;
    }
    for (;;) {
      auto lt = s_.find('<', pos_);
      if (lt == std::string::npos) return err = "unterminated <" + e.name + ">", false;
      e.text += unescape(s_.substr(pos_, lt - pos_));
      pos_ = lt;
      if (s_.compare(pos_, 4, "<!--") == 0) {
        pos_ = std::min(s_.size(), s_.find("-->", pos_) + 3);
        continue;
      }
      if (s_.compare(pos_, 2, "</") == 0) {
        pos_ += 2;
        if (name() != e.name) return err = "mismatched </...> for <" + e.name + ">", false;
        skip_ws();
        if (pos_ >= s_.size() || s_[pos_] != '>') return err = "bad end tag", false;
        ++pos_;
        return true;
      }
      e.children.emplace_back();
      if (!element(e.children.back(), err)) return false;
    }
  }
  std::string s_;
  std::size_t pos_ = 0;
};

// Seed number of a "seed N" case name, for ordering.
long long seed_of(const std::string& name) {
  long long v = -1;
  if (std::sscanf(name.c_str(), "seed %lld", &v) == 1) return v;
  return -1;
}

}  // namespace

void write_junit(std::ostream& out, const std::vector<JunitCase>& cases) {
  std::vector<std::string> suites;
  for (const auto& c : cases)
    if (std::find(suites.begin(), suites.end(), c.suite) == suites.end()) suites.push_back(c.suite);
  auto count = [&](const std::string* suite, JunitCase::Kind k) {
    return std::count_if(cases.begin(), cases.end(),
                         [&](const JunitCase& c) { return (!suite || c.suite == *suite) && c.kind == k; });
  };
  double total = 0;
  for (const auto& c : cases) total += c.seconds;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"saltysim\" tests=\"" << cases.size() << "\" failures=\""
      << count(nullptr, JunitCase::Failure) << "\" errors=\"" << count(nullptr, JunitCase::Error) << "\" time=\""
      << seconds(total) << "\">\n";
  for (const auto& s : suites) {
    double t = 0;
    std::size_t n = 0;
    for (const auto& c : cases)
      if (c.suite == s) t += c.seconds, ++n;
    out << "  <testsuite name=\"" << escape(s) << "\" tests=\"" << n << "\" failures=\""
        << count(&s, JunitCase::Failure) << "\" errors=\"" << count(&s, JunitCase::Error) << "\" skipped=\"0\" time=\""
        << seconds(t) << "\">\n";
    for (const auto& c : cases) {
      if (c.suite != s) continue;
      out << "    <testcase name=\"" << escape(c.name) << "\" classname=\"" << escape(c.suite) << "\" time=\""
          << seconds(c.seconds) << "\"";
      if (c.kind == JunitCase::Passed) {
        out << "/>\n";
        continue;
      }
      const char* tag = c.kind == JunitCase::Failure ? "failure" : "error";
      out << ">\n      <" << tag << " message=\"" << escape(c.message) << "\" type=\""
          << (c.kind == JunitCase::Failure ? "FAIL" : "ERROR") << "\">" << escape(c.detail) << "</" << tag
          << ">\n    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

bool write_junit_file(const std::string& path, const std::vector<JunitCase>& cases, std::string& error) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return error = "cannot write '" + path + "'", false;
  write_junit(f, cases);
  f.close();
  if (!f) return error = "writing '" + path + "' failed", false;
  return true;
}

bool read_junit_file(const std::string& path, std::vector<JunitCase>& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return error = path + ": cannot read", false;
  Reader r(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  Element root;
  if (!r.parse(root, error)) return error = path + ": " + error, false;
  std::vector<const Element*> suites;
  if (root.name == "testsuite") suites.push_back(&root);
  else if (root.name == "testsuites")
    for (const auto& c : root.children)
      if (c.name == "testsuite") suites.push_back(&c);
  if (root.name != "testsuite" && root.name != "testsuites")
    return error = path + ": the root element is <" + root.name + ">, not <testsuites>", false;
  for (const Element* s : suites) {
    for (const auto& tc : s->children) {
      if (tc.name != "testcase") continue;
      JunitCase c;
      c.suite = s->attrs.count("name") ? s->attrs.at("name") : "";
      c.name = tc.attrs.count("name") ? tc.attrs.at("name") : "";
      if (tc.attrs.count("time")) c.seconds = std::atof(tc.attrs.at("time").c_str());
      for (const auto& x : tc.children) {
        if (x.name != "failure" && x.name != "error") continue;
        c.kind = x.name == "failure" ? JunitCase::Failure : JunitCase::Error;
        c.message = x.attrs.count("message") ? x.attrs.at("message") : "";
        c.detail = x.text;
      }
      out.push_back(std::move(c));
    }
  }
  return true;
}

int merge_junit(const std::string& out_path, const std::vector<std::string>& inputs, std::ostream& out,
                std::ostream& err) {
  std::vector<JunitCase> all;
  std::set<std::pair<std::string, std::string>> seen;
  std::size_t duplicates = 0;
  for (const auto& in : inputs) {
    std::vector<JunitCase> cases;
    std::string e;
    if (!read_junit_file(in, cases, e)) {
      err << "saltysim merge-junit: " << e << "\n";
      return 2;
    }
    for (auto& c : cases) {
      if (!seen.insert({c.suite, c.name}).second) {
        ++duplicates;
        continue;
      }
      all.push_back(std::move(c));
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const JunitCase& a, const JunitCase& b) {
    if (a.suite != b.suite) return a.suite < b.suite;
    const auto sa = seed_of(a.name), sb = seed_of(b.name);
    if (sa != sb) return sa < sb;
    return a.name < b.name;
  });
  std::string e;
  if (!write_junit_file(out_path, all, e)) {
    err << "saltysim merge-junit: " << e << "\n";
    return 2;
  }
  std::size_t bad = 0;
  for (const auto& c : all) bad += c.kind != JunitCase::Passed;
  out << "saltysim merge-junit: " << all.size() << " cases from " << inputs.size() << " files into " << out_path
      << " (" << bad << " failed";
  if (duplicates) out << ", " << duplicates << " duplicates dropped";
  out << ")\n";
  return 0;
}

}  // namespace sim::lua
