#pragma once

namespace lp {
/// The product version, e.g. "0.1.0".
const char* version() noexcept;
}  // namespace lp
