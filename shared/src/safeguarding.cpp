#include <algorithm>
#include <lp/shared/safeguarding.hpp>
#include <lp/shared/text_normalise.hpp>
#include <map>
#include <utility>

#include "phrase_matcher.hpp"

namespace lp {
namespace {

// Phrases are stemmed like the text; "*" allows up to two words in between ("hit * me" matches
// "hit me", "hits my sister", "hit me and"). Recall first: a false alarm costs a staff member a
// minute, a missed disclosure can cost a child far more.
struct CategoryPhrases {
    const char* category;
    std::vector<const char*> phrases;
};

const std::vector<CategoryPhrases>& phrase_table() {
    static const std::vector<CategoryPhrases> table = {
        {"suicide",
         {"suicide",
          "suicidal",
          "kill myself",
          "kill my self",
          "killing myself",
          "kill",
          "end it",
          "end it all",
          "end my life",
          "end my own life",
          "want to die",
          "wish i * die",
          "going to die",
          "wish i was dead",
          "wish i were dead",
          "want to be dead",
          "better off dead",
          "better off without me",
          "not want to be here",
          "not want to be alive",
          "not want to live",
          "no point living",
          "no point in living",
          "no point in life",
          "point in living",
          "point of living",
          "point in life",
          "what is the point",
          "whats the point",
          "no reason to live",
          "not * go on",
          "overdose",
          "take * tablets",
          "took * tablets",
          "took * pills",
          "jump off",
          "hang myself",
          "unalive",
          "give up on life",
          "life is not worth",
          "not worth living"}},
        {"self-harm", {"self harm",   "harm myself",    "harming myself",   "hurt myself", "hurting myself",
                       "cut myself",  "cutting myself", "cut my",           "cuts on",     "cutting my",
                       "burn myself", "burning myself", "scratch myself",   "punch walls", "starve myself",
                       "stop eating", "not eating",     "make myself sick", "hate myself", "self injury"}},
        {"abuse",
         {"abuse",
          "abused",
          "abusing",
          "abusive",
          "hit",
          "hurt",
          "beat * me",
          "beat * up",
          "beat * us",
          "beats * me",
          "beaten",
          "punch",
          "punched",
          "kick * me",
          "kick * us",
          "kicks * me",
          "slap",
          "smack",
          "strangle",
          "choke",
          "grab * me",
          "grabbed me",
          "push * me",
          "pushed me",
          "throw * at",
          "threw * at",
          "touch * me",
          "touch my",
          "touching me",
          "touched me",
          "touched my",
          "touched by",
          "touch * private",
          "fight",
          "fighting",
          "fought",
          "rape",
          "raped",
          "sexual",
          "sex",
          "molest",
          "inappropriate",
          "bruise",
          "marks on",
          "violent",
          "violence",
          "attack",
          "attacked",
          "shout * at me",
          "scream * at me",
          "swear * at me",
          "call me names",
          "calls me names",
          "domestic",
          "belt",
          "hurts me",
          "hurt me",
          "harm",
          "harmed"}},
        {"unsafe",
         {"not safe",
          "not * safe",
          "unsafe",
          "never * safe",
          "no * safe",
          "scared",
          "scary",
          "scare",
          "afraid",
          "frightened",
          "frighten",
          "terrified",
          "fear",
          "danger",
          "dangerous",
          "threat",
          "threaten",
          "threatened",
          "bully",
          "bullied",
          "bullying",
          "picked on",
          "pick on me",
          "stalk",
          "followed me",
          "follow me",
          "kill you",
          "kill yourself",
          "need help",
          "please help",
          "help me please",
          "someone help",
          "get help",
          "need to talk",
          "talk to someone",
          "tell someone",
          "can not tell",
          "not allowed to tell",
          "keep * secret",
          "our secret",
          "a secret",
          "nobody knows",
          "worried about my safety",
          "trapped",
          "controlling",
          "control me",
          "if i tell",
          "if i told",
          "not * want to go back",
          "never going back",
          "not go back there"}},
        {"missing",
         {"run away",      "ran away",       "running away",     "runaway",       "run off",        "ran off",
          "go missing",    "went missing",   "gone missing",     "been missing",  "going missing",  "reported missing",
          "missing from",  "out all night",  "stay out",         "stayed out",    "sleep rough",    "sleeping rough",
          "on the street", "on the streets", "nowhere to sleep", "nowhere to go", "no where to go", "no where to sleep",
          "kicked out",    "kick me out",    "homeless",         "police"}},
        {"exploitation",
         {"groom",
          "groomed",
          "grooming",
          "older boy",
          "older boys",
          "older man",
          "older men",
          "older guy",
          "older guys",
          "older lad",
          "older lads",
          "older friend",
          "older friends",
          "older boyfriend",
          "older girlfriend",
          "made me do",
          "make me do",
          "makes me do",
          "making me do",
          "made me carry",
          "make me carry",
          "makes me carry",
          "carry stuff",
          "carry things",
          "carry drugs",
          "carry * for",
          "forced",
          "force me",
          "made to",
          "drugs",
          "drug",
          "weed",
          "cocaine",
          "coke",
          "ket",
          "spice",
          "dealer",
          "drug dealing",
          "sell drugs",
          "selling drugs",
          "county lines",
          "gang",
          "gangs",
          "knife",
          "blade",
          "owe",
          "owed",
          "debt",
          "pics",
          "nudes",
          "naked",
          "send * pictures",
          "send * photos",
          "send * pics",
          "pictures of me",
          "met * online",
          "someone online",
          "people online",
          "man online",
          "meet up with",
          "gave me money",
          "gives me money",
          "give me money",
          "gave me stuff",
          "gives me stuff",
          "buys me",
          "bought me",
          "gifts",
          "exploit",
          "exploited",
          "exploitation",
          "trafficked",
          "trafficking",
          "pimp"}},
        {"neglect",
         {"no food",
          "not * food",
          "never * food",
          "no * food",
          "hungry",
          "starving",
          "not fed",
          "nothing to eat",
          "locked * in",
          "locked * out",
          "left alone",
          "home alone",
          "on my own all",
          "dirty",
          "nobody looks after",
          "no one looks after",
          "not look after me",
          "no heating",
          "no electric",
          "no gas",
          "drunk",
          "drinking",
          "alcohol",
          "neglect",
          "neglected",
          "not * clean clothes"}},
    };
    return table;
}

// Short forms and misspellings seen in young people's writing that the general table lacks.
const text::SynonymMap& safeguarding_synonyms() {
    static const text::SynonymMap map = text::make_synonyms({
        {"kms", "kill myself"},
        {"kys", "kill yourself"},
        {"sh", "self harm"},
        {"selfharm", "self harm"},
        {"slefharm", "self harm"},
        {"selfharming", "self harming"},
        {"od", "overdose"},
        {"oding", "overdosing"},
        {"sucide", "suicide"},
        {"suicde", "suicide"},
        {"suiside", "suicide"},
        {"sucidal", "suicidal"},
        {"suacide", "suicide"},
        {"suicied", "suicide"},
        {"suicidle", "suicidal"},
        {"unalive", "unalive"},
        {"runaway", "run away"},
        {"ranaway", "ran away"},
        {"hurted", "hurt"},
        {"hitted", "hit"},
        {"hittin", "hitting"},
        {"beated", "beat"},
        {"abuesd", "abused"},
        {"abuzed", "abused"},
        {"scard", "scared"},
        {"skared", "scared"},
        {"scaird", "scared"},
        {"frightend", "frightened"},
        {"bullyed", "bullied"},
        {"bulied", "bullied"},
        {"saf", "safe"},
        {"unsafe", "unsafe"},
        {"missin", "missing"},
        {"nudez", "nudes"},
        {"drugz", "drugs"},
        {"weeds", "weed"},
        {"stepdad", "step dad"},
        {"stepmum", "step mum"},
        {"selfhate", "hate myself"},
    });
    return map;
}

// A few requests are about everyday help ("i need help with money"); the words right after the
// phrase say so. Only these narrow cases are let through: anything else still flags.
const std::map<std::string, std::vector<std::string>>& vetoes() {
    static const std::map<std::string, std::vector<std::string>> table = {
        {"need help", {"with", "finding", "learning", "to", "for", "getting", "sorting", "before"}},
        {"get help", {"with", "finding", "learning", "to", "for", "getting", "sorting", "before"}},
    };
    return table;
}

struct Scanner {
    text::detail::PhraseMatcher matcher{5};
    std::vector<std::string> categories;

    Scanner() {
        const auto& table = phrase_table();
        for (std::size_t c = 0; c < table.size(); ++c) {
            categories.emplace_back(table[c].category);
            for (const char* p : table[c].phrases) matcher.add(p, safeguarding_synonyms(), static_cast<int>(c), 1.0);
        }
    }
};

const Scanner& scanner() {
    static const Scanner s;  // built once; read-only afterwards, so scans are thread-safe
    return s;
}

}  // namespace

SafeguardingHit scan_safeguarding(std::string_view input) {
    const Scanner& s = scanner();
    SafeguardingHit hit;
    std::string folded = text::fold(input);
    auto tokens = text::tokenise(folded, safeguarding_synonyms());
    auto ids = s.matcher.encode(tokens);
    auto matches = s.matcher.find_all(ids);
    if (matches.empty()) return hit;
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::vector<bool> seen_category(s.categories.size(), false);
    std::vector<text::detail::Match> kept;
    for (const auto& m : matches) {
        const auto& pattern = s.matcher.patterns()[static_cast<std::size_t>(m.pattern)];
        auto veto = vetoes().find(pattern.text);
        if (veto != vetoes().end() && m.last + 1 < tokens.size()) {
            const std::string& next = tokens[m.last + 1].stem;
            bool benign = false;
            for (const auto& w : veto->second) benign = benign || text::stem(w) == next;
            if (benign) continue;
        }
        kept.push_back(m);
    }
    if (kept.empty()) return hit;
    hit.flagged = true;
    for (const auto& m : kept) {
        spans.emplace_back(tokens[m.first].surface_begin, tokens[m.last].surface_end);
        seen_category[static_cast<std::size_t>(s.matcher.patterns()[static_cast<std::size_t>(m.pattern)].owner)] = true;
    }
    // Report the widest phrase per start so "kill myself" is shown rather than "kill" too.
    std::sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    std::size_t covered_to = 0;
    for (const auto& [b, e] : spans) {
        if (b < covered_to && e <= covered_to) continue;
        std::string phrase = folded.substr(b, e - b);
        if (std::find(hit.matched.begin(), hit.matched.end(), phrase) == hit.matched.end())
            hit.matched.push_back(std::move(phrase));
        covered_to = std::max(covered_to, e);
    }
    for (std::size_t c = 0; c < s.categories.size(); ++c)
        if (seen_category[c]) hit.categories.push_back(s.categories[c]);
    return hit;
}

const std::vector<std::string>& safeguarding_categories() { return scanner().categories; }

}  // namespace lp
