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
    LIBS lp::dashboard)
endif()
