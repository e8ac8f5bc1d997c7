// The site's own help contact: read from the delivered question set, shown on the help sheet
// between "staff here" and Childline / 999, which always stay.
#include <doctest/doctest.h>

#include <lp/kiosk/site_contact.hpp>

using namespace lp::kiosk;

TEST_CASE("a delivered question set's site_contact is read, a set without one, or a bad one, has none") {
    auto c = site_contact_from_json(R"({"id":"x","site_contact":{"name":"Hub A duty team","phone":"01484 000000"}})");
    REQUIRE(c);
    CHECK(c->name == "Hub A duty team");
    CHECK(c->phone == "01484 000000");
    CHECK_FALSE(site_contact_from_json(R"({"id":"x"})"));
    CHECK_FALSE(site_contact_from_json(R"({"site_contact":{"name":3,"phone":"1"}})"));
    CHECK_FALSE(site_contact_from_json(R"({"site_contact":"01484"})"));
    CHECK_FALSE(site_contact_from_json("not json"));
    CHECK_FALSE(site_contact_from_file("/no/such/question-set.json"));
}

TEST_CASE("the help sheet shows the site's contact between staff and Childline, Childline and 999 stay") {
    const Strings& s = strings_for("en");
    auto without = help_lines(s, std::nullopt);
    REQUIRE(without.size() == 3);
    CHECK(without[0] == s.help_staff);
    CHECK(without[1] == s.help_childline);
    CHECK(without[2] == s.help_999);
    auto with = help_lines(s, KioskSiteContact{"Hub A duty team", "01484 000000"});
    REQUIRE(with.size() == 4);
    CHECK(with[0] == s.help_staff);
    CHECK(with[1] == "Hub A duty team: 01484 000000");
    CHECK(with[2] == s.help_childline);
    CHECK(with[3] == s.help_999);
    CHECK(help_lines(s, KioskSiteContact{"", "01484 000000"})[1] == "01484 000000");
}
