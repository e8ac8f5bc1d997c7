#include <lp/kiosk/strings.hpp>

namespace lp::kiosk {

const Strings& strings_for(const char*) {
    static const Strings en;
    return en;
}

const char* age_band_label(const Strings& s, AgeBand band) {
    switch (band) {
        case AgeBand::age_8_12:
            return s.age_8_12;
        case AgeBand::age_13_17:
            return s.age_13_17;
        case AgeBand::care_leaver_16_25:
            return s.age_16_25;
        case AgeBand::unsaid:
            return s.age_unsaid;
    }
    return s.age_unsaid;
}

}  // namespace lp::kiosk
