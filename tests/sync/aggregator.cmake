# Tests of lp_aggregator: the store and services in-process, and the real lp-aggregator
# process over loopback TLS (labelled e2e). Helpers live in aggregator_test_support.cpp.
add_library(lp_aggregator_test_support STATIC ${CMAKE_CURRENT_LIST_DIR}/aggregator_test_support.cpp)
target_link_libraries(lp_aggregator_test_support
  PUBLIC lp::shared PkgConfig::CURL OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB)
target_compile_definitions(lp_aggregator_test_support PRIVATE LP_BINARY_DIR="${CMAKE_BINARY_DIR}")
lp_set_warnings(lp_aggregator_test_support)

# Which store the suite runs on (aggregator_test_store.hpp); lp_pg_test_support is defined in
# pg.cmake, included after this file.
add_library(lp_aggregator_test_store STATIC ${CMAKE_CURRENT_LIST_DIR}/aggregator_test_store.cpp)
target_link_libraries(lp_aggregator_test_store PUBLIC lp::aggregator lp_aggregator_test_support lp_pg_test_support)
lp_set_warnings(lp_aggregator_test_store)

lp_add_test(aggregator
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/aggregator_store_test.cpp ${CMAKE_CURRENT_LIST_DIR}/seal_opener_test.cpp
  LIBS lp::aggregator lp_aggregator_test_store PkgConfig::SODIUM)

lp_add_test(aggregator_e2e
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/aggregator_api_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/aggregator_crash_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/aggregator_hardening_test.cpp
  LIBS lp_aggregator_test_store
  LABELS e2e)
add_dependencies(lp_aggregator_e2e_tests lp-aggregator)

# The same two binaries again on PostgreSQL ("aggregator-pg: …", "aggregator_e2e-pg: …"): every
# aggregator or store a test makes gets a fresh database on a throwaway PostgreSQL that the
# test process starts itself (pg_test_support.hpp). Skipped, not failed, without PostgreSQL 15.
# One label only: doctest_discover_tests splits a list of labels into separate properties.
doctest_discover_tests(lp_aggregator_tests TEST_PREFIX "aggregator-pg: " EXTRA_ARGS --lp-store=postgresql
  PROPERTIES SKIP_REGULAR_EXPRESSION "SKIP: PostgreSQL" LABELS pg)
doctest_discover_tests(lp_aggregator_e2e_tests TEST_PREFIX "aggregator_e2e-pg: " EXTRA_ARGS --lp-store=postgresql
  PROPERTIES SKIP_REGULAR_EXPRESSION "SKIP: PostgreSQL" LABELS pg)

# Benchmark driver used by tests/bench/aggregator.sh (not registered as a test).
add_executable(lp_aggregator_bench ${CMAKE_CURRENT_LIST_DIR}/aggregator_bench.cpp)
target_link_libraries(lp_aggregator_bench PRIVATE lp::aggregator lp_aggregator_test_support PkgConfig::CURL)
set_target_properties(lp_aggregator_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
lp_set_warnings(lp_aggregator_bench)
