#include <doctest/doctest.h>
#include <sys/stat.h>

#include <lp/kiosk/kiosk_config.hpp>
#include <lp/shared/files.hpp>

#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;

TEST_CASE("first start writes every default commented, and they load as defaults") {
    test::TempDir dir;
    std::string data = dir.path() + "/kiosk";
    auto c = load_or_create_config(data);
    REQUIRE(c);
    CHECK(c->idle_reset_s == 60);
    CHECK(c->idle_warning_s == 10);
    CHECK(c->question_set == "care-leavers");
    CHECK_FALSE(c->question_set_explicit);
    auto text = read_file(config_path(data));
    REQUIRE(text);
    for (const char* key : {"# idle_reset_s = 60", "# idle_warning_s = 10", "# question_set = care-leavers",
                            "# sealing_public_key =", "# staff_pin_hash =", "# site_name ="})
        CHECK_MESSAGE(text->find(key) != std::string::npos, key);
    struct stat st {};
    REQUIRE(stat(config_path(data).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("set_config_value replaces the commented default and keeps the rest") {
    test::TempDir dir;
    REQUIRE(load_or_create_config(dir.path()));
    REQUIRE(set_config_value(config_path(dir.path()), "idle_reset_s", "90"));
    REQUIRE(set_config_value(config_path(dir.path()), "site_name", "Hub"));
    REQUIRE(set_config_value(config_path(dir.path()), "idle_reset_s", "120"));
    auto c = load_or_create_config(dir.path());
    REQUIRE(c);
    CHECK(c->idle_reset_s == 120);
    CHECK(c->site_name == "Hub");
    auto text = read_file(config_path(dir.path()));
    CHECK(text->find("# idle_warning_s = 10") != std::string::npos);
    CHECK(text->find("idle_reset_s = 90") == std::string::npos);
}

TEST_CASE("bad numbers in kiosk.conf are refused naming the key") {
    ConfigValues v{{"idle_reset_s", "soon"}};
    auto c = config_from_values(v);
    REQUIRE_FALSE(c);
    CHECK(c.error().message.find("idle_reset_s") != std::string::npos);
    auto d = config_from_values({{"idle_reset_s", "20"}, {"idle_warning_s", "30"}});
    REQUIRE_FALSE(d);
    CHECK(d.error().message.find("idle_warning_s") != std::string::npos);
}

TEST_CASE("the sealing key comes from device.json first, then the config, else nothing") {
    test::TempDir dir;
    auto a = crypto::generate_keypair();
    auto b = crypto::generate_keypair();
    KioskConfig config;
    CHECK_FALSE(resolve_sealing_key(std::nullopt, config));
    config.sealing_public_key = crypto::to_base64(a.public_key.data(), a.public_key.size());
    auto k = resolve_sealing_key(std::nullopt, config);
    REQUIRE(k);
    CHECK(*k == test::public_key_of(a));

    std::string device = R"({"device_id": "dev-7", "server_url": "https://x", "token": "t", "server_public_key": ")" +
                         crypto::to_base64(b.public_key.data(), b.public_key.size()) + R"("})";
    REQUIRE(write_file_atomic(device_path(dir.path()), device, 0600));
    auto info = load_device_info(dir.path());
    REQUIRE(info);
    REQUIRE(info->has_value());
    CHECK((*info)->device_id == "dev-7");
    k = resolve_sealing_key(*info, config);
    REQUIRE(k);
    CHECK(*k == test::public_key_of(b));
}

TEST_CASE("a short or malformed key means not set up") {
    CHECK_FALSE(decode_sealing_key("AAAA"));
    CHECK_FALSE(decode_sealing_key("not base64 !!"));
    CHECK_FALSE(decode_sealing_key(""));
}

TEST_CASE("a missing device.json is fine, a broken one is an error") {
    test::TempDir dir;
    auto none = load_device_info(dir.path());
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
    REQUIRE(write_file_atomic(device_path(dir.path()), "{nope", 0600));
    auto bad = load_device_info(dir.path());
    CHECK_FALSE(bad);
}
