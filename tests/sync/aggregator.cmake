# Tests of lp_aggregator: the store and services in-process, and the real lp-aggregator
# process over loopback TLS (labelled e2e). Helpers live in aggregator_test_support.cpp.
add_library(lp_aggregator_test_support STATIC ${CMAKE_CURRENT_LIST_DIR}/aggregator_test_support.cpp)
target_link_libraries(lp_aggregator_test_support
  PUBLIC lp::shared PkgConfig::CURL OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB)
target_compile_definitions(lp_aggregator_test_support PRIVATE LP_BINARY_DIR="${CMAKE_BINARY_DIR}")
lp_set_warnings(lp_aggregator_test_support)

lp_add_test(aggregator
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/aggregator_store_test.cpp ${CMAKE_CURRENT_LIST_DIR}/seal_opener_test.cpp
  LIBS lp::aggregator lp_aggregator_test_support PkgConfig::SODIUM)

lp_add_test(aggregator_e2e
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/aggregator_api_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/aggregator_crash_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/aggregator_hardening_test.cpp
  LIBS lp_aggregator_test_support
  LABELS e2e)
add_dependencies(lp_aggregator_e2e_tests lp-aggregator)

# Benchmark driver used by tests/bench/aggregator.sh (not registered as a test).
add_executable(lp_aggregator_bench ${CMAKE_CURRENT_LIST_DIR}/aggregator_bench.cpp)
target_link_libraries(lp_aggregator_bench PRIVATE lp::aggregator lp_aggregator_test_support PkgConfig::CURL)
set_target_properties(lp_aggregator_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
lp_set_warnings(lp_aggregator_bench)
