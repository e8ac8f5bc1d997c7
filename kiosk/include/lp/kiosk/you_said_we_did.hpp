#pragma once
// "You said, we did": managers' replies per theme, delivered by sync into
// DIR/you-said-we-did.json and shown on the attract screen between young people.
#include <string>
#include <vector>

namespace lp::kiosk {

struct YouSaidWeDid {
    std::string you_said;  // the theme in young people's words ("Seeing your worker")
    std::string we_did;    // the manager's reply
};

std::string you_said_we_did_file(const std::string& data_dir);

/// The replies in DIR/you-said-we-did.json, newest first as the server sent them, at most
/// `limit`. A missing or broken file means none: the attract screen then shows only the welcome.
std::vector<YouSaidWeDid> load_you_said_we_did(const std::string& data_dir, std::size_t limit = 12);

}  // namespace lp::kiosk
