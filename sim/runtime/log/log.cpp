#include "sim/runtime/log/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "sim/runtime/fiber/fiber.h"
#include "sim/runtime/time/virtual_clock.h"

namespace sim::log {

namespace {

const VirtualClock* g_clock = nullptr;

class VTimeFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    std::string s = format_vtime(g_clock ? g_clock->now() : 0);
    dest.append(s.data(), s.data() + s.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<VTimeFlag>(); }
};

class ThreadFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    Fiber* f = Fiber::current();
    const char* n = (f == nullptr || f->is_host()) ? "-" : f->name();
    dest.append(n, n + std::char_traits<char>::length(n));
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<ThreadFlag>(); }
};

struct Registry {
  std::mutex mu;
  std::shared_ptr<spdlog::sinks::dist_sink_mt> sink = std::make_shared<spdlog::sinks::dist_sink_mt>();
  std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
  std::map<std::string, spdlog::level::level_enum, std::less<>> levels;
  spdlog::level::level_enum default_level = spdlog::level::info;

  Registry() { set_output(std::make_shared<spdlog::sinks::stderr_sink_mt>()); }

  // Every line: virtual time, level, component, simulated thread, text.
  void set_output(std::shared_ptr<spdlog::sinks::sink> out) {
    auto f = std::make_unique<spdlog::pattern_formatter>();
    f->add_flag<VTimeFlag>('*');
    f->add_flag<ThreadFlag>('&');
    f->set_pattern("[%*] %-5!l %n [%&] %v");
    out->set_formatter(std::move(f));
    sink->set_sinks({std::move(out)});
  }
  spdlog::level::level_enum level_for(std::string_view c) const {
    auto it = levels.find(c);
    return it == levels.end() ? default_level : it->second;
  }
};

Registry& reg() {
  static Registry r;
  return r;
}

spdlog::level::level_enum parse_level(std::string_view s) {
  static const std::pair<const char*, spdlog::level::level_enum> kNames[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug}, {"info", spdlog::level::info},
      {"warn", spdlog::level::warn},   {"warning", spdlog::level::warn}, {"error", spdlog::level::err},
      {"err", spdlog::level::err},     {"critical", spdlog::level::critical}, {"off", spdlog::level::off}};
  for (auto& [n, l] : kNames)
    if (s == n) return l;
  throw std::invalid_argument("unknown log level '" + std::string(s) +
                              "' (use trace, debug, info, warn, error, critical or off)");
}

}  // namespace

std::shared_ptr<spdlog::logger> get(const std::string& component) {
  Registry& r = reg();
  std::lock_guard lk(r.mu);
  auto it = r.loggers.find(component);
  if (it != r.loggers.end()) return it->second;
  auto l = std::make_shared<spdlog::logger>(component, r.sink);
  l->set_level(r.level_for(component));
  l->flush_on(spdlog::level::warn);
  r.loggers.emplace(component, l);
  return l;
}

void configure(std::string_view spec) {
  // Parse everything first so a bad spec changes nothing.
  std::map<std::string, spdlog::level::level_enum, std::less<>> parsed;
  std::optional<spdlog::level::level_enum> dflt;
  std::size_t pos = 0;
  while (pos <= spec.size()) {
    std::size_t comma = spec.find(',', pos);
    std::string_view item = spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    pos = comma == std::string_view::npos ? spec.size() + 1 : comma + 1;
    if (item.empty()) continue;
    std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      dflt = parse_level(item);
    } else {
      std::string_view name = item.substr(0, eq);
      if (name.empty()) throw std::invalid_argument("log spec item '" + std::string(item) + "' has no component name");
      parsed[std::string(name)] = parse_level(item.substr(eq + 1));
    }
  }
  Registry& r = reg();
  std::lock_guard lk(r.mu);
  if (dflt) r.default_level = *dflt;
  for (auto& [k, v] : parsed) r.levels[k] = v;
  for (auto& [name, l] : r.loggers) l->set_level(r.level_for(name));
}

void reset_levels() {
  Registry& r = reg();
  std::lock_guard lk(r.mu);
  r.levels.clear();
  r.default_level = spdlog::level::info;
  for (auto& [name, l] : r.loggers) l->set_level(r.default_level);
}

void set_output(std::ostream* os) { reg().set_output(std::make_shared<spdlog::sinks::ostream_sink_mt>(*os, true)); }

void set_output_stderr() { reg().set_output(std::make_shared<spdlog::sinks::stderr_sink_mt>()); }

void set_clock(const VirtualClock* clock) { g_clock = clock; }

void release_clock(const VirtualClock* clock) {
  if (g_clock == clock) g_clock = nullptr;
}

}  // namespace sim::log
