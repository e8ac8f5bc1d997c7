// `tools/lp bench` (tests/bench/readability.sh): the five hardest young person's English strings
// by Flesch-Kincaid grade, and how many are over their band's limit. Prints JSON on stdout.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <lp/kiosk/question_source.hpp>
#include <lp/kiosk/readability.hpp>
#include <lp/shared/question_set.hpp>
#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
    using namespace lp::kiosk;
    if (argc != 2) {
        std::fprintf(stderr, "usage: lp_readability_report ASSETS_DIR\n");
        return 2;
    }
    const std::string assets = argv[1];
    std::vector<ReadingCheck> all;
    for (const auto& id : available_question_sets(assets)) {
        auto set = lp::load_question_set(assets_set_path(assets, id));
        if (!set) {
            std::fprintf(stderr, "%s\n", set.error().message.c_str());
            return 1;
        }
        auto c = check_question_set(*set);
        all.insert(all.end(), c.begin(), c.end());
    }
    auto catalogues = Catalogues::load(assets);
    auto k = check_kiosk_strings(catalogues.get("en"));
    all.insert(all.end(), k.begin(), k.end());
    // Only texts long enough for the formula are ranked (short labels are checked word by word).
    std::vector<const ReadingCheck*> scored;
    int over = 0;
    for (const auto& c : all) {
        if (!c.problem.empty()) ++over;
        if (c.score.words >= reading_limit(c.band).min_scored_words) scored.push_back(&c);
    }
    std::sort(scored.begin(), scored.end(), [](auto* a, auto* b) {
        return a->score.grade - reading_limit(a->band).max_grade > b->score.grade - reading_limit(b->band).max_grade;
    });
    nlohmann::json worst = nlohmann::json::array();
    for (std::size_t i = 0; i < std::min<std::size_t>(5, scored.size()); ++i) {
        const auto& c = *scored[i];
        worst.push_back({{"where", c.where},
                         {"text", c.text},
                         {"band", c.band},
                         {"grade", std::round(c.score.grade * 10) / 10},
                         {"reading_age", std::round((c.score.grade + 5) * 10) / 10},
                         {"limit_grade", reading_limit(c.band).max_grade},
                         {"longest_sentence_words", c.score.longest_sentence_words}});
    }
    std::cout << nlohmann::json{{"strings", all.size()}, {"scored", scored.size()}, {"over_limit", over}, {"worst", worst}}
                     .dump(2)
              << "\n";
    return 0;
}
