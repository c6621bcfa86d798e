// A directory a test fixture removes when it ends. Declared as a member before the parts
// that write into it (an export's worker), it is removed after they have stopped: members
// are destroyed in the reverse order of their declaration. Never throws.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

namespace cairn::testing_support {

struct RemovedAtEnd {
  std::string path;
  ~RemovedAtEnd() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace cairn::testing_support
