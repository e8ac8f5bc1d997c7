# The dashboard on PostgreSQL: the store-level dashboard tests (store, indexer, sessions,
# lockout) compiled again with LP_DASH_PG so their fixture puts both stores on a throwaway
# PostgreSQL, plus concurrent indexing and a two-instance e2e (dashboard_pg_test.cpp).
if(TARGET lp_dashboard AND TARGET lp_pg_test_support)
  lp_add_test(dashboard_pg
    SOURCES
      ${CMAKE_CURRENT_LIST_DIR}/dashboard_test_support.cpp
      ${CMAKE_CURRENT_LIST_DIR}/dashboard_store_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/dashboard_auth_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/dashboard_pg_test.cpp
    LIBS lp::dashboard lp_pg_test_support lp_aggregator_test_support PkgConfig::PQXX
    LABELS pg)
  target_compile_definitions(lp_dashboard_pg_tests PRIVATE LP_DASH_PG=1)
  add_dependencies(lp_dashboard_pg_tests lp-aggregator)
endif()

# The dashboard benchmark driver measures on PostgreSQL too (--pg URL; tests/bench/dashboard.sh).
if(TARGET lp_dashboard_bench AND TARGET PkgConfig::PQXX)
  target_link_libraries(lp_dashboard_bench PRIVATE PkgConfig::PQXX)
endif()
