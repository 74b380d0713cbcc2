// Names of IPC labels and reply statuses for traces and statistics, from
// the uapi label tables (the X-macro lists generated from
// servers/uapi/proto/*.idl). A label number means something only on one
// server's endpoint, so a name is looked up in a protocol family, and the
// family is chosen by the name of the process that received the call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sim::inspect {

// The protocol family a server process speaks ("vfs", "procmgr", ...; the
// process name itself when it is none of the known servers). Faults have
// the family "fault".
std::string family_of_server(std::string_view process_name);
inline constexpr std::string_view kFaultFamily = "fault";

// "VFS_POSIX_OPEN", "PM_SPAWN", "FAULT_VM"; "<family>:<number>" when the
// family has no such label.
std::string label_name(std::string_view family, std::uint64_t label);

// "vfs#91" -> "vfs": a process is named after its first thread.
std::string process_name_of(const std::string& thread_name);

// "TRONA_OK", "TRONA_NOT_FOUND", ...; "" for a number with no name.
std::string_view status_name(std::uint64_t status);

}  // namespace sim::inspect
