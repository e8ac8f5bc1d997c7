#pragma once
// Helpers for kiosk tests: temp dirs, a small question set with every kind, keys.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <lp/kiosk/outbox.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/model.hpp>
#include <string>

namespace lp::kiosk::test {

/// A fresh directory removed (with its contents) at scope exit.
class TempDir {
public:
    TempDir() {
        std::string base = std::filesystem::temp_directory_path().string() + "/lp-kiosk-test-XXXXXX";
        path_ = mkdtemp(base.data()) ? base : std::string();
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

inline Question make_question(const char* id, QuestionKind kind) {
    Question q;
    q.id = id;
    q.kind = kind;
    q.text_8_12 = std::string("young ") + id;
    q.text_13_17 = std::string("teen ") + id;
    q.text_16_25 = std::string("leaver ") + id;
    if (kind == QuestionKind::chips) q.options = {{"a", "Option A", {}}, {"b", "Option B", {}}, {"c", "Option C", {}}};
    return q;
}

/// One question of each kind: smiley5, yes_no, smiley3, chips, comment.
inline QuestionSet make_set() {
    QuestionSet s;
    s.id = "test-set";
    s.version = 3;
    s.title = "Test";
    s.languages = {"en"};
    s.questions = {make_question("s5", QuestionKind::smiley5), make_question("yn", QuestionKind::yes_no),
                   make_question("s3", QuestionKind::smiley3), make_question("ch", QuestionKind::chips),
                   make_question("comment", QuestionKind::comment)};
    return s;
}

inline SealingKey public_key_of(const crypto::KeyPair& kp) {
    SealingKey k{};
    std::copy(kp.public_key.begin(), kp.public_key.end(), k.begin());
    return k;
}

/// The one response waiting in an outbox, opened with keys: its JSON (REQUIREs exactly one).
inline std::string only_sealed_text(Outbox& outbox, const crypto::KeyPair& keys) {
    auto rows = outbox.pending(10);
    REQUIRE(rows);
    REQUIRE(rows->size() == 1);
    auto plain = crypto::open_sealed(rows->front().sealed, keys);
    REQUIRE(plain);
    return std::move(*plain);
}

}  // namespace lp::kiosk::test
