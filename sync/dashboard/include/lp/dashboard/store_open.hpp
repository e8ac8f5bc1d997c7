#pragma once
// How every dashboard store is made: its constructor opens and migrates, and what it throws
// becomes the Result error its back-end words (a file name for SQLite, the database for PostgreSQL).
#include <exception>
#include <lp/shared/result.hpp>
#include <memory>
#include <utility>

namespace lp::dashboard {

/// A new Impl behind its Interface, or on_error(e) for the exception its constructor threw.
template <class Interface, class Impl, class OnError, class... Args>
Result<std::unique_ptr<Interface>> construct_store(OnError on_error, Args&&... args) {
    try {
        return std::unique_ptr<Interface>(std::make_unique<Impl>(std::forward<Args>(args)...));
    } catch (const std::exception& e) {
        return on_error(e);
    }
}

}  // namespace lp::dashboard
