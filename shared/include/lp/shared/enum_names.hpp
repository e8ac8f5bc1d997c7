#pragma once
// An enum's names as one array in declaration order, so each to_string is a lookup rather
// than the same switch written out again for every enum.
#include <cstddef>

namespace lp {

/// names[value] for an enum numbered from 0 in declaration order; fallback when value lies
/// outside names.
template <typename E, std::size_t N>
constexpr const char* enum_name(E value, const char* const (&names)[N], const char* fallback) noexcept {
    const auto i = static_cast<std::size_t>(value);
    return i < N ? names[i] : fallback;
}

}  // namespace lp
