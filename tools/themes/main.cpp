// lp-themes: inspection material -> theme catalogue; comment linking; evaluation.
#include <exception>
#include <iostream>
#include <lp/themes/commands.hpp>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        return lp::themes::run(args, std::cin, std::cout, std::cerr);
    } catch (const std::exception& e) {
        std::cerr << "lp-themes: " << e.what() << "\n";
        return 1;
    }
}
