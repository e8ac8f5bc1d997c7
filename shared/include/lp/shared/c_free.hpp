#pragma once
// The unique_ptr deleter for a C library's handle: std::unique_ptr<X509, lp::FreeWith<X509_free>>
// frees with X509_free, so no file writes its own deleter struct.

namespace lp {

template <auto Free>
struct FreeWith {
    template <class T>
    void operator()(T* handle) const noexcept {
        Free(handle);
    }
};

}  // namespace lp
