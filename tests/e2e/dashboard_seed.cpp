// lp_dashboard_seed: fills a running aggregator with responses through the real kiosk path —
// POST /api/v1/enrol with a code, then sealed batches to POST /api/v1/batches — for the
// dashboard's browser test. Comments include HTML, quotes, emoji and safeguarding words.
//   lp_dashboard_seed --url https://127.0.0.1:PORT --code CODE --count N [--seed S] [--name NAME]
#include <httplib.h>

#include <cstdio>
#include <iostream>
#include <lp/shared/cli.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/question_set.hpp>
#include <lp/shared/response_codec.hpp>
#include <lp/shared/time.hpp>
#include <lp/shared/wire.hpp>
#include <nlohmann/json.hpp>
#include <random>

namespace {

const char* const comments[] = {
    "my PA never rings back when I need help with money",
    "I don't know anything about my health history, nobody told me",
    "<script>alert('x')</script> my flat is cold and damp",
    "Staff \"listen\" but nothing changes 😕",
    "I love the drop-in, the youth workers are great 🎉",
    "my step dad hits me when he is drunk",
    "I feel safe where I live now",
    "want to go to college but need help with a bus pass",
    "someone older makes me carry stuff for them",
    "my social worker keeps changing, 4 this year",
    "nothing else to say, thanks",  // no theme: the matrix counts it under "No theme yet"
    "",
    "",
    "",
};

}  // namespace

int main(int argc, char** argv) {
    try {
        auto a = lp::cli::parse(argc, argv, 1, {"--url", "--code", "--count", "--seed", "--name"}, {"--help"});
        if (a.has("--help")) {
            std::cout << "usage: lp_dashboard_seed --url URL --code CODE --count N [--seed S] [--name NAME]\n";
            return 0;
        }
        const std::string url = a.require("--url");
        const long long count = a.get_int("--count", 100, 1, 100000);
        std::mt19937_64 rng(static_cast<std::uint64_t>(a.get_int("--seed", 1, 0, 1LL << 40)));
        httplib::Client client(url);
        client.enable_server_certificate_verification(false);  // loopback test server, self-signed
        client.set_connection_timeout(5, 0);
        client.set_read_timeout(20, 0);

        nlohmann::json enrol = {{"code", a.require("--code")}, {"name", a.get("--name").value_or("seed kiosk")}};
        auto res = client.Post("/api/v1/enrol", enrol.dump(), "application/json");
        if (!res || res->status != 200) {
            std::cerr << "lp_dashboard_seed: enrol failed: " << (res ? res->body : httplib::to_string(res.error()))
                      << "\n";
            return 1;
        }
        auto answer = nlohmann::json::parse(res->body);
        const std::string device = answer.at("device_id");
        const std::string token = answer.at("token");
        auto pk_bytes = lp::crypto::from_base64(answer.at("server_public_key").get<std::string>());
        auto set = lp::parse_question_set(answer.at("question_set").dump(), "enrol answer");
        if (!pk_bytes || pk_bytes->size() != lp::crypto::public_key_bytes || !set) {
            std::cerr << "lp_dashboard_seed: unusable enrol answer\n";
            return 1;
        }
        std::array<std::uint8_t, lp::crypto::public_key_bytes> pk{};
        std::copy(pk_bytes->begin(), pk_bytes->end(), pk.begin());

        const lp::AgeBand bands[] = {lp::AgeBand::age_8_12, lp::AgeBand::age_13_17, lp::AgeBand::care_leaver_16_25,
                                     lp::AgeBand::unsaid};
        const std::int64_t now = lp::now_unix();
        lp::wire::Batch batch{device, lp::crypto::uuid4(), {}};
        long long stored = 0;
        auto flush = [&]() -> bool {
            if (batch.items.empty()) return true;
            httplib::Headers h = {{"Authorization", "Bearer " + token}, {"Idempotency-Key", batch.batch_id}};
            auto r = client.Post("/api/v1/batches", h, lp::wire::encode_batch(batch), "application/json");
            if (!r || r->status != 200) {
                std::cerr << "lp_dashboard_seed: batch failed: " << (r ? r->body : httplib::to_string(r.error()))
                          << "\n";
                return false;
            }
            auto results = lp::wire::decode_results(r->body);
            if (results)
                for (const auto& x : *results) stored += x.status == lp::wire::ItemStatus::stored;
            batch = lp::wire::Batch{device, lp::crypto::uuid4(), {}};
            return true;
        };
        for (long long i = 0; i < count; ++i) {
            lp::Response r;
            r.id = lp::crypto::uuid4();
            r.seq = i + 1;
            r.question_set_id = set->id;
            r.question_set_version = set->version;
            // Spread over the last five months, newest last, so trends have several points.
            const std::int64_t age_s = static_cast<std::int64_t>((count - i) * (150LL * 86400) / count);
            r.created_hour = lp::hour_rounded_utc(now - age_s);
            r.age_band = bands[rng() % 4];
            const bool later = i > count / 2;
            for (const auto& q : set->questions) {
                if (rng() % 10 == 0) {
                    r.answers.push_back(lp::Answer::rather_not_say(q.id));
                    continue;
                }
                // Each question leans its own way (some get better over time) so statuses differ.
                const int lean = static_cast<int>(std::hash<std::string>{}(q.id) % 3);  // 0 low, 1 mid, 2 high
                const int noise = static_cast<int>(rng() % 3) - 1;
                switch (q.kind) {
                    case lp::QuestionKind::smiley5:
                        r.answers.push_back(
                            lp::Answer::of_scale(q.id, std::clamp(1 + lean * 2 + noise + (later ? 1 : 0), 1, 5)));
                        break;
                    case lp::QuestionKind::smiley3:
                        r.answers.push_back(lp::Answer::of_scale(q.id, std::clamp(1 + lean + noise, 1, 3)));
                        break;
                    case lp::QuestionKind::yes_no: {
                        const int v = std::clamp(lean + noise, 0, 2);
                        r.answers.push_back(lp::Answer::of_choice(q.id, v == 0 ? "no" : v == 1 ? "unsure" : "yes"));
                        break;
                    }
                    case lp::QuestionKind::chips:
                        if (!q.options.empty())
                            r.answers.push_back(lp::Answer::of_chips(q.id, {q.options[rng() % q.options.size()].id}));
                        break;
                    case lp::QuestionKind::comment:
                        break;
                }
            }
            r.comment = comments[i % (sizeof comments / sizeof comments[0])];
            r.needs_help = i % 37 == 5;
            auto sealed = lp::crypto::seal(lp::encode_response(r), pk);
            batch.items.push_back(lp::wire::make_item(r.id, r.seq, r.question_set_id, r.question_set_version,
                                                      r.created_hour, std::move(sealed)));
            if (batch.items.size() == 50 && !flush()) return 1;
        }
        if (!flush()) return 1;
        std::cout << "device " << device << " stored " << stored << "\n";
        return stored == count ? 0 : 1;
    } catch (...) {
        return lp::cli::exit_for_exception("lp_dashboard_seed");
    }
}
