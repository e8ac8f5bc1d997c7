# lp_aggregator: the aggregator server library (all behaviour); lp-aggregator: thin executable.
add_library(lp_aggregator STATIC
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/api_routes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/app.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/cli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/data_dir.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/device_auth.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/enrol_service.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/http.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/ingest_service.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/question_sets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/rate_limiter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/request_guard.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/seal_opener.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/server.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/sqlite_schema.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/sqlite_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/tls.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/tokens.cpp
)
add_library(lp::aggregator ALIAS lp_aggregator)
target_include_directories(lp_aggregator PUBLIC ${CMAKE_CURRENT_LIST_DIR}/include)
target_link_libraries(lp_aggregator
  PUBLIC lp::shared PkgConfig::HTTPLIB OpenSSL::SSL OpenSSL::Crypto Threads::Threads
  PRIVATE ZLIB::ZLIB PkgConfig::SODIUM)
target_compile_definitions(lp_aggregator PRIVATE LP_ASSETS_DIR="${LP_ASSETS_DIR}")
lp_set_warnings(lp_aggregator)

add_executable(lp-aggregator ${CMAKE_CURRENT_LIST_DIR}/app/aggregator_main.cpp)
target_link_libraries(lp-aggregator PRIVATE lp::aggregator)
set_target_properties(lp-aggregator PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/sync)
lp_set_warnings(lp-aggregator)
# PostgreSQL store + store factory (scale-out): sync/pg.cmake.
include(${CMAKE_CURRENT_LIST_DIR}/pg.cmake)
# Operations: metrics, backup/restore, key rotation, reload (sync/ops.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/ops.cmake)
