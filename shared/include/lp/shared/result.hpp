#pragma once
// Errors as values at module boundaries (modelled on cpp-httplib's client Result).
#include <string>
#include <utility>
#include <variant>

namespace lp {

enum class Errc {
    invalid_input,   // caller gave something malformed
    not_found,
    io_error,        // file or database could not be read/written
    disk_full,
    crypto_error,    // seal could not be opened, key wrong
    unauthorized,
    conflict,
    network,         // could not reach the other side
    server_error,
    internal,
};

/// Short machine-readable name of an error code, e.g. "disk_full".
const char* to_string(Errc code) noexcept;

struct Error {
    Errc code = Errc::internal;
    std::string message;  // says what was wrong and what to do
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}
    static Result fail(Errc code, std::string message) { return Result(Error{code, std::move(message)}); }

    explicit operator bool() const noexcept { return v_.index() == 0; }
    bool ok() const noexcept { return v_.index() == 0; }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& operator*() & { return std::get<0>(v_); }
    const T& operator*() const& { return std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

/// Result for operations with no value.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Status(Ok{}); }

}  // namespace lp
