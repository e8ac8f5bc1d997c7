#include <lp/shared/version.hpp>

namespace lp {
const char* version() noexcept { return LP_VERSION_STRING; }
}  // namespace lp
