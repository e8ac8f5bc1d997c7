# lp_dashboard: the manager web pages served by lp-aggregator under "/" (issue 7), its SQLite
# tables, the incremental indexer and the import-report / relink subcommands.
# The dashboard's English words are compiled in (text.cpp), so every page has words even without
# the assets; a change to en.json re-runs CMake.
set(LP_DASHBOARD_EN_JSON_FILE ${CMAKE_SOURCE_DIR}/assets/i18n/dashboard/en.json)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${LP_DASHBOARD_EN_JSON_FILE})
file(READ ${LP_DASHBOARD_EN_JSON_FILE} LP_DASHBOARD_EN_JSON)
configure_file(${CMAKE_CURRENT_LIST_DIR}/src/dashboard/text_en.cpp.in ${CMAKE_CURRENT_BINARY_DIR}/dashboard_text_en.cpp @ONLY)
add_library(lp_dashboard STATIC
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/auth.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/catalogue_index.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/cli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/copy_set.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/dashboard.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/html.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/indexer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/pg_dashboard_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/pg_dashboard_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/privacy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/report_import.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/routes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/sqlite_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/sqlite_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/svg.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/text.cpp
  ${CMAKE_CURRENT_BINARY_DIR}/dashboard_text_en.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/views_common.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/views_manage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/views_review.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/dashboard/views_themes.cpp
)
add_library(lp::dashboard ALIAS lp_dashboard)
target_include_directories(lp_dashboard PUBLIC ${CMAKE_CURRENT_LIST_DIR}/include)
target_link_libraries(lp_dashboard PUBLIC lp::aggregator lp::shared PkgConfig::HTTPLIB Threads::Threads)
# import-report reads reports' text with the theme importer (tools/themes; depends only on lp::shared).
target_link_libraries(lp_dashboard PRIVATE lp_themes_core)
# The PostgreSQL dashboard store (pg_dashboard_store.cpp) sits on the aggregator's libpqxx.
if(NOT TARGET PkgConfig::PQXX)
  pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
endif()
target_link_libraries(lp_dashboard PRIVATE PkgConfig::PQXX nlohmann_json::nlohmann_json)
lp_set_warnings(lp_dashboard)

if(TARGET lp-aggregator)
  target_link_libraries(lp-aggregator PRIVATE lp::dashboard)
endif()
