# Tests of the PostgreSQL store (scale-out): the Store contract against both stores, races
# between instances, migrations, restarts. Each test process starts its own throwaway
# PostgreSQL (tools/deploy/pg.sh) and gives every test case a fresh database.
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
add_library(lp_pg_test_support STATIC ${CMAKE_CURRENT_LIST_DIR}/pg_test_support.cpp)
target_link_libraries(lp_pg_test_support PUBLIC lp_aggregator_test_support PkgConfig::PQXX)
target_compile_definitions(lp_pg_test_support PRIVATE LP_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
lp_set_warnings(lp_pg_test_support)

lp_add_test(pg_store
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/pg_store_contract_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pg_store_test.cpp
  LIBS lp::aggregator lp_pg_test_support PkgConfig::PQXX
  LABELS pg)

lp_add_test(pg_e2e
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/pg_e2e_test.cpp
  LIBS lp_pg_test_support lp::aggregator
  LABELS e2e pg)
add_dependencies(lp_pg_e2e_tests lp-aggregator)
