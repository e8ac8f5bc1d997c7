// lp-aggregator: the central service. All behaviour lives in lp_aggregator (cli.hpp).
#include <lp/aggregator/cli.hpp>

int main(int argc, char** argv) { return lp::aggregator::run_cli(argc, argv); }
