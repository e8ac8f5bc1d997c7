# Tests of lp_dashboard: rules (suppression, status words, escaping, SVG), store + indexer +
# summary maintenance on real SQLite files, logins and sessions, and the routes over real TLS.
if(TARGET lp_dashboard)
  lp_add_test(dashboard
    SOURCES
      ${CMAKE_CURRENT_LIST_DIR}/dashboard_test_support.cpp
      ${CMAKE_CURRENT_LIST_DIR}/dashboard_rules_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/dashboard_store_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/dashboard_auth_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/dashboard_routes_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/dashboard_i18n_test.cpp
    LIBS lp::dashboard lp_aggregator_test_support)
endif()

# Benchmark driver used by tests/bench/dashboard.sh (not registered as a test).
if(TARGET lp_dashboard)
  add_executable(lp_dashboard_bench ${CMAKE_CURRENT_LIST_DIR}/dashboard_bench.cpp)
  target_link_libraries(lp_dashboard_bench PRIVATE lp::dashboard)
  target_compile_definitions(lp_dashboard_bench PRIVATE LP_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  set_target_properties(lp_dashboard_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  lp_set_warnings(lp_dashboard_bench)
endif()
