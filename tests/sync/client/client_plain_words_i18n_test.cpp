// Sync writes what went wrong in plain English sentences (batch_outcome.cpp, enrol.cpp); the
// kiosk's staff screen swaps each known sentence for its catalogue words. Every sentence sync can
// give must be known, or staff would read English on a Polish or Romanian kiosk.
#include <doctest/doctest.h>

#include <lp/kiosk/strings.hpp>
#include <lp/client/batch_outcome.hpp>
#include <lp/client/http_client.hpp>
#include <string>
#include <vector>

using namespace lp;

TEST_CASE("every sentence sync shows staff is translated on the kiosk, details kept") {
    const auto catalogues = kiosk::Catalogues::load(std::string(LP_SOURCE_DIR) + "/assets");
    std::vector<sync::HttpReply> replies;
    for (auto t : {sync::Transport::connect, sync::Transport::timeout, sync::Transport::other, sync::Transport::tls,
                   sync::Transport::pin_mismatch, sync::Transport::refused_url}) {
        sync::HttpReply r;
        r.transport = t;
        replies.push_back(r);
    }
    for (long status : {401L, 408L, 429L, 500L, 503L, 413L, 400L, 404L, 299L}) {
        sync::HttpReply r;
        r.status = status;
        r.body = R"({"message": "batch 7 is odd"})";
        replies.push_back(r);
    }
    std::vector<std::string> sentences;
    for (const auto& r : replies) sentences.push_back(sync::plain_words_for(r));
    sentences.push_back("The kiosk cannot open its answers store: disk I/O error");  // kiosk/src/sync/sync_worker.cpp
    sentences.push_back(kiosk::strings_for().sync_enrol_missing);                    // kiosk/src/sync_status.cpp
    for (const auto& english : sentences)
        for (const char* lang : {"pl", "ro"}) {
            const std::string said = kiosk::translate_plain_words(catalogues.get(lang), english);
            CHECK_MESSAGE(said != english, lang, ": no words for '", english, "'");
            CHECK(kiosk::translate_plain_words(catalogues.get("en"), english) == english);
            const auto colon = english.find(": batch 7");
            if (colon != std::string::npos) CHECK(said.find("batch 7 is odd") != std::string::npos);
        }
    CHECK(kiosk::translate_plain_words(catalogues.get("pl"), "something new") == "something new");
}
